import { cmp, Dexie, RangeSet, type IntervalTree } from 'dexie';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { onTableMutated } from '../../db/onTableMutated.ts';
import { ACTIVE_QUEUE_RANGE } from '../../db/derive.ts';
import { claimTicketWrite, type TicketWrite } from '../../db/ticketWriteHandoff.ts';
import type { CachedTicket } from '../../db/types.ts';

/**
 * Every active ticket in `[queueRank+dueAt]` order (priority, then nearest SLA deadline), the one
 * read the queue's counts, filters, search and sort work on in memory (summariseQueue).
 */
export async function readActiveTickets(db: CareDeskDb): Promise<CachedTicket[]> {
  return db.tickets
    .where('[queueRank+dueAt]')
    .between(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper, true, true)
    .toArray();
}

/** The index order of readActiveTickets: queue rank, due time, then the primary key. */
export function compareQueueOrder(a: CachedTicket, b: CachedTicket): number {
  return a.queueRank - b.queueRank || a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const isActiveRow = (t: CachedTicket) =>
  t.queueRank >= ACTIVE_QUEUE_RANGE.lower[0] && t.queueRank <= ACTIVE_QUEUE_RANGE.upper[0];

/** Beyond this many changed tickets a whole re-read is cheaper than fetching each. */
export const PATCH_MAX_KEYS = 5_000;
/** A burst of transactions (a reply's, several windows') becomes one patch: the next macrotask. */
const COALESCE_MS = 0;
/**
 * A whole re-read waits until this many times the last one's duration has passed since it ended.
 * Bulk writes that name no keys can come one after another (another window's first sync: this
 * window's own chunks hand their rows over instead): re-reading after each one (at 100k, up to 56k
 * tickets after each of 20 chunks) competed with the very writes it followed. Spaced, re-reads take
 * at most a fifth of the time and the queue still fills chunk by chunk.
 */
export const FULL_READ_SPACING = 4;
/**
 * The longest a whole re-read waits, however long the last one took (its time includes waiting for
 * the writes queued before it): the queue is never more than this behind the cache.
 */
export const FULL_READ_MAX_WAIT_MS = 5_000;

/**
 * Pull chunks handed over (a first sync streaming in, a large pull after a reconnect) are merged in
 * at most this often. Each merge re-summarises every active ticket and re-renders the queue: after
 * each of a 100k first sync's 120 chunks, with 56k active tickets at the end, that was about 2 CPU-s
 * taken from IndexedDB's writes on two cores. The first chunk is merged at once (the usable queue),
 * and a change that names its tickets (the agent's own, a colleague's) never waits.
 */
export const BULK_MERGE_SPACING_MS = 1_000;

/** How long a whole re-read still has to wait, `sinceLastMs` after the last one (`lastMs` long) ended. */
export function fullReadDelay(lastMs: number, sinceLastMs: number): number {
  return Math.max(0, Math.min(FULL_READ_SPACING * lastMs, FULL_READ_MAX_WAIT_MS) - sinceLastMs);
}

export interface ActiveTicketsStore {
  /** The current array (a new one after every change), undefined until the first read. */
  get(): CachedTicket[] | undefined;
  /** Listens for new arrays; the first listener starts the store, the last one stops it. */
  subscribe(listener: () => void): () => void;
  /** A read failed for another reason than the database closing. */
  failure(): unknown;
}

/** The changed ticket ids, or 'all' when the change is a range (a clear, a delete by range). */
function changedIds(tree: IntervalTree): Set<string> | 'all' {
  const ids = new Set<string>();
  for (const node of RangeSet(tree)) {
    if (cmp(node.from, node.to) !== 0 || typeof node.from !== 'string') return 'all';
    ids.add(node.from);
    if (ids.size > PATCH_MAX_KEYS) return 'all';
  }
  return ids;
}

/**
 * Merges the rows a write touched into the current array: drops every changed id, then merges the
 * changed rows that are (still) active in queue order. O(n + k log k), no IndexedDB range read.
 */
export function patchActive(
  current: readonly CachedTicket[],
  changed: ReadonlyMap<string, CachedTicket | undefined>,
): CachedTicket[] {
  const incoming = [...changed.values()]
    .filter((t): t is CachedTicket => t !== undefined && isActiveRow(t))
    .sort(compareQueueOrder);
  const out: CachedTicket[] = [];
  let j = 0;
  for (const t of current) {
    if (changed.has(t.id)) continue;
    while (j < incoming.length && compareQueueOrder(incoming[j]!, t) < 0) out.push(incoming[j++]!);
    out.push(t);
  }
  while (j < incoming.length) out.push(incoming[j++]!);
  return out;
}

/**
 * The active queue in memory, one per database. Read whole once; after that, every committed write
 * to the tickets table (this window's or another window's: Dexie's storagemutated names the keys it
 * touched) fetches just those rows and merges them in. Re-reading 100k active tickets after each
 * reply took over a second of main-thread deserialisation; a one-ticket patch is a get and a merge.
 * A bulk write this window announced (a pull chunk: ticketWriteHandoff.ts) hands its rows over
 * instead, so nothing is read. A range change (clear, delete by range), another window's bulk write
 * or a very large batch of keys falls back to a whole re-read.
 */
function createStore(db: CareDeskDb): ActiveTicketsStore {
  const listeners = new Set<() => void>();
  let tickets: CachedTicket[] | undefined;
  let error: unknown = null;
  let pendingIds = new Set<string>();
  /** Rows handed over by this window's announced writes (undefined: deleted), merged without a read. */
  let handed = new Map<string, CachedTicket | undefined>();
  let pendingAll = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  /** Bumped when the store stops: a read still in flight from before must not publish. */
  let generation = 0;
  let stopListening: (() => void) | null = null;
  /** The last whole re-read: how long it took and when it ended (performance.now()). */
  let lastFull = { ms: 0, endedAt: Number.NEGATIVE_INFINITY };
  /** When handed-over rows were last merged (performance.now()). */
  let lastBulkMergeAt = Number.NEGATIVE_INFINITY;
  /** When the pending timer fires (performance.now()), so a more urgent change can bring it forward. */
  let timerAt = Number.POSITIVE_INFINITY;

  const publish = (next: CachedTicket[]) => {
    tickets = next;
    for (const listener of listeners) listener();
  };

  async function flush(): Promise<void> {
    timer = null;
    timerAt = Number.POSITIVE_INFINITY;
    if (running) return;
    running = true;
    try {
      while (listeners.size > 0 && hasWork()) {
        const gen = generation;
        if (pendingAll || tickets === undefined) {
          if (tickets !== undefined && fullReadDelay(lastFull.ms, performance.now() - lastFull.endedAt) > 0)
            break;
          pendingAll = false;
          pendingIds = new Set();
          handed = new Map();
          const started = performance.now();
          // One query, so no explicit transaction: an explicit one running beside another
          // transaction of this window (a rebase replaying local work) used up the echo budget Dexie
          // shares between them, and that one resumed outside its transaction: PrematureCommitError,
          // in Chromium as in the tests.
          const all = await readActiveTickets(db);
          lastFull = { ms: performance.now() - started, endedAt: performance.now() };
          if (gen === generation) publish(all);
          continue;
        }
        if (pendingIds.size === 0) {
          // Handed-over rows alone: spaced (BULK_MERGE_SPACING_MS).
          if (bulkMergeDelay() > 0) break;
          lastBulkMergeAt = performance.now();
        }
        const ids = [...pendingIds];
        const changed = handed;
        pendingIds = new Set();
        handed = new Map();
        const rows = ids.length > 0 ? await db.tickets.bulkGet(ids) : [];
        if (gen !== generation || tickets === undefined) continue;
        // A row read now is at least as new as one handed over earlier.
        ids.forEach((id, i) => changed.set(id, rows[i]));
        publish(patchActive(tickets, changed));
      }
    } catch (e) {
      // A closed database means the workspace is going away (sign-out, wipe): keep the last array.
      if (!(e instanceof Dexie.DatabaseClosedError)) {
        error = e;
        for (const listener of listeners) listener();
      }
    } finally {
      running = false;
      if (listeners.size > 0 && hasWork()) schedule();
    }
  }

  function hasWork() {
    return pendingAll || pendingIds.size > 0 || handed.size > 0 || tickets === undefined;
  }

  /** How long handed-over rows alone still wait to be merged (BULK_MERGE_SPACING_MS). */
  function bulkMergeDelay() {
    return Math.max(0, lastBulkMergeAt + BULK_MERGE_SPACING_MS - performance.now());
  }

  function schedule() {
    const wait =
      pendingAll && tickets !== undefined
        ? fullReadDelay(lastFull.ms, performance.now() - lastFull.endedAt)
        : pendingIds.size === 0 && tickets !== undefined
          ? bulkMergeDelay()
          : COALESCE_MS;
    const at = performance.now() + wait;
    if (timer !== null) {
      if (at >= timerAt) return;
      clearTimeout(timer);
    }
    timerAt = at;
    timer = setTimeout(() => void flush(), wait);
  }

  const onHanded = (gen: number) => (write: TicketWrite | null) => {
    if (gen !== generation) return;
    if (write === null) pendingAll = true;
    else {
      for (const row of write.puts) handed.set(row.id, row);
      for (const id of write.dels) handed.set(id, undefined);
    }
    schedule();
  };

  const onMutated = (keys: IntervalTree) => {
    const ids = changedIds(keys);
    if (ids === 'all') {
      if (claimTicketWrite(db, onHanded(generation))) return;
      pendingAll = true;
    } else for (const id of ids) pendingIds.add(id);
    if (pendingIds.size > PATCH_MAX_KEYS) pendingAll = true;
    schedule();
  };

  return {
    get: () => tickets,
    failure: () => error,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        stopListening = onTableMutated(db, 'tickets', onMutated);
        void flush();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size > 0) return;
        // Nobody watches: stop listening and forget, so a later subscriber starts from a fresh read.
        stopListening?.();
        stopListening = null;
        generation += 1;
        if (timer !== null) clearTimeout(timer);
        timer = null;
        tickets = undefined;
        lastFull = { ms: 0, endedAt: Number.NEGATIVE_INFINITY };
        lastBulkMergeAt = Number.NEGATIVE_INFINITY;
        timerAt = Number.POSITIVE_INFINITY;
        pendingIds = new Set();
        handed = new Map();
        pendingAll = false;
      };
    },
  };
}

const stores = new WeakMap<CareDeskDb, ActiveTicketsStore>();

export function activeTicketsStore(db: CareDeskDb): ActiveTicketsStore {
  let store = stores.get(db);
  if (!store) {
    store = createStore(db);
    stores.set(db, store);
  }
  return store;
}
