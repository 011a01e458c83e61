/**
 * The page side of the workspace scenarios (queue-filter-sort-100k, case-open-200-events,
 * renderer-heap-100k, queue-scroll-100k), bundled by esbuild and evaluated in Chromium on the app's
 * origin: the renderer's own schema, queue read, queue model and case read, so what is timed is the
 * code the app runs. `fillWorkspace` grows a signed-in agent's synced cache to `tickets` rows.
 */
import { Dexie } from 'dexie';
import { CareDeskDb } from '../../renderer/src/db/CareDeskDb.ts';
import { putOrders } from '../../renderer/src/db/customerOrders.ts';
import { ACTIVE_QUEUE_RANGE, deriveTicket, INACTIVE_RANK_OFFSET } from '../../renderer/src/db/derive.ts';
import { patchTimelines, timelineOrder, timelineRow } from '../../renderer/src/db/ticketTimeline.ts';
import type {
  CachedCustomer,
  CachedEvent,
  CachedOrder,
  CachedTicket,
  CachedTimeline,
} from '../../renderer/src/db/types.ts';
import { readCase } from '../../renderer/src/features/case/readCase.ts';
import {
  summariseQueue,
  type QueueQuery,
  type QueueSort,
  type QueueViewId,
} from '../../renderer/src/features/queue/queueModel.ts';
import { activeTicketsStore, readActiveTickets } from '../../renderer/src/features/queue/activeTickets.ts';

const CHUNK = 2_000;

export interface FillOptions {
  /** Tickets in the cache afterwards (the synced ones included). */
  tickets: number;
  /** Tickets given `eventsPerHeavy` events each, at the top of the default queue order. */
  heavy: number;
  eventsPerHeavy: number;
  /** Clone each cloned ticket's timeline too (~3.6 events a ticket, as seeded): a cache of realistic size. */
  cloneEvents?: boolean;
}

export interface HeavyTicket {
  id: string;
  number: string;
  lastEventId: string;
}

export interface FillResult {
  ms: number;
  synced: { tickets: number; events: number; customers: number };
  tickets: number;
  customers: number;
  orders: number;
  active: number;
  /** Events inside the timeline rows. */
  events: number;
  /** Timeline rows: one per ticket with events. */
  timelines: number;
  heavy: HeavyTicket[];
  /** Event kinds of one heavy ticket's timeline, with counts. */
  heavyKinds: Record<string, number>;
}

/** The signed-in agent's cache (`caredesk-<agentId>`): the one database of that name prefix. */
export async function workspaceDbName(): Promise<string> {
  const names = (await indexedDB.databases()).map((d) => d.name ?? '');
  const name = names.find((n) => n.startsWith('caredesk-'));
  if (!name) throw new Error(`no caredesk-<agentId> database (have: ${names.join(', ')})`);
  return name;
}

/**
 * Clones the synced tickets (new ids and numbers, createdAt and dueAt jittered by up to a few minutes,
 * every other field, the customer and the order kept, so status, priority, channel, tags and active
 * share are the seeded data's) until the cache holds `tickets`, in pull-sized bulkPuts. `heavy` more
 * clones of active tickets become urgent with the earliest deadline (the top of the queue) and get
 * `eventsPerHeavy` events each, cloned from the synced events round-robin over their kinds. Events are
 * written as the app stores them: one timeline row per ticket (renderer/src/db/ticketTimeline.ts).
 */
export async function fillWorkspace(name: string, opts: FillOptions): Promise<FillResult> {
  const started = performance.now();
  const db = new CareDeskDb(name);
  await db.open();
  try {
    const source = await db.tickets.toArray();
    const syncedTimelines = await db.timelines.toArray();
    const pool = syncedTimelines.flatMap((t) => t.events);
    const customers = await db.customers.count();
    if (source.length === 0 || pool.length === 0) throw new Error('the synced cache is empty');
    const synced = { tickets: source.length, events: pool.length, customers };
    const active = source.filter((t) => t.queueRank < INACTIVE_RANK_OFFSET);
    // Each pass over the synced tickets clones their customers and orders too (new ids), so a customer
    // has as many tickets and orders as in the seeded data, not one more per pass.
    const customerById = new Map((await db.customers.toArray()).map((c) => [c.id, c]));
    const ordersByCustomer = new Map<string, CachedOrder[]>();
    for (const row of await db.customerOrders.toArray()) ordersByCustomer.set(row.customerId, row.orders);
    const eventsByTicket = new Map<string, CachedEvent[]>(
      opts.cloneEvents ? syncedTimelines.map((t) => [t.ticketId, t.events]) : [],
    );
    let pass = -1;
    let customerIds = new Map<string, string>();
    let orderIds = new Map<string, string>();
    const clones = Math.max(0, opts.tickets - source.length - opts.heavy);
    for (let at = 0; at < clones; at += CHUNK) {
      const rows: CachedTicket[] = [];
      const newCustomers: CachedCustomer[] = [];
      const newOrders: CachedOrder[] = [];
      const newTimelines: CachedTimeline[] = [];
      for (let i = at; i < Math.min(clones, at + CHUNK); i++) {
        if (Math.floor(i / source.length) !== pass) {
          pass = Math.floor(i / source.length);
          customerIds = new Map();
          orderIds = new Map();
        }
        const t = source[i % source.length]!;
        let customerId = customerIds.get(t.customerId);
        if (!customerId) {
          customerId = crypto.randomUUID();
          customerIds.set(t.customerId, customerId);
          const c = customerById.get(t.customerId);
          if (c) newCustomers.push({ ...c, id: customerId });
          for (const o of ordersByCustomer.get(t.customerId) ?? []) {
            const id = crypto.randomUUID();
            orderIds.set(o.id, id);
            newOrders.push({ ...o, id, customerId });
          }
        }
        const jitter = (i % 997) * 311;
        const id = crypto.randomUUID();
        // New event ids can reorder events of the same createdAt: sort as the app keeps a timeline.
        const timeline = timelineRow(
          id,
          (eventsByTicket.get(t.id) ?? [])
            .map((e) => ({ ...e, id: crypto.randomUUID(), ticketId: id, createdAt: e.createdAt - jitter }))
            .sort(timelineOrder),
        );
        if (timeline) newTimelines.push(timeline);
        rows.push({
          ...t,
          id,
          number: `CD-${String(200_000 + i).padStart(7, '0')}`,
          customerId,
          orderId: t.orderId ? (orderIds.get(t.orderId) ?? t.orderId) : null,
          createdAt: t.createdAt - jitter,
          updatedAt: t.updatedAt - jitter,
          dueAt: t.dueAt + (t.dueAt < 8e15 ? jitter : 0),
        });
      }
      await db.tickets.bulkPut(rows);
      await db.customers.bulkPut(newCustomers);
      await putOrders(db, newOrders);
      if (newTimelines.length) await db.timelines.bulkPut(newTimelines);
    }

    // Events by kind, so each heavy timeline mixes messages, notes, calls, status and after-sales entries.
    const byKind = new Map<string, CachedEvent[]>();
    for (const e of pool) {
      const list = byKind.get(e.kind);
      if (list) list.push(e);
      else byKind.set(e.kind, [e]);
    }
    // The seed writes messages and after-sales entries only: add notes, calls and status changes
    // shaped as the app writes them, by the agents who wrote the synced replies.
    const replies = pool.filter((e) => e.kind === 'message' && e.authorType === 'agent');
    const synthetic = (kind: 'note' | 'call' | 'status_change'): CachedEvent[] =>
      replies.slice(0, 200).map((m, i) => {
        const base = { id: m.id, ticketId: m.ticketId, authorType: 'agent' as const, authorId: m.authorId };
        const body = m.kind === 'message' ? m.body : '';
        if (kind === 'note') return { ...base, createdAt: m.createdAt, kind, body: `内部备注：${body}` };
        if (kind === 'call')
          return {
            ...base,
            createdAt: m.createdAt,
            kind,
            direction: i % 2 ? 'outbound' : 'inbound',
            durationSec: 60 + ((i * 37) % 600),
            wrapUpCode: i % 3 ? 'resolved' : null,
            summary: `通话摘要：${body}`,
          };
        return {
          ...base,
          createdAt: m.createdAt,
          kind,
          from: i % 2 ? 'open' : 'pending_customer',
          to: i % 2 ? 'pending_customer' : 'open',
          reason: i % 3 ? null : '等待客户提供照片',
        };
      });
    for (const kind of ['note', 'call', 'status_change'] as const)
      if (!byKind.has(kind) && replies.length) byKind.set(kind, synthetic(kind));
    const kinds = [...byKind.keys()];
    const minDue = Math.min(...active.map((t) => t.dueAt));
    const heavy: HeavyTicket[] = [];
    const heavyKinds: Record<string, number> = {};
    for (let k = 0; k < opts.heavy; k++) {
      const t = active[(k * 37) % active.length]!;
      const id = crypto.randomUUID();
      const events: CachedEvent[] = [];
      const base = t.createdAt;
      for (let j = 0; j < opts.eventsPerHeavy; j++) {
        const list = byKind.get(kinds[(j + k) % kinds.length]!)!;
        const e = list[(j * 7 + k) % list.length]!;
        events.push({ ...e, id: crypto.randomUUID(), ticketId: id, createdAt: base + j * 60_000 });
        if (k === 0) heavyKinds[e.kind] = (heavyKinds[e.kind] ?? 0) + 1;
      }
      await db.transaction('rw', db.tickets, db.timelines, async () => {
        await db.tickets.put({
          ...t,
          id,
          number: `CD-H${String(k).padStart(5, '0')}`,
          priority: 'urgent',
          priorityRank: 0,
          queueRank: 0,
          dueAt: minDue - (opts.heavy - k) * 1_000,
        });
        await patchTimelines(db, new Map([[id, { puts: events }]]));
      });
      heavy.push({ id, number: `CD-H${String(k).padStart(5, '0')}`, lastEventId: events.at(-1)!.id });
    }
    let eventCount = 0;
    const [tickets, customerCount, orderCount, activeCount, timelineCount] = await Promise.all([
      db.tickets.count(),
      db.customers.count(),
      db.customerOrders.orderBy('orderIds').count(),
      db.tickets
        .where('[queueRank+dueAt]')
        .between(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper, true, true)
        .count(),
      db.timelines.count(),
      // A cursor, not toArray: at 100k tickets every event at once would weigh on the page's heap.
      db.timelines.each((t) => {
        eventCount += t.events.length;
      }),
    ]);
    return {
      ms: performance.now() - started,
      synced,
      tickets,
      customers: customerCount,
      orders: orderCount,
      active: activeCount,
      events: eventCount,
      timelines: timelineCount,
      heavy,
      heavyKinds,
    };
  } finally {
    db.close();
  }
}

/** Empties the data tables and keeps meta (the cookie): the same signed-in workspace, no tickets. */
export async function emptyWorkspace(name: string): Promise<void> {
  const db = new CareDeskDb(name);
  await db.open();
  try {
    await db.transaction('rw', db.dataTables, () => Promise.all(db.dataTables.map((t) => t.clear())));
  } finally {
    db.close();
  }
}

export interface QueueTimes {
  /** A one-ticket write → the in-memory queue patched (activeTickets store) → summariseQueue. */
  afterWrite: number[];
  /** The same write → the store's new array (its share of afterWrite). */
  patch: number[];
  /** readActiveTickets whole (the store's first read, one readonly transaction) + summariseQueue. */
  total: number[];
  read: number[];
  summarise: number[];
  /** Baselines: the raw Dexie compound-index page (limit 100) and a raw IDB getAll of the active range. */
  rawLimit: number[];
  rawFull: number[];
  rows: number[];
  combos: string[];
  activeCount: number;
}

const VIEWS: QueueViewId[] = ['all', 'mine', 'team', 'unassigned', 'due_soon', 'breached', 'complaints'];
const SORTS: QueueSort[] = ['sla_due', 'newest', 'oldest'];
const FILTERS: Array<QueueQuery['filters']> = [
  { channel: 'phone' },
  { channel: 'chat' },
  { priority: 'high' },
  { status: 'open' },
  { category: 'complaint' },
  { productLine: 'cosmetics' },
  {},
];

/** The k-th combination of a view, a filter and a non-default sort. */
const queryFor = (k: number): QueueQuery => ({
  view: VIEWS[k % VIEWS.length]!,
  filters: FILTERS[(k * 3) % FILTERS.length]!,
  sort: SORTS[k % SORTS.length]!,
  search: '',
});

/** `runs` queue queries (views × filters × non-default sorts), each timed on the product path and both baselines. */
export async function timeQueueQueries(name: string, runs: number): Promise<QueueTimes> {
  const db = new CareDeskDb(name);
  await db.open();
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const agentId = await db.getMeta<string>('agentId');
    const me = agentId ? await db.agents.get(agentId) : undefined;
    const agent = me ? { id: me.id, teamId: me.teamId } : null;
    const out: QueueTimes = {
      afterWrite: [],
      patch: [],
      total: [],
      read: [],
      summarise: [],
      rawLimit: [],
      rawFull: [],
      rows: [],
      combos: [],
      activeCount: 0,
    };
    const range = IDBKeyRange.bound(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper);
    for (let i = -2; i < runs; i++) {
      const k = Math.max(i, 0);
      const query = queryFor(k);
      let t = performance.now();
      const active = await db.transaction('r', [db.tickets], () => readActiveTickets(db));
      const t1 = performance.now();
      const summary = summariseQueue(active, query, { agent, now: Date.now() });
      const t2 = performance.now();
      if (i < 0) continue; // warm-up
      out.read.push(t1 - t);
      out.summarise.push(t2 - t1);
      out.total.push(t2 - t);
      out.rows.push(summary.tickets.length);
      out.combos.push(`${query.view}/${JSON.stringify(query.filters)}/${query.sort}`);
      out.activeCount = active.length;

      t = performance.now();
      await db.tickets
        .where('[queueRank+dueAt]')
        .between([0, Dexie.minKey], [INACTIVE_RANK_OFFSET - 1, Dexie.maxKey], true, true)
        .limit(100)
        .toArray();
      out.rawLimit.push(performance.now() - t);

      t = performance.now();
      await new Promise((resolve, reject) => {
        const req = raw
          .transaction('tickets', 'readonly')
          .objectStore('tickets')
          .index('[queueRank+dueAt]')
          .getAll(range);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      out.rawFull.push(performance.now() - t);
    }

    // The app's path after a write: the store (subscribed, as the queue is) patches in the one row.
    const store = activeTicketsStore(db);
    const stop = store.subscribe(() => undefined);
    try {
      while (!store.get()) await new Promise((r) => setTimeout(r, 20));
      for (let i = -2; i < runs; i++) {
        const k = Math.max(i, 0);
        const query = queryFor(k);
        const current = store.get()!;
        const target = current[(k * 7919) % current.length]!;
        const next = deriveTicket({
          ...target,
          status: target.status === 'open' ? 'pending_internal' : 'open',
          updatedAt: Date.now(),
        });
        const t0 = performance.now();
        const published = new Promise<number>((resolve) => {
          const off = store.subscribe(() => {
            off();
            resolve(performance.now());
          });
        });
        await db.tickets.put(next);
        const t1 = await published;
        summariseQueue(store.get()!, query, { agent, now: Date.now() });
        const t2 = performance.now();
        if (i < 0) continue;
        out.patch.push(t1 - t0);
        out.afterWrite.push(t2 - t0);
      }
    } finally {
      stop();
    }
    return out;
  } finally {
    raw.close();
    db.close();
  }
}

export interface CaseReadTimes {
  /** The raw Dexie reads readCase does: ticket, then customer, the customer's orders row, the ticket's timeline row. */
  raw: number[];
  /** readCase itself (those reads + outbox + agents bulkGet + maps). */
  readCase: number[];
  events: number[];
}

export async function timeCaseReads(name: string, ids: readonly string[]): Promise<CaseReadTimes> {
  const db = new CareDeskDb(name);
  await db.open();
  const out: CaseReadTimes = { raw: [], readCase: [], events: [] };
  try {
    for (const id of ids) {
      let t = performance.now();
      const ticket = (await db.tickets.get(id))!;
      const [, , timeline] = await Promise.all([
        db.customers.get(ticket.customerId),
        db.customerOrders.get(ticket.customerId),
        db.timelines.get(id),
      ]);
      out.raw.push(performance.now() - t);
      out.events.push(timeline?.events.length ?? 0);
      t = performance.now();
      await readCase(db, id);
      out.readCase.push(performance.now() - t);
    }
    return out;
  } finally {
    db.close();
  }
}

(globalThis as { __workspaceBench?: unknown }).__workspaceBench = {
  workspaceDbName,
  fillWorkspace,
  emptyWorkspace,
  timeQueueQueries,
  timeCaseReads,
};
