import { z } from 'zod';
import { EpochMs, Fen, Id, ProductLine } from './common.ts';

export const OrderStatus = z.enum(['paid', 'shipped', 'delivered', 'returned', 'refunded', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const OrderItem = z.object({
  sku: z.string().min(1).max(32),
  name: z.string().min(1).max(128),
  qty: z.number().int().positive(),
  unitPrice: Fen,
});
export type OrderItem = z.infer<typeof OrderItem>;

export const Order = z.object({
  id: Id,
  /** The number the customer quotes (shop order number), unique. */
  orderNo: z.string().min(1).max(32),
  customerId: Id,
  productLine: ProductLine,
  items: z.array(OrderItem).min(1).max(50),
  total: Fen,
  status: OrderStatus,
  placedAt: EpochMs,
  updatedAt: EpochMs,
});
export type Order = z.infer<typeof Order>;
