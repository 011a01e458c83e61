import { appendAgentEvent } from './appendAgentEvent.ts';
import { assign } from './claimTicket.ts';
import type { Mutator } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * Takes a ticket another agent holds, with a reason on the timeline (`take_over`): ownership moves
 * visibly, never silently. An unassigned ticket is claimed instead, and one's own needs nothing:
 * both are `nothing_to_take_over`.
 */
export const takeOverTicket: Mutator<'takeOverTicket'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'takeOverTicket', args.ticketId, args.eventId, (t) => {
    if (t.assigneeId === null || t.assigneeId === ctx.agent.id) {
      throw new MutationRejected('nothing_to_take_over');
    }
    return { kind: 'take_over', fromAgentId: t.assigneeId, reason: args.reason };
  });
  if (appended) await assign(ctx, appended.ticket.id, ctx.agent.id);
};
