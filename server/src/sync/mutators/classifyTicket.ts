import { appendAgentEvent } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { resolutionDueAt } from './ticketFields.ts';

/**
 * Sets (or corrects) category and root cause. The resolution deadline follows the category (a
 * complaint is due sooner), counted from the ticket's creation as intake counts it.
 */
export const classifyTicket: Mutator<'classifyTicket'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'classifyTicket', args.ticketId, args.eventId, () => ({
    kind: 'classification',
    category: args.category,
    rootCause: args.rootCause,
  }));
  if (!appended) return;
  const { ticket, version, now } = appended;
  await ctx.tx.query(
    `update tickets set category = $2, root_cause = $3, resolution_due_at = $4, updated_at = $5, version = $6
     where id = $1`,
    [ticket.id, args.category, args.rootCause, resolutionDueAt(ticket, args.category), now, version],
  );
};
