import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/** An internal note: visible to agents only, changes nothing else on the ticket; no ownership needed. */
export const addNote: Mutator<'addNote'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'addNote', args.ticketId, args.eventId, () => ({
    kind: 'note',
    body: args.body,
    ...(args.attachments ? { attachments: args.attachments } : {}),
  }));
  if (appended) await touchTicket(ctx, appended);
};
