import { canTransition } from '@shared/ticket/stateMachine.ts';
import { insertEvent } from '../../tickets/insertEvent.ts';
import type { Mutator } from './context.ts';
import { loadTicketForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';
import { requireOwnership } from './requireOwnership.ts';

/**
 * Moves a ticket along the shared state machine and records the move on the timeline.
 * resolvedAt is set on resolution and cleared when the case goes back to work (reopened, open…),
 * so the resolution clock runs again; closing keeps it. Only the assignee (or anyone, while the
 * ticket is unassigned) moves it.
 */
export const setStatus: Mutator<'setStatus'> = async (ctx, args) => {
  const { ticket, alreadyApplied } = await loadTicketForChange(ctx, args.ticketId, args.eventId);
  if (alreadyApplied) return;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  await requireOwnership(ctx, 'setStatus', ticket);
  if (!canTransition(ticket.status, args.to)) throw new MutationRejected('invalid_transition');
  const { version, now } = ctx.stamp;

  await insertEvent(
    ctx.tx,
    {
      id: args.eventId,
      ticketId: ticket.id,
      kind: 'status_change',
      from: ticket.status,
      to: args.to,
      reason: args.reason,
      authorType: 'agent',
      authorId: ctx.agent.id,
      createdAt: now,
    },
    version,
  );
  const resolvedAt = args.to === 'resolved' ? now : args.to === 'closed' ? ticket.resolvedAt : null;
  await ctx.tx.query(
    'update tickets set status = $2, resolved_at = $3, updated_at = $4, version = $5 where id = $1',
    [ticket.id, args.to, resolvedAt, now, version],
  );
};
