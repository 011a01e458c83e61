import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { agentAlice, makeCustomer, makeMessage, makeOrder, makeTicket, T0 } from '../../test/fixtures.ts';
import type { TicketEvent } from '@shared/domain/index.ts';
import { CareDeskDb, SCHEMA_VERSIONS } from './CareDeskDb.ts';
import { packOrdersByCustomer, readCustomerOrders, readOrder } from './customerOrders.ts';
import { packEventsIntoTimelines } from './packTimelines.ts';
import { ACTIVE_QUEUE_RANGE, deriveTicket, INACTIVE_RANK_OFFSET, NO_DEADLINE } from './derive.ts';

let db: CareDeskDb;
/** Databases opened at an older schema version, deleted after each test. */
const older: Dexie[] = [];
afterEach(async () => {
  await db?.delete();
  await Promise.all(older.splice(0).map((d) => d.delete()));
});

/** The app database as it was at `version`: the schema versions up to it, with their upgrades. */
function openAt(name: string, version: number): Dexie {
  const d = new Dexie(name);
  for (const v of SCHEMA_VERSIONS.filter((x) => x.version <= version)) {
    const declared = d.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
  older.push(d);
  return d;
}

describe('CareDeskDb', () => {
  it('creates every table with the declared indexes', async () => {
    db = new CareDeskDb(`schema-${crypto.randomUUID()}`);
    await db.open();
    const latest = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!;
    expect(db.verno).toBe(latest.version);
    // Each version lists only the stores it changes; null would delete one.
    const stores = new Map<string, string | null>();
    for (const v of SCHEMA_VERSIONS)
      for (const [name, spec] of Object.entries(v.stores)) stores.set(name, spec);
    const live = [...stores].filter(([, spec]) => spec !== null).map(([name]) => name);
    expect(db.tables.map((t) => t.name).sort()).toEqual(live.sort());
    const tickets = db.table('tickets').schema;
    expect(tickets.primKey.name).toBe('id');
    expect(tickets.indexes.map((i) => i.name).sort()).toEqual(['[queueRank+dueAt]', 'customerId']);
    expect(db.timelines.schema.primKey.name).toBe('ticketId');
    expect(db.timelines.schema.indexes).toEqual([]);
    expect(db.table('rejected').schema.indexes.map((i) => i.name)).toEqual(['args.ticketId']);
    expect(db.table('customers').schema.indexes.map((i) => i.name)).toEqual(['phoneIndex']);
    expect(db.customerOrders.schema.primKey.name).toBe('customerId');
    expect(db.customerOrders.schema.indexes.map((i) => [i.name, i.multi])).toEqual([['orderIds', true]]);
  });

  it('upgrades v1 data to v2: everything kept, rejected rows get details and a per-ticket index', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_VERSIONS[0]!.stores);
    const ticket = deriveTicket(makeTicket());
    const reply = {
      id: 3,
      name: 'replyToTicket',
      args: { ticketId: ticket.id, eventId: crypto.randomUUID(), body: '您好' },
      clientTime: T0,
    };
    await v1.table('tickets').put(ticket);
    await v1.table('outbox').put({ ...reply, id: 4, state: 'pending' });
    await v1.table('rejected').put({ ...reply, reason: 'ticket_closed', rejectedAt: T0 });
    await v1.table('meta').bulkPut([
      { key: 'cookie', value: 'c-9' },
      { key: 'nextMutationId', value: 5 },
    ]);
    v1.close();

    const v2 = openAt(name, 2);
    await v2.open();
    expect(v2.verno).toBe(2);
    expect(await v2.table('tickets').get(ticket.id)).toEqual(ticket);
    expect(await v2.table('outbox').toArray()).toEqual([{ ...reply, id: 4, state: 'pending' }]);
    expect(await v2.table('rejected').where('args.ticketId').equals(ticket.id).toArray()).toEqual([
      { ...reply, reason: 'ticket_closed', details: null, rejectedAt: T0 },
    ]);
    expect(await v2.table('meta').get('cookie')).toEqual({ key: 'cookie', value: 'c-9' });
    expect(await v2.table('meta').get('nextMutationId')).toEqual({ key: 'nextMutationId', value: 5 });
  });

  it('upgrades v2 to v3: a phoneIndex index on customers and a full re-pull, keeping the outbox and rejections', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v2 = openAt(name, 2);
    const customer = makeCustomer(); // cached before the index existed: no phoneIndex
    const ticket = deriveTicket(makeTicket({ customerId: customer.id }));
    const order = makeOrder(customer.id);
    const note = {
      id: 7,
      name: 'addNote',
      args: { ticketId: ticket.id, eventId: crypto.randomUUID(), body: '已回电' },
      clientTime: T0,
    };
    const event = { id: note.args.eventId, ticketId: ticket.id, kind: 'note', body: '已回电', createdAt: T0 };
    await v2.table('customers').put(customer);
    await v2.table('tickets').put(ticket);
    await v2.table('orders').put(order);
    await v2.table('events').put(event);
    await v2.table('agents').put(agentAlice);
    await v2
      .table('shadows')
      .put({ key: `events:${event.id}`, table: 'events', id: event.id, value: undefined });
    await v2.table('outbox').put({ ...note, state: 'pending' });
    await v2
      .table('rejected')
      .put({ ...note, id: 6, reason: 'ticket_closed', details: null, rejectedAt: T0 });
    await v2.table('meta').bulkPut([
      { key: 'clientId', value: 'client-1' },
      { key: 'cookie', value: 'c-42' },
      { key: 'lastMutationId', value: 6 },
      { key: 'nextMutationId', value: 8 },
    ]);
    v2.close();

    db = new CareDeskDb(name);
    await db.open(); // v2 → v3 → latest
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(db.customers.schema.indexes.map((i) => i.name)).toEqual(['phoneIndex']);
    for (const table of db.dataTables) expect(await table.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
    // No cookie: the next pull starts from scratch and brings every customer with its phoneIndex.
    expect(await db.getMeta('cookie')).toBeUndefined();
    expect(await db.outbox.toArray()).toEqual([{ ...note, state: 'pending' }]);
    expect(await db.rejected.where('args.ticketId').equals(ticket.id).toArray()).toEqual([
      { ...note, id: 6, reason: 'ticket_closed', details: null, rejectedAt: T0 },
    ]);
    expect(await db.getMeta('clientId')).toBe('client-1');
    expect(await db.getMeta('lastMutationId')).toBe(6);
    expect(await db.getMeta('nextMutationId')).toBe(8);

    const indexed = makeCustomer({ phoneIndex: 'A'.repeat(43) });
    await db.customers.bulkPut([indexed, customer]);
    expect(await db.customers.where('phoneIndex').equals('A'.repeat(43)).primaryKeys()).toEqual([indexed.id]);
  });

  it('upgrades v3 to v4: drafts, and defaults for the new ticket and agent fields without a re-pull', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v3 = openAt(name, 3);
    const { nextCallback: _n, ...oldTicket } = deriveTicket(makeTicket());
    const { state: _s, stateSince: _ss, ...oldAgent } = agentAlice;
    await v3.table('tickets').put(oldTicket);
    await v3.table('agents').put(oldAgent);
    await v3.table('meta').put({ key: 'cookie', value: 'c-7' });
    v3.close();

    const v4 = openAt(name, 4);
    await v4.open();
    expect(v4.verno).toBe(4);
    expect((await v4.table('tickets').get(oldTicket.id))?.nextCallback).toBeNull();
    expect(await v4.table('agents').get(oldAgent.id)).toMatchObject({ state: 'available', stateSince: 0 });
    // Nothing was wrong with the cached rows: the cookie stays, no full re-pull.
    expect((await v4.table('meta').get('cookie'))?.value).toBe('c-7');
    await v4.table('drafts').put({
      ticketId: oldTicket.id,
      mode: 'note',
      body: '稍后回电',
      attachments: [],
      updatedAt: T0,
    });
    expect((await v4.table('drafts').get(oldTicket.id))?.body).toBe('稍后回电');
    v4.close();
    db = new CareDeskDb(`unused-${crypto.randomUUID()}`);
  });

  it('upgrades v4 to v5: plaintext events are dropped for a sealed re-pull; the agent’s own work stays for sealLegacyText', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v4 = openAt(name, 4);
    const ticket = deriveTicket(makeTicket());
    const event = makeMessage(ticket.id, { body: '请回电13812345678' });
    const reply = {
      id: 4,
      name: 'replyToTicket',
      args: { ticketId: ticket.id, eventId: crypto.randomUUID(), body: '已退到卡6222021234567890128' },
      clientTime: T0,
      state: 'pending',
    };
    await v4.table('tickets').put(ticket);
    await v4.table('events').put(event);
    await v4.table('shadows').put({ key: `events:${event.id}`, table: 'events', id: event.id, value: event });
    await v4.table('outbox').put(reply);
    await v4.table('drafts').put({
      ticketId: ticket.id,
      mode: 'reply',
      body: '邮箱li.na@163.com',
      attachments: [],
      updatedAt: T0,
    });
    await v4.table('meta').bulkPut([
      { key: 'cookie', value: 'c-9' },
      { key: 'clientId', value: 'client-1' },
    ]);
    v4.close();

    const v5 = openAt(name, 5);
    await v5.open();
    expect(v5.verno).toBe(5);
    for (const table of ['tickets', 'customers', 'orders', 'events', 'agents'])
      expect(await v5.table(table).count()).toBe(0);
    expect(await v5.table('shadows').count()).toBe(0);
    expect((await v5.table('meta').get('cookie'))?.value).toBeUndefined();
    expect((await v5.table('meta').get('clientId'))?.value).toBe('client-1');
    // Sealed on the engine's start (sealLegacyText.test.ts), not dropped: they are the agent's work.
    expect(await v5.table('outbox').count()).toBe(1);
    expect(await v5.table('drafts').count()).toBe(1);
    v5.close();
    db = new CareDeskDb(`unused-${crypto.randomUUID()}`);
  });

  it('upgrades v5 to the latest: each ticket’s events become one timeline row, in order, shadows too, nothing re-pulled', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v5 = openAt(name, 5);
    const [a, b, c, d] = [makeTicket(), makeTicket(), makeTicket(), makeTicket()].map(deriveTicket);
    const at = (ticketId: string, createdAt: number, id?: string) =>
      makeMessage(ticketId, { createdAt, ...(id ? { id } : {}) });
    // Two events of `a` at the same instant: the id breaks the tie, as the old index did.
    const aEvents = [
      at(a!.id, T0 + 5),
      at(a!.id, T0 + 1),
      at(a!.id, T0 + 3, 'ffffffff-0000-4000-8000-000000000000'),
      at(a!.id, T0 + 3, '00000000-0000-4000-8000-000000000000'),
    ];
    const bEvents = [at(b!.id, T0 + 2)];
    const changed = { ...aEvents[1]!, body: '本地改过' };
    const added = at(a!.id, T0 + 9);
    const onlyLocal = at(d!.id, T0 + 4);
    await v5.table('tickets').bulkPut([a, b, c, d]);
    await v5
      .table('events')
      .bulkPut([...aEvents.slice(0, 1), changed, ...aEvents.slice(2), added, ...bEvents, onlyLocal]);
    await v5.table('shadows').bulkPut([
      { key: `events:${changed.id}`, table: 'events', id: changed.id, value: aEvents[1] },
      { key: `events:${added.id}`, table: 'events', id: added.id, value: undefined },
      { key: `events:${onlyLocal.id}`, table: 'events', id: onlyLocal.id, value: undefined },
      { key: `tickets:${c!.id}`, table: 'tickets', id: c!.id, value: c },
    ]);
    await v5.table('meta').put({ key: 'cookie', value: 'c-5' });
    v5.close();

    db = new CareDeskDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSIONS.at(-1)!.version);
    expect(db.tables.map((t) => t.name)).not.toContain('events');
    const inOrder = (events: TicketEvent[]) =>
      [...events].sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1));
    expect(await db.timelines.get(a!.id)).toEqual({
      ticketId: a!.id,
      events: inOrder([aEvents[0]!, changed, aEvents[2]!, aEvents[3]!, added]),
    });
    expect((await db.timelines.get(a!.id))!.events.map((e) => e.createdAt)).toEqual([
      T0 + 1,
      T0 + 3,
      T0 + 3,
      T0 + 5,
      T0 + 9,
    ]);
    expect(await db.timelines.get(b!.id)).toEqual({ ticketId: b!.id, events: bEvents });
    expect(await db.timelines.get(c!.id)).toBeUndefined();
    expect(await db.timelines.get(d!.id)).toEqual({ ticketId: d!.id, events: [onlyLocal] });
    // The server's versions: `a` as the server had it (the change undone, the local event out), `d`
    // had no timeline at all; the ticket shadow is as it was.
    expect(await db.shadows.get(`timelines:${a!.id}`)).toEqual({
      key: `timelines:${a!.id}`,
      table: 'timelines',
      id: a!.id,
      value: { ticketId: a!.id, events: inOrder(aEvents) },
    });
    expect(await db.shadows.get(`timelines:${d!.id}`)).toEqual({
      key: `timelines:${d!.id}`,
      table: 'timelines',
      id: d!.id,
      value: undefined,
    });
    expect(await db.shadows.get(`tickets:${c!.id}`)).toMatchObject({ table: 'tickets', value: c });
    expect(await db.shadows.count()).toBe(3);
    expect(await db.getMeta('cookie')).toBe('c-5');
  });

  it('packs timelines page by page: tickets cut by a page and tickets longer than a page stay whole', async () => {
    const name = `pack-${crypto.randomUUID()}`;
    const v5 = openAt(name, 5);
    const tickets = Array.from({ length: 5 }, () => makeTicket());
    // 1, 7, 2, 3 and 4 events: with pages of 3, every kind of cut happens.
    const events = tickets.flatMap((t, i) =>
      Array.from({ length: [1, 7, 2, 3, 4][i]! }, (_, k) => makeMessage(t.id, { createdAt: T0 + k })),
    );
    await v5.table('events').bulkPut(events);
    v5.close();

    const packed = new Dexie(name);
    older.push(packed);
    for (const v of SCHEMA_VERSIONS.filter((x) => x.version <= 5)) packed.version(v.version).stores(v.stores);
    packed
      .version(6)
      .stores({ timelines: 'ticketId' })
      .upgrade((tx) => packEventsIntoTimelines(tx, 3));
    await packed.open();
    const rows = await packed.table('timelines').toArray();
    expect(rows).toHaveLength(5);
    for (const t of tickets)
      expect(rows.find((r) => r.ticketId === t.id)?.events).toEqual(
        events.filter((e) => e.ticketId === t.id),
      );
  });

  it('upgrades v8 to the latest: each customer’s orders become one row, oldest first, found by order id', async () => {
    const name = `upgrade-${crypto.randomUUID()}`;
    const v8 = openAt(name, 8);
    const [alice, bob, carol] = [makeCustomer(), makeCustomer(), makeCustomer()];
    const aliceOrders = [
      makeOrder(alice.id, { placedAt: T0 + 5 }),
      makeOrder(alice.id, { placedAt: T0 + 1 }),
      makeOrder(alice.id, { placedAt: T0 + 3 }),
    ];
    const bobOrder = makeOrder(bob.id);
    const ticket = deriveTicket(makeTicket({ customerId: carol.id, orderId: bobOrder.id }));
    await v8.table('customers').bulkPut([alice, bob, carol]);
    await v8.table('orders').bulkPut([...aliceOrders, bobOrder]);
    await v8.table('tickets').put(ticket);
    await v8.table('meta').put({ key: 'cookie', value: 'c-8' });
    v8.close();

    db = new CareDeskDb(name);
    await db.open();
    expect(db.tables.map((t) => t.name)).not.toContain('orders');
    expect(await readCustomerOrders(db, alice.id)).toEqual(
      [...aliceOrders].sort((x, y) => x.placedAt - y.placedAt),
    );
    expect(await readCustomerOrders(db, bob.id)).toEqual([bobOrder]);
    expect(await db.customerOrders.get(carol.id)).toBeUndefined();
    // Carol's ticket names Bob's order: found by its id.
    expect(await readOrder(db, bobOrder.id)).toEqual(bobOrder);
    expect(await db.customerOrders.orderBy('orderIds').count()).toBe(4);
    expect(await db.tickets.get(ticket.id)).toEqual(ticket);
    expect(await db.getMeta('cookie')).toBe('c-8');
  });

  it('packs orders page by page: customers cut by a page and customers longer than a page stay whole', async () => {
    const name = `pack-${crypto.randomUUID()}`;
    const v8 = openAt(name, 8);
    const customers = Array.from({ length: 5 }, () => makeCustomer());
    // 1, 7, 2, 3 and 4 orders: with pages of 3, every kind of cut happens.
    const orders = customers.flatMap((c, i) =>
      Array.from({ length: [1, 7, 2, 3, 4][i]! }, (_, k) => makeOrder(c.id, { placedAt: T0 + k })),
    );
    await v8.table('orders').bulkPut(orders);
    v8.close();

    const packed = new Dexie(name);
    older.push(packed);
    for (const v of SCHEMA_VERSIONS.filter((x) => x.version <= 8)) packed.version(v.version).stores(v.stores);
    packed
      .version(9)
      .stores({ customerOrders: 'customerId, *orderIds' })
      .upgrade((tx) => packOrdersByCustomer(tx, 3));
    await packed.open();
    const rows = await packed.table('customerOrders').toArray();
    expect(rows).toHaveLength(5);
    for (const c of customers) {
      const own = orders.filter((o) => o.customerId === c.id);
      expect(rows.find((r) => r.customerId === c.id)).toEqual({
        customerId: c.id,
        orderIds: own.map((o) => o.id),
        orders: own,
      });
    }
  });

  it('keeps meta as key/value', async () => {
    db = new CareDeskDb(`meta-${crypto.randomUUID()}`);
    await db.setMeta('cookie', 'c-1');
    expect(await db.getMeta('cookie')).toBe('c-1');
    expect(await db.getMeta('clientId')).toBeUndefined();
  });

  it('orders the active queue by priority then nearest deadline, inactive tickets last', async () => {
    db = new CareDeskDb(`queue-${crypto.randomUUID()}`);
    const normalLate = makeTicket({ priority: 'normal', firstResponseDueAt: T0 + 9_000 });
    const normalSoon = makeTicket({ priority: 'normal', firstResponseDueAt: T0 + 1_000 });
    const urgent = makeTicket({ priority: 'urgent', firstResponseDueAt: T0 + 50_000 });
    const closed = makeTicket({ priority: 'urgent', status: 'closed' });
    const answered = makeTicket({ priority: 'low', firstResponseAt: T0, resolutionDueAt: T0 + 5 });
    await db.tickets.bulkPut([normalLate, normalSoon, urgent, closed, answered].map(deriveTicket));
    const queue = await db.tickets
      .where('[queueRank+dueAt]')
      .between(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper, true, true)
      .toArray();
    expect(queue.map((t) => t.id)).toEqual([urgent.id, normalSoon.id, normalLate.id, answered.id]);
    expect(queue[3]?.dueAt).toBe(T0 + 5);
    const stored = await db.tickets.get(closed.id);
    expect(stored?.queueRank).toBe(INACTIVE_RANK_OFFSET);
  });

  it('gives tickets with no running clock the NO_DEADLINE sort value', () => {
    const t = deriveTicket(makeTicket({ firstResponseDueAt: null, resolutionDueAt: null }));
    expect(t.dueAt).toBe(NO_DEADLINE);
    expect(t.priorityRank).toBe(2);
  });
});
