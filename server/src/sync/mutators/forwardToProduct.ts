import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/** A product or quality problem forwarded to the product team, on the ticket's timeline. */
export const forwardToProduct: Mutator<'forwardToProduct'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'forwardToProduct', args.ticketId, args.eventId, () => ({
    kind: 'product_feedback',
    sku: args.sku,
    summary: args.summary,
    severity: args.severity,
  }));
  if (appended) await touchTicket(ctx, appended);
};
