import type { Ticket } from '@shared/domain/index.ts';
import type { MutationName } from '@shared/sync/mutations.ts';
import { ownershipRefusal } from '@shared/ticket/ownership.ts';
import type { MutatorContext } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/** What the ownership rule and its refusal read of a ticket. */
type HeldTicket = Pick<Ticket, 'id' | 'assigneeId' | 'updatedAt'>;

/**
 * Refuses an owner-only mutation (shared OWNER_ONLY_MUTATIONS) on a ticket someone else holds, with
 * `not_assignee` and who holds it since when, so the agent can ask them or take the ticket over.
 * The same rule runs in the renderer; the server's answer is the one that counts.
 */
export async function requireOwnership(
  ctx: MutatorContext,
  name: MutationName,
  ticket: HeldTicket,
): Promise<void> {
  if (ownershipRefusal(name, ticket, ctx.agent.id) === null) return;
  throw new MutationRejected('not_assignee', await holderDetails(ctx, ticket));
}

/** Who holds the ticket and since when (AlreadyClaimedDetails), for already_claimed and not_assignee. */
export async function holderDetails(ctx: MutatorContext, ticket: HeldTicket) {
  const { rows } = await ctx.tx.query<{ display_name: string | null; assigned_at: number | null }>(
    `select a.display_name, t.assigned_at from tickets t left join agents a on a.id = t.assignee_id
     where t.id = $1`,
    [ticket.id],
  );
  const row = rows[0];
  return {
    agentId: ticket.assigneeId,
    ...(row?.display_name ? { displayName: row.display_name } : {}),
    // Tickets assigned before assigned_at existed (seeded, migrated) fall back to their last change.
    at: Number(row?.assigned_at ?? ticket.updatedAt),
  };
}
