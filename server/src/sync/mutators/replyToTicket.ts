import { statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';
import { appendAgentEvent } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/**
 * A public reply on the ticket's own channel. It starts the first-response clock's "met" time,
 * opens a new or reopened ticket (shared statusAfterAgentReply), and gives an unassigned ticket to
 * the agent who answered it — whoever replies first owns the case. A ticket someone else holds is
 * refused (not_assignee): take it over first.
 */
export const replyToTicket: Mutator<'replyToTicket'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'replyToTicket', args.ticketId, args.eventId, (t) => ({
    kind: 'message',
    direction: 'outbound',
    channel: t.channel,
    body: args.body,
    ...(args.attachments ? { attachments: args.attachments } : {}),
  }));
  if (!appended) return;
  const { ticket, version, now } = appended;
  await ctx.tx.query(
    `update tickets set status = $2, first_response_at = coalesce(first_response_at, $3),
       assignee_id = coalesce(assignee_id, $4),
       assigned_at = case when assignee_id is null then $3 else assigned_at end,
       updated_at = $3, version = $5
     where id = $1`,
    [ticket.id, statusAfterAgentReply(ticket.status), now, ctx.agent.id, version],
  );
};
