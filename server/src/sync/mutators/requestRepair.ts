import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { lockCustomerOrder } from './lockCustomerOrder.ts';

/** A repair of a product, optionally of one of the customer's orders (checked like a refund's). */
export const requestRepair: Mutator<'requestRepair'> = async (ctx, args) => {
  const appended = await appendAgentEvent(
    ctx,
    'requestRepair',
    args.ticketId,
    args.eventId,
    async (ticket) => {
      const orderId = args.orderId === null ? null : (await lockCustomerOrder(ctx, ticket, args.orderId)).id;
      return { kind: 'repair', orderId, sku: args.sku, description: args.description };
    },
  );
  if (appended) await touchTicket(ctx, appended);
};
