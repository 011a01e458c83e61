import type { Transaction } from 'dexie';
import type { CareDeskDb } from './CareDeskDb.ts';
import {
  groupChangeOf,
  mergeById,
  patchGroups,
  type CollectedGroupChange,
  type GroupChange,
} from './groupedRows.ts';
import type { CachedCustomerOrders, CachedOrder } from './types.ts';

/** Orders as a customer's row keeps them: placed time, then id. */
function placedOrder(a: CachedOrder, b: CachedOrder): number {
  return a.placedAt - b.placedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A customer's `orders` with `puts` merged in and `dels` taken out, oldest first. */
function mergeOrders(
  orders: readonly CachedOrder[],
  puts: readonly CachedOrder[],
  dels: ReadonlySet<string> = new Set(),
): CachedOrder[] {
  return mergeById(orders, puts, dels, placedOrder);
}

/** The row for a customer's `orders`, oldest first, or null when there are none (no row then). */
function customerOrdersRow(customerId: string, orders: CachedOrder[]): CachedCustomerOrders | null {
  return orders.length ? { customerId, orderIds: orders.map((o) => o.id), orders } : null;
}

/** A customer's cached orders, oldest first. */
export async function readCustomerOrders(db: CareDeskDb, customerId: string): Promise<CachedOrder[]> {
  return (await db.customerOrders.get(customerId))?.orders ?? [];
}

/** One cached order by its id, whoever's it is. */
export async function readOrder(db: CareDeskDb, orderId: string): Promise<CachedOrder | undefined> {
  const row = await db.customerOrders.where('orderIds').equals(orderId).first();
  return row?.orders.find((o) => o.id === orderId);
}

/**
 * A patch's orders as changes per customer. An order never changes customer (the server has no write
 * that moves one), so a put goes to its customer's row; a `del` names only the order, so its row is
 * found through the `orderIds` index. Call inside a transaction over `customerOrders`.
 */
export async function orderChanges(
  db: CareDeskDb,
  orders: ReadonlyMap<string, CachedOrder | null>,
): Promise<Map<string, CollectedGroupChange<CachedOrder>>> {
  const changes = new Map<string, CollectedGroupChange<CachedOrder>>();
  const changeOf = (customerId: string) => groupChangeOf(changes, customerId);
  const dels: string[] = [];
  for (const [id, order] of orders) {
    if (order) changeOf(order.customerId).puts.push(order);
    else dels.push(id);
  }
  if (dels.length === 0) return changes;
  const gone = new Set(dels);
  await db.customerOrders
    .where('orderIds')
    .anyOf(dels)
    .each((row) => {
      for (const id of row.orderIds) if (gone.has(id)) changeOf(row.customerId).dels.add(id);
    });
  return changes;
}

/** Writes order changes into their customers' rows. Call inside a transaction over `customerOrders`. */
export function patchCustomerOrders(
  db: CareDeskDb,
  changes: ReadonlyMap<string, GroupChange<CachedOrder>>,
): Promise<void> {
  return patchGroups(db.customerOrders, changes, (customerId, current, change) =>
    customerOrdersRow(customerId, mergeOrders(current?.orders ?? [], change.puts, change.dels)),
  );
}

/** Puts orders into their customers' rows (fixtures and benches: the sync applies patches). */
export async function putOrders(db: CareDeskDb, orders: readonly CachedOrder[]): Promise<void> {
  await patchCustomerOrders(db, await orderChanges(db, new Map(orders.map((o) => [o.id, o]))));
}

/** Orders read per step of the upgrade: bounds its memory however large the cache. */
const PACK_PAGE = 5_000;

/**
 * The v9 upgrade: moves the `orders` rows (one per order) into `customerOrders` rows (one per
 * customer), in place, so an upgrade installed while offline keeps every order. Walks the old
 * `customerId` index page by page; a page ends on a whole customer (its last, possibly cut customer is
 * read again with the next page).
 */
export async function packOrdersByCustomer(tx: Transaction, pageSize = PACK_PAGE): Promise<void> {
  const orders = tx.table<CachedOrder, string>('orders');
  const rows = tx.table<CachedCustomerOrders, string>('customerOrders');
  let from: string | null = null;
  for (;;) {
    const page: CachedOrder[] = await (
      from === null ? orders.orderBy('customerId') : orders.where('customerId').aboveOrEqual(from)
    )
      .limit(pageSize)
      .toArray();
    if (page.length === 0) return;
    const groups = new Map<string, CachedOrder[]>();
    for (const order of page) {
      const list = groups.get(order.customerId);
      if (list) list.push(order);
      else groups.set(order.customerId, [order]);
    }
    const last = page.at(-1)!.customerId;
    if (page.length === pageSize) {
      // One customer with a page's worth of orders or more: read it whole.
      if (groups.size === 1) groups.set(last, await orders.where('customerId').equals(last).toArray());
      else groups.delete(last);
    }
    await rows.bulkPut(
      [...groups].map(([customerId, list]) => customerOrdersRow(customerId, mergeOrders([], list))!),
    );
    if (page.length < pageSize) return;
    from = groups.has(last) ? `${last}\u0000` : last;
  }
}
