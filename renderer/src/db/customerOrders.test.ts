import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCustomer, makeOrder, T0 } from '../../test/fixtures.ts';
import { CareDeskDb } from './CareDeskDb.ts';
import {
  orderChanges,
  patchCustomerOrders,
  putOrders,
  readCustomerOrders,
  readOrder,
} from './customerOrders.ts';
import type { CachedOrder } from './types.ts';

let db: CareDeskDb;
beforeEach(() => {
  db = new CareDeskDb(`orders-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** Applies a patch's orders as the pull does (puts by id, null = del), in one transaction. */
const apply = (orders: Array<[string, CachedOrder | null]>) =>
  db.transaction('rw', db.customerOrders, async () =>
    patchCustomerOrders(db, await orderChanges(db, new Map(orders))),
  );

describe('customer orders', () => {
  it('keeps each customer’s orders in one row, oldest first, ties by id', async () => {
    const alice = makeCustomer();
    const late = makeOrder(alice.id, { placedAt: T0 + 9 });
    const tieA = makeOrder(alice.id, { id: '00000000-0000-4000-8000-00000000000a', placedAt: T0 });
    const tieB = makeOrder(alice.id, { id: '00000000-0000-4000-8000-00000000000b', placedAt: T0 });
    await putOrders(db, [late, tieB, tieA]);
    expect(await readCustomerOrders(db, alice.id)).toEqual([tieA, tieB, late]);
    expect(await db.customerOrders.get(alice.id)).toMatchObject({ orderIds: [tieA.id, tieB.id, late.id] });
    expect(await db.customerOrders.count()).toBe(1);
  });

  it('replaces an order by id and adds to a row other chunks wrote', async () => {
    const alice = makeCustomer();
    const first = makeOrder(alice.id, { placedAt: T0 });
    await apply([[first.id, first]]);
    const shipped = { ...first, status: 'shipped' as const, updatedAt: T0 + 5 };
    const second = makeOrder(alice.id, { placedAt: T0 + 1 });
    await apply([
      [first.id, shipped],
      [second.id, second],
    ]);
    expect(await readCustomerOrders(db, alice.id)).toEqual([shipped, second]);
  });

  it('deletes an order named by id only, and the row with the customer’s last order', async () => {
    const [alice, bob] = [makeCustomer(), makeCustomer()];
    const [a1, a2, b1] = [makeOrder(alice.id), makeOrder(alice.id, { placedAt: T0 + 1 }), makeOrder(bob.id)];
    await putOrders(db, [a1, a2, b1]);
    await apply([
      [a1.id, null],
      [b1.id, null],
      [crypto.randomUUID(), null], // never cached: nothing to do
    ]);
    expect(await readCustomerOrders(db, alice.id)).toEqual([a2]);
    expect(await db.customerOrders.get(bob.id)).toBeUndefined();
    expect(await readOrder(db, b1.id)).toBeUndefined();
    expect(await readOrder(db, a2.id)).toEqual(a2);
  });

  it('merges a chunk of many customers with the one row a previous chunk left (a first sync’s cut)', async () => {
    // More customers than are read one by one: the key range is listed first.
    const customers = Array.from({ length: 100 }, () => makeCustomer()).sort((x, y) =>
      x.id < y.id ? -1 : 1,
    );
    const cut = customers[0]!;
    const before = makeOrder(cut.id, { placedAt: T0 });
    await putOrders(db, [before]);
    const chunk = customers.map((c) => makeOrder(c.id, { placedAt: T0 + 1 }));
    await apply(chunk.map((o) => [o.id, o]));
    expect(await readCustomerOrders(db, cut.id)).toEqual([before, chunk[0]]);
    expect(await db.customerOrders.count()).toBe(100);
    expect(await db.customerOrders.orderBy('orderIds').count()).toBe(101);
  });

  it('finds an order of another customer by its id', async () => {
    const [alice, bob] = [makeCustomer(), makeCustomer()];
    const bobs = makeOrder(bob.id);
    await putOrders(db, [makeOrder(alice.id), bobs]);
    expect(await readOrder(db, bobs.id)).toEqual(bobs);
    expect(await readOrder(db, crypto.randomUUID())).toBeUndefined();
  });
});
