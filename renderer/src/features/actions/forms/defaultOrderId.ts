import type { ActionFormProps } from './types.ts';

/** The order a money or goods form starts on: the ticket's own, else the customer's first. */
export function defaultOrderId({ data, extra }: Pick<ActionFormProps, 'data' | 'extra'>): string | undefined {
  return extra.orders.some((o) => o.id === data.ticket.orderId)
    ? (data.ticket.orderId ?? undefined)
    : extra.orders[0]?.id;
}
