import type { TicketEvent } from '@shared/domain/index.ts';
import { statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';
import { insertEventChangingTicket } from '../../tickets/insertEvent.ts';
import type { Mutator } from './context.ts';
import { loadTicketHeadForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';
import { requireOwnership } from './requireOwnership.ts';

/**
 * A public reply on the ticket's own channel. It starts the first-response clock's "met" time,
 * opens a new or reopened ticket (shared statusAfterAgentReply), and gives an unassigned ticket to
 * the agent who answered it — whoever replies first owns the case. A ticket someone else holds is
 * refused (not_assignee): take it over first.
 *
 * The same rules as appendAgentEvent (lock, skip a change that arrived before, closed is final,
 * ownership), in two statements instead of four: every agent's most frequent push takes this path.
 */
export const replyToTicket: Mutator<'replyToTicket'> = async (ctx, args) => {
  const { ticket, alreadyApplied } = await loadTicketHeadForChange(ctx, args.ticketId, args.eventId);
  if (alreadyApplied) return;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  await requireOwnership(ctx, 'replyToTicket', ticket);
  const { version, now } = ctx.stamp;
  const event: TicketEvent = {
    kind: 'message',
    direction: 'outbound',
    channel: ticket.channel,
    body: args.body,
    ...(args.attachments ? { attachments: args.attachments } : {}),
    id: args.eventId,
    ticketId: ticket.id,
    authorType: 'agent',
    authorId: ctx.agent.id,
    createdAt: now,
  };
  const inserted = await insertEventChangingTicket(
    ctx.tx,
    event,
    version,
    `status = $9, first_response_at = coalesce(first_response_at, $6),
     assignee_id = coalesce(assignee_id, $5::uuid),
     assigned_at = case when assignee_id is null then $6 else assigned_at end,
     updated_at = $6, version = $8`,
    [statusAfterAgentReply(ticket.status)],
  );
  // The id was checked free under the ticket lock; only a concurrent push of the same event id to
  // another ticket can take it, and that is refused the way appendAgentEvent refuses a taken key.
  if (!inserted) throw new MutationRejected('duplicate_rma');
};
