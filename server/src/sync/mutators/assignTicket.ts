import type { Mutator } from './context.ts';
import { assign } from './claimTicket.ts';
import { loadTicket } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * A team lead (or an admin) gives the ticket to an agent of the ticket's team, or unassigns it. The
 * last assignment wins: a lead's decision overrides a claim, by design. Agents are refused with
 * `forbidden`; an assignee who does not exist or works in another team with `invalid_assignee`.
 */
export const assignTicket: Mutator<'assignTicket'> = async (ctx, args) => {
  if (ctx.agent.role !== 'lead' && ctx.agent.role !== 'admin') throw new MutationRejected('forbidden');
  const ticket = await loadTicket(ctx, args.ticketId);
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  if (ticket.assigneeId === args.assigneeId) return;
  if (args.assigneeId !== null) {
    const { rows } = await ctx.tx.query<{ team_id: string }>('select team_id from agents where id = $1', [
      args.assigneeId,
    ]);
    if (rows[0]?.team_id !== ticket.teamId) throw new MutationRejected('invalid_assignee');
  }
  await assign(ctx, ticket.id, args.assigneeId);
};
