import type { MutatorContext, Mutator } from './context.ts';
import { loadTicket } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';
import { holderDetails } from './requireOwnership.ts';

/**
 * The agent takes the ticket. The ticket row is locked (loadTicket), so of two agents claiming the
 * same ticket at once exactly one wins; the other is refused with `already_claimed` and who holds it
 * since when, and their optimistic claim rolls back on the client. Claiming one's own ticket again
 * changes nothing and succeeds (a retry after a lost answer must not fail).
 */
export const claimTicket: Mutator<'claimTicket'> = async (ctx, args) => {
  const ticket = await loadTicket(ctx, args.ticketId);
  if (ticket.assigneeId === ctx.agent.id) return;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  if (ticket.assigneeId !== null)
    throw new MutationRejected('already_claimed', await holderDetails(ctx, ticket));
  await assign(ctx, ticket.id, ctx.agent.id);
};

/** Sets the assignee and the time it got the ticket, as a versioned change of the ticket row. */
export async function assign(ctx: MutatorContext, ticketId: string, assigneeId: string | null) {
  const { version, now } = ctx.stamp;
  await ctx.tx.query(
    `update tickets set assignee_id = $2, assigned_at = case when $2::uuid is null then null else $3::bigint end,
       updated_at = $3, version = $4
     where id = $1`,
    [ticketId, assigneeId, now, version],
  );
}
