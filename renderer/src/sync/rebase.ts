import type { SealedPatchOp, SealedPullResponse, SyncedEntity } from '@shared/sync/protocol.ts';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import { orderChanges, patchCustomerOrders } from '../db/customerOrders.ts';
import { deriveTicket } from '../db/derive.ts';
import { changeOf, patchTimelines, type CollectedChange } from '../db/ticketTimeline.ts';
import { announceTicketWrite, type TicketWrite } from '../db/ticketWriteHandoff.ts';
import type { CachedEvent, CachedOrder, CachedTicket, OutboxEntry } from '../db/types.ts';
import { applyLocalMutation, LocalMutationError } from './localMutators.ts';

/** The tables holding one server row per row; events and orders live grouped (timelines, customerOrders). */
type DataTable = 'agents' | 'customers' | 'tickets';

const TABLE_OF: Record<Exclude<SyncedEntity, 'event' | 'order'>, DataTable> = {
  agent: 'agents',
  customer: 'customers',
  ticket: 'tickets',
};

/** Puts the server's versions of optimistically changed rows back (call inside a transaction). */
export async function restoreShadows(db: CareDeskDb): Promise<void> {
  const shadows = await db.shadows.toArray();
  for (const row of shadows) {
    const table = db.table(row.table);
    if (row.value === undefined) await table.delete(row.id);
    else await table.put(row.value);
  }
  await db.shadows.clear();
}

/** Applies every mutation still in the outbox on top of the server state (call inside a transaction). */
export async function replayOutbox(db: CareDeskDb): Promise<void> {
  const entries: OutboxEntry[] = await db.outbox.orderBy('id').toArray();
  if (entries.length === 0) return;
  const agentId = (await db.getMeta<string>('agentId')) ?? null;
  for (const entry of entries) {
    try {
      await applyLocalMutation({ db, agentId, clientTime: entry.clientTime }, entry);
    } catch (err) {
      // The server state moved under it (ticket closed, deleted…): the server will decide.
      if (!(err instanceof LocalMutationError)) throw err;
    }
  }
}

interface CollapsedPatch {
  cleared: boolean;
  /** The final row per table and id (null = delete). */
  rows: Map<DataTable, Map<string, unknown>>;
  /** The final event per id (null = delete): events live in their tickets' timeline rows. */
  events: Map<string, CachedEvent | null>;
  /** The final order per id (null = delete): orders live in their customers' rows. */
  orders: Map<string, CachedOrder | null>;
}

/** Collapses a patch into the final row per table and id, honouring `clear`. */
function collapse(patch: readonly SealedPatchOp[]): CollapsedPatch {
  let cleared = false;
  const rows = new Map<DataTable, Map<string, unknown>>();
  const events = new Map<string, CachedEvent | null>();
  const orders = new Map<string, CachedOrder | null>();
  const tableRows = (t: DataTable) => {
    let m = rows.get(t);
    if (!m) rows.set(t, (m = new Map()));
    return m;
  };
  for (const op of patch) {
    if (op.op === 'clear') {
      cleared = true;
      rows.clear();
      events.clear();
      orders.clear();
    } else if (op.op === 'del') {
      if (op.entity === 'event') events.set(op.id, null);
      else if (op.entity === 'order') orders.set(op.id, null);
      else tableRows(TABLE_OF[op.entity]).set(op.id, null);
    } else if (op.entity === 'event') {
      events.set(op.value.id, op.value);
    } else if (op.entity === 'order') {
      orders.set(op.value.id, op.value);
    } else {
      const value = op.entity === 'ticket' ? deriveTicket(op.value) : op.value;
      tableRows(TABLE_OF[op.entity]).set(op.value.id, value);
    }
  }
  return { cleared, rows, events, orders };
}

/**
 * A patch's events as changes per timeline. A `del` names only the event (the server erases events
 * with their ticket: privacy erasure), so it is looked for in the timelines of the tickets the patch
 * deletes first, and in every timeline only when it is not there.
 */
async function timelineChanges(
  db: CareDeskDb,
  events: ReadonlyMap<string, CachedEvent | null>,
  deletedTickets: readonly string[],
): Promise<Map<string, CollectedChange>> {
  const changes = new Map<string, CollectedChange>();
  const dels = new Set<string>();
  for (const [id, event] of events) {
    if (event) changeOf(changes, event.ticketId).puts.push(event);
    else dels.add(id);
  }
  if (dels.size === 0) return changes;
  const covered = (await db.timelines.bulkGet([...deletedTickets])).flatMap((t) => t?.events ?? []);
  for (const e of covered) dels.delete(e.id);
  if (dels.size === 0) return changes;
  await db.timelines
    .filter((t) => t.events.some((e) => dels.has(e.id)))
    .each((t) => {
      for (const e of t.events) if (dels.has(e.id)) changeOf(changes, t.ticketId).dels.add(e.id);
    });
  return changes;
}

/**
 * Applies one pull response in ONE transaction: revert optimistic rows, apply the server's patch,
 * drop the mutations the server has confirmed, replay the rest (rebase), store the cookie. A crash at
 * any point leaves the database as it was before (IndexedDB aborts the whole transaction).
 *
 * `baseCookie` is the cookie the pull was made with: if the stored cookie is no longer it (another
 * window applied a pull meanwhile), the response is stale and nothing is written; returns false.
 *
 * Only `acked` entries at or below lastMutationId are dropped. A `pending` one there was processed
 * by the server but its answer never arrived (lost response, crash): it stays, is pushed again, and
 * the server answers with its stored outcome — so a rejection is never lost.
 */
export async function applyPullResponse(
  db: CareDeskDb,
  response: SealedPullResponse,
  baseCookie?: string | null,
): Promise<boolean> {
  const patch = collapse(response.patch);
  const tickets = ticketWriteOf(patch);
  // The queue takes a chunk's tickets from here rather than reading them back (ticketWriteHandoff).
  const announced = announceTicketWrite(db, tickets.puts.length);
  let written: TicketWrite | null = null;
  try {
    try {
      const scope = narrowScope(patch);
      const applied = await applyIn(db, scope, patch, response, baseCookie);
      // A narrow apply clears, restores and replays nothing: the tickets table got the patch's rows.
      if (applied && scope) written = tickets;
      return applied;
    } catch (err) {
      if (!(err instanceof NeedsEveryTable)) throw err;
      return await applyIn(db, null, patch, response, baseCookie);
    }
  } finally {
    announced.settle(written);
  }
}

/** The patch's rows for the tickets table. */
function ticketWriteOf({ rows }: CollapsedPatch): TicketWrite {
  const puts: CachedTicket[] = [];
  const dels: string[] = [];
  for (const [id, value] of rows.get('tickets') ?? []) {
    if (value === null) dels.push(id);
    else puts.push(value as CachedTicket);
  }
  return { puts, dels };
}

/** Thrown (aborting the transaction) when a narrow apply finds local work to restore or replay. */
class NeedsEveryTable extends Error {}

/**
 * The tables a patch writes, plus the sync bookkeeping (null: every table, for a clear). Enough when
 * there is no outbox and no shadow, so nothing to restore or replay (applyIn checks, inside the
 * transaction). A transaction over every table would also wait for every read in flight (the queue
 * re-reading tickets, customers' names) and hold them all back while it runs, however little it
 * writes: during a first sync each chunk waited for the reads the one before had set off.
 */
function narrowScope({ cleared, rows, events, orders }: CollapsedPatch): string[] | null {
  if (cleared) return null;
  const written: string[] = [...rows.keys()];
  if (events.size > 0 || rows.has('tickets')) written.push('timelines');
  if (orders.size > 0) written.push('customerOrders');
  return [...written, 'outbox', 'shadows', 'meta'];
}

/** One apply, over `scope` (table names) or every table (null). */
async function applyIn(
  db: CareDeskDb,
  scope: string[] | null,
  { cleared, rows, events, orders }: CollapsedPatch,
  response: SealedPullResponse,
  baseCookie: string | null | undefined,
): Promise<boolean> {
  return db.transaction('rw', scope ?? db.tables.map((t) => t.name), async () => {
    if (baseCookie !== undefined && ((await db.getMeta<string>('cookie')) ?? null) !== baseCookie) {
      return false;
    }
    if (scope && ((await db.outbox.count()) > 0 || (await db.shadows.count()) > 0)) {
      throw new NeedsEveryTable();
    }
    await restoreShadows(db);
    if (cleared) await Promise.all(db.dataTables.map((t) => t.clear()));
    const deletedTickets = [...(rows.get('tickets') ?? [])].flatMap(([id, v]) => (v === null ? [id] : []));
    const changes = await timelineChanges(db, events, deletedTickets);
    for (const [tableName, byId] of rows) {
      const table = db.table(tableName);
      const puts: unknown[] = [];
      const dels: string[] = [];
      for (const [id, value] of byId) {
        if (value === null) dels.push(id);
        else puts.push(value);
      }
      if (dels.length) await table.bulkDelete(dels);
      if (puts.length) await table.bulkPut(puts);
    }
    // A ticket's timeline goes with it.
    if (deletedTickets.length) await db.timelines.bulkDelete(deletedTickets);
    for (const id of deletedTickets) changes.delete(id);
    await patchTimelines(db, changes);
    await patchCustomerOrders(db, await orderChanges(db, orders));
    await db.outbox
      .where('id')
      .belowOrEqual(response.lastMutationId)
      .filter((e) => e.state === 'acked')
      .delete();
    const next = (await db.getMeta<number>('nextMutationId')) ?? 1;
    await db.setMeta('nextMutationId', Math.max(next, response.lastMutationId + 1));
    await db.setMeta('lastMutationId', response.lastMutationId);
    await db.setMeta('cookie', response.cookie);
    await replayOutbox(db);
    return true;
  });
}

/** Reverts and replays without a patch: used after the server rejected something we had applied. */
export async function rebaseLocal(db: CareDeskDb): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await restoreShadows(db);
    await replayOutbox(db);
  });
}
