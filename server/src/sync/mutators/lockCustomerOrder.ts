import type { Ticket } from '@shared/domain/index.ts';
import type { MutatorContext } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * The order an after-sales action is about, locked for the rest of the transaction (after the
 * ticket: every mutator locks ticket before order, so two never wait on each other in a cycle). It
 * must be the ticket customer's; anything else is `order_not_found`, revealing nothing about it.
 */
export async function lockCustomerOrder(
  ctx: MutatorContext,
  ticket: Ticket,
  orderId: string,
): Promise<{ id: string; total: number }> {
  const { rows } = await ctx.tx.query<{ id: string; total: number }>(
    'select id, total from orders where id = $1 and customer_id = $2 for update',
    [orderId, ticket.customerId],
  );
  const order = rows[0];
  if (!order) throw new MutationRejected('order_not_found');
  return { id: order.id, total: Number(order.total) };
}
