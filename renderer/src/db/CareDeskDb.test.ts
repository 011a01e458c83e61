import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { agentAlice, makeCustomer, makeMessage, makeOrder, makeTicket, T0 } from '../../test/fixtures.ts';
import { CareDeskDb, SCHEMA_VERSIONS } from './CareDeskDb.ts';
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
    expect(tickets.indexes.map((i) => i.name).sort()).toEqual([
      '[queueRank+dueAt]',
      'assigneeId',
      'customerId',
    ]);
    expect(db.table('events').schema.indexes.map((i) => i.name)).toEqual(['[ticketId+createdAt]']);
    expect(db.table('rejected').schema.indexes.map((i) => i.name)).toEqual(['args.ticketId']);
    expect(db.table('customers').schema.indexes.map((i) => i.name)).toEqual(['phoneIndex']);
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

    db = new CareDeskDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    for (const table of db.dataTables) expect(await table.count()).toBe(0);
    expect(await db.shadows.count()).toBe(0);
    expect(await db.getMeta('cookie')).toBeUndefined();
    expect(await db.getMeta('clientId')).toBe('client-1');
    // Sealed on the engine's start (sealLegacyText.test.ts), not dropped: they are the agent's work.
    expect(await db.outbox.count()).toBe(1);
    expect(await db.drafts.count()).toBe(1);
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
