import { insertEvent } from '../../tickets/insertEvent.ts';
import type { Mutator } from './context.ts';
import { loadTicketForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';

/** An internal note: visible to agents only, changes nothing else on the ticket. */
export const addNote: Mutator<'addNote'> = async (ctx, args) => {
  const { ticket, alreadyApplied } = await loadTicketForChange(ctx, args.ticketId, args.eventId);
  if (alreadyApplied) return;
  // Closed is final (shared/ticket/stateMachine): the record stays as it was closed.
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  const { version, now } = ctx.stamp;

  await insertEvent(
    ctx.tx,
    {
      id: args.eventId,
      ticketId: ticket.id,
      kind: 'note',
      body: args.body,
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
