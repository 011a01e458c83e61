import { insertEvent } from '../../tickets/insertEvent.ts';
import type { Mutator } from './context.ts';
import { loadTicketForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * A phone call logged on the ticket: a `call` event on the ticket's timeline (on any channel: agents
 * call back chat customers too). Like a note it changes nothing else; a closed ticket is final.
 */
export const logCall: Mutator<'logCall'> = async (ctx, args) => {
  const { ticket, alreadyApplied } = await loadTicketForChange(ctx, args.ticketId, args.eventId);
  if (alreadyApplied) return;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  const { version, now } = ctx.stamp;

  await insertEvent(
    ctx.tx,
    {
      id: args.eventId,
      ticketId: ticket.id,
      kind: 'call',
      direction: args.direction,
      durationSec: args.durationSec,
      wrapUpCode: args.wrapUpCode,
      summary: args.summary,
      authorType: 'agent',
      authorId: ctx.agent.id,
      createdAt: now,
    },
    version,
  );
  await ctx.tx.query('update tickets set updated_at = $2, version = $3 where id = $1', [
    ticket.id,
    now,
    version,
  ]);
};
