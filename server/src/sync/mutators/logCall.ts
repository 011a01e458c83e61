import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/**
 * A phone call logged on the ticket: a `call` event on the ticket's timeline (on any channel: agents
 * call back chat customers too). Like a note it changes nothing else; a closed ticket is final.
 */
export const logCall: Mutator<'logCall'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'logCall', args.ticketId, args.eventId, () => ({
    kind: 'call',
    direction: args.direction,
    durationSec: args.durationSec,
    wrapUpCode: args.wrapUpCode,
    summary: args.summary,
  }));
  if (appended) await touchTicket(ctx, appended);
};
