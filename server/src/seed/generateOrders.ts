import type { Order, OrderItem, ProductLine } from '@shared/domain/index.ts';
import { CATALOG } from './catalog.ts';
import type { SeedRandom } from './random.ts';

const DAY = 24 * 60 * 60 * 1000;

export interface OrderSeed {
  id: string;
  order_no: string;
  customer_id: string;
  product_line: Exclude<ProductLine, 'general'>;
  items: OrderItem[];
  total: number;
  status: Order['status'];
  placed_at: number;
  updated_at: number;
}

function pad(n: number, width: number) {
  return String(n).padStart(width, '0');
}

/** `index` makes the order number unique: the placing date, then a running number. */
export function generateOrder(r: SeedRandom, index: number, customerId: string, now: number): OrderSeed {
  const line = r.weighted({ feminine_care: 40, cosmetics: 35, apparel: 25 });
  const products = CATALOG[line];
  const count = r.int(1, Math.min(4, products.length));
  const start = r.int(0, products.length - 1);
  const items: OrderItem[] = [];
  for (let i = 0; i < count; i++) {
    const product = products[(start + i) % products.length]!;
    items.push({ ...product, qty: r.int(1, line === 'feminine_care' ? 6 : 2) });
  }
  const placedAt = now - r.int(1, 180) * DAY - r.int(0, DAY);
  const date = new Date(placedAt);
  const orderNo =
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}` +
    pad(index + 1, 8);
  return {
    id: r.uuid(),
    order_no: orderNo,
    customer_id: customerId,
    product_line: line,
    items,
    total: items.reduce((sum, item) => sum + item.unitPrice * item.qty, 0),
    status: r.weighted({ delivered: 55, shipped: 15, paid: 8, returned: 8, refunded: 10, cancelled: 4 }),
    placed_at: placedAt,
    updated_at: Math.min(now, placedAt + r.int(0, 10) * DAY),
  };
}
