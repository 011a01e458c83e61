import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SealedPatchOp, SealedPullResponse } from '@shared/sync/protocol.ts';
import {
  agentAlice,
  makeCustomer,
  makeMessage,
  makeOrder,
  makeTicket,
  T0,
  uid,
} from '../../test/fixtures.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import { deriveTicket } from '../db/derive.ts';
import { activeTicketsStore, readActiveTickets } from '../features/queue/activeTickets.ts';
import { readCustomerOrders, readOrder } from '../db/customerOrders.ts';
import { readTimeline } from '../db/ticketTimeline.ts';
import type { CachedEvent, OutboxEntry } from '../db/types.ts';
import { applyPullResponse, rebaseLocal } from './rebase.ts';

let db: CareDeskDb;
beforeEach(async () => {
  db = new CareDeskDb(`rebase-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

let cookie = 0;
/** Applies `patch` as the next pull (cookies c-1, c-2, …). */
function pull(patch: SealedPatchOp[]): Promise<boolean> {
  const response: SealedPullResponse = { cookie: `c-${++cookie}`, lastMutationId: 0, patch, more: false };
  return applyPullResponse(db, response);
}

const putTicket = (t: ReturnType<typeof makeTicket>): SealedPatchOp => ({
  op: 'put',
  entity: 'ticket',
  value: t,
});
const putEvent = (e: CachedEvent): SealedPatchOp => ({ op: 'put', entity: 'event', value: e });
const del = (entity: 'ticket' | 'event', id: string): SealedPatchOp => ({ op: 'del', entity, id });

describe('applyPullResponse: customer orders', () => {
  it('keeps each customer’s orders in one row across pulls, and finds a deleted one by its id', async () => {
    const [alice, bob] = [makeCustomer(), makeCustomer()];
    const [a1, a2, b1] = [
      makeOrder(alice.id, { placedAt: T0 + 2 }),
      makeOrder(alice.id, { placedAt: T0 + 1 }),
      makeOrder(bob.id),
    ];
    const putOrder = (o: typeof a1): SealedPatchOp => ({ op: 'put', entity: 'order', value: o });
    await pull([putOrder(a1)]);
    await pull([putOrder(a2), putOrder(b1)]);
    expect(await readCustomerOrders(db, alice.id)).toEqual([a2, a1]);
    const paid = { ...a1, status: 'delivered' as const, updatedAt: T0 + 9 };
    await pull([putOrder(paid), { op: 'del', entity: 'order', id: b1.id }]);
    expect(await readCustomerOrders(db, alice.id)).toEqual([a2, paid]);
    expect(await readOrder(db, b1.id)).toBeUndefined();
    expect(await db.customerOrders.count()).toBe(1);
    // A clear empties them with the other server data.
    await pull([{ op: 'clear' }, putOrder(b1)]);
    expect(await db.customerOrders.toArray()).toEqual([
      { customerId: bob.id, orderIds: [b1.id], orders: [b1] },
    ]);
  });
});

describe('applyPullResponse: timelines', () => {
  it('merges a ticket’s events into its one timeline row, in server time order, across pulls', async () => {
    const ticket = makeTicket();
    const [a, b, c] = [T0 + 3, T0 + 1, T0 + 2].map((at) => makeMessage(ticket.id, { createdAt: at }));
    await pull([putTicket(ticket), putEvent(a!), putEvent(b!)]);
    // `a` again with the server's time (it was the client's): replaced in place, moved to its time.
    await pull([putEvent(c!), putEvent({ ...a!, createdAt: T0 })]);
    expect((await readTimeline(db, ticket.id)).map((e) => [e.id, e.createdAt])).toEqual([
      [a!.id, T0],
      [b!.id, T0 + 1],
      [c!.id, T0 + 2],
    ]);
    expect(await db.timelines.count()).toBe(1);
  });

  it('merges into the rows already there when a patch touches many tickets', async () => {
    const tickets = Array.from({ length: 150 }, () => makeTicket());
    const first = tickets.map((t) => makeMessage(t.id, { createdAt: T0 }));
    await pull([...tickets.map(putTicket), ...first.filter((_, i) => i % 3 === 0).map(putEvent)]);
    const second = tickets.map((t) => makeMessage(t.id, { createdAt: T0 + 1 }));
    await pull([...first.filter((_, i) => i % 3 !== 0), ...second].map(putEvent));
    for (const [i, t] of tickets.entries())
      expect(await readTimeline(db, t.id)).toEqual([first[i], second[i]]);
  });

  it('drops a deleted ticket’s timeline with it (privacy erasure deletes both)', async () => {
    const [gone, kept] = [makeTicket(), makeTicket()];
    const goneEvents = [makeMessage(gone.id), makeMessage(gone.id, { createdAt: T0 + 1 })];
    const keptEvent = makeMessage(kept.id);
    await pull([putTicket(gone), putTicket(kept), ...goneEvents.map(putEvent), putEvent(keptEvent)]);
    await pull([...goneEvents.map((e) => del('event', e.id)), del('ticket', gone.id)]);
    expect(await db.tickets.get(gone.id)).toBeUndefined();
    expect(await db.timelines.get(gone.id)).toBeUndefined();
    expect(await readTimeline(db, kept.id)).toEqual([keptEvent]);
    // Even with no event dels: a timeline without its ticket shows nowhere.
    await pull([del('ticket', kept.id)]);
    expect(await db.timelines.count()).toBe(0);
  });

  it('finds an event deleted on its own in whichever timeline holds it, and drops an emptied row', async () => {
    const [one, two] = [makeTicket(), makeTicket()];
    const [x, y] = [makeMessage(one.id), makeMessage(one.id, { createdAt: T0 + 1 })];
    const z = makeMessage(two.id);
    await pull([putTicket(one), putTicket(two), putEvent(x), putEvent(y), putEvent(z)]);
    await pull([del('event', x.id), del('event', z.id)]);
    expect(await readTimeline(db, one.id)).toEqual([y]);
    expect(await db.timelines.get(two.id)).toBeUndefined();
    expect(await db.tickets.count()).toBe(2);
  });

  it('keeps the last word on an event within one patch', async () => {
    const ticket = makeTicket();
    const e = makeMessage(ticket.id);
    await pull([putTicket(ticket), putEvent(e), del('event', e.id)]);
    expect(await db.timelines.get(ticket.id)).toBeUndefined();
    await pull([del('event', e.id), putEvent(e)]);
    expect(await readTimeline(db, ticket.id)).toEqual([e]);
  });

  it('a clear empties the timelines before the puts that follow it', async () => {
    const [old, fresh] = [makeTicket(), makeTicket()];
    await pull([putTicket(old), putEvent(makeMessage(old.id))]);
    const e = makeMessage(fresh.id);
    await pull([{ op: 'clear' }, putTicket(fresh), putEvent(e)]);
    expect(await db.timelines.toArray()).toEqual([{ ticketId: fresh.id, events: [e] }]);
  });
});

describe('applyPullResponse: the queue in memory', () => {
  it('follows every pull, also one that restores a shadow the patch does not carry', async () => {
    const store = activeTicketsStore(db);
    const stop = store.subscribe(() => undefined);
    try {
      const first = Array.from({ length: 80 }, () => makeTicket({ status: 'open' }));
      await pull(first.map(putTicket));
      await expect.poll(() => store.get()?.length).toBe(80);
      // A local change not yet confirmed: its shadow holds the server's row (here: resolved).
      const changed = first[0]!;
      await db.tickets.put(deriveTicket({ ...changed, subject: 'edited here' }));
      await db.shadows.put({
        key: `tickets:${changed.id}`,
        table: 'tickets',
        id: changed.id,
        value: deriveTicket({ ...changed, status: 'resolved' }),
      });
      const second = Array.from({ length: 80 }, () => makeTicket({ status: 'new' }));
      await pull(second.map(putTicket));
      await expect.poll(() => store.get(), { timeout: 5_000 }).toEqual(await readActiveTickets(db));
      expect(store.get()!.some((t) => t.id === changed.id)).toBe(false);
      expect(store.get()).toHaveLength(159);
    } finally {
      stop();
    }
  });
});

describe('applyPullResponse beside another transaction of this window', () => {
  // The queue's first read is in flight while each of these applies. It used to run in an explicit
  // transaction, which used up the echo budget Dexie shares between a window's transactions: the
  // apply resumed outside its own and ended in PrematureCommitError (in Chromium too).
  const besideQueueRead = async (apply: () => Promise<boolean>) => {
    const stop = activeTicketsStore(db).subscribe(() => undefined);
    try {
      return await apply();
    } finally {
      stop();
    }
  };

  it('applies tickets and events in its own transaction', async () => {
    const tickets = Array.from({ length: 80 }, () => makeTicket());
    const events = tickets.map((t) => makeMessage(t.id));
    expect(await besideQueueRead(() => pull([...tickets.map(putTicket), ...events.map(putEvent)]))).toBe(
      true,
    );
    expect(await db.tickets.count()).toBe(80);
    expect(await db.timelines.count()).toBe(80);
    expect(await db.getMeta('cookie')).toBe(`c-${cookie}`);
  });

  it('replays local work, some changing nothing in the cache (a reveal audit), then a note', async () => {
    const entries: OutboxEntry[] = [1, 2, 3, 4].map((id) =>
      id % 2
        ? {
            id,
            name: 'revealAudit',
            clientTime: T0,
            state: 'pending',
            args: {
              id: uid(),
              agentId: agentAlice.id,
              customerId: uid(),
              field: 'phone',
              reason: 'verify_identity',
              reasonText: null,
              at: T0,
            },
          }
        : { id, name: 'setAgentState', clientTime: T0, state: 'pending', args: { state: 'available' } },
    ) as OutboxEntry[];
    const ticket = makeTicket();
    const noteId = uid();
    entries.push({
      id: 5,
      name: 'addNote',
      clientTime: T0,
      state: 'pending',
      args: { ticketId: ticket.id, eventId: noteId, body: '已核实' },
    } as OutboxEntry);
    await db.outbox.bulkAdd(entries);
    expect(await besideQueueRead(() => pull([putTicket(ticket)]))).toBe(true);
    expect((await readTimeline(db, ticket.id)).map((e) => e.id)).toEqual([noteId]);
    // A rebase after a rejected push replays at once, while the read still runs.
    await besideQueueRead(async () => {
      await rebaseLocal(db);
      return true;
    });
    expect(await db.outbox.count()).toBe(5);
    expect((await readTimeline(db, ticket.id)).map((e) => e.id)).toEqual([noteId]);
  });
});
