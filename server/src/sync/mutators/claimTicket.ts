import type { Ticket } from '@shared/domain/index.ts';
import type { MutatorContext, Mutator } from './context.ts';
import { loadTicket } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';

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
  if (ticket.assigneeId !== null) throw await alreadyClaimed(ctx, ticket);
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

async function alreadyClaimed(ctx: MutatorContext, ticket: Ticket): Promise<MutationRejected> {
  const { rows } = await ctx.tx.query<{ display_name: string | null; assigned_at: number | null }>(
    `select a.display_name, t.assigned_at from tickets t left join agents a on a.id = t.assignee_id
     where t.id = $1`,
    [ticket.id],
  );
  const row = rows[0];
  return new MutationRejected('already_claimed', {
    agentId: ticket.assigneeId,
    ...(row?.display_name ? { displayName: row.display_name } : {}),
    // Tickets assigned before assigned_at existed (seeded, migrated) fall back to their last change.
    at: Number(row?.assigned_at ?? ticket.updatedAt),
  });
}
