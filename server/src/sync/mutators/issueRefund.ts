import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { lockCustomerOrder } from './lockCustomerOrder.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * Money back on one of the customer's orders. All refunds of the order, on any ticket, stay within
 * its total: the order row is locked before the sum is read, so two refunds racing on one order (from
 * two tickets, two agents) are decided one after the other and cannot both pass the cap.
 */
export const issueRefund: Mutator<'issueRefund'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'issueRefund', args.ticketId, args.eventId, async (ticket) => {
    const order = await lockCustomerOrder(ctx, ticket, args.orderId);
    const { rows } = await ctx.tx.query<{ refunded: number }>(
      `select coalesce(sum((payload->>'amount')::bigint), 0)::bigint as refunded from ticket_events
       where kind = 'refund' and payload->>'orderId' = $1`,
      [order.id],
    );
    const alreadyRefunded = Number(rows[0]?.refunded ?? 0);
    if (alreadyRefunded + args.amount > order.total) {
      throw new MutationRejected('refund_exceeds_total', { orderTotal: order.total, alreadyRefunded });
    }
    return { kind: 'refund', orderId: order.id, amount: args.amount, reason: args.reason };
  });
  if (appended) await touchTicket(ctx, appended);
};
