import { appendAgentEvent } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/** An internal note: visible to agents only, changes nothing else on the ticket. */
export const addNote: Mutator<'addNote'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, args.ticketId, args.eventId, () => ({
    kind: 'note',
    body: args.body,
  }));
  if (!appended) return;
  const { ticket, version, now } = appended;
  await ctx.tx.query('update tickets set updated_at = $2, version = $3 where id = $1', [
    ticket.id,
    now,
    version,
  ]);
};
