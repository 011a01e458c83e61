import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { lockCustomerOrder } from './lockCustomerOrder.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * Opens a return or exchange of one of the customer's orders under the client-minted RMA number.
 * The number is unique server-wide (ticket_events_rma_idx): a second return with it is refused
 * `duplicate_rma` (the client mints a new one), while the same event arriving twice is a no-op.
 */
export const createReturn: Mutator<'createReturn'> = async (ctx, args) => {
  const appended = await appendAgentEvent(
    ctx,
    'createReturn',
    args.ticketId,
    args.eventId,
    async (ticket) => {
      const order = await lockCustomerOrder(ctx, ticket, args.orderId);
      // The insert would skip a taken number too; asking first keeps the common case a plain refusal.
      const { rows } = await ctx.tx.query(
        `select 1 from ticket_events where kind = 'return_request' and payload->>'rmaNo' = $1`,
        [args.rmaNo],
      );
      if (rows.length) throw new MutationRejected('duplicate_rma');
      return {
        kind: 'return_request',
        rmaNo: args.rmaNo,
        returnKind: args.returnKind,
        orderId: order.id,
        reason: args.reason,
        carrier: args.carrier,
        trackingNo: args.trackingNo,
      };
    },
  );
  if (appended) await touchTicket(ctx, appended);
};
