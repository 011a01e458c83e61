import type { SealedPatchOp, SealedPullResponse, SyncedEntity } from '@shared/sync/protocol.ts';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import { deriveTicket } from '../db/derive.ts';
import type { OutboxEntry } from '../db/types.ts';
import { applyLocalMutation, LocalMutationError } from './localMutators.ts';

type DataTable = 'agents' | 'customers' | 'orders' | 'tickets' | 'events';

const TABLE_OF: Record<SyncedEntity, DataTable> = {
  agent: 'agents',
  customer: 'customers',
  order: 'orders',
  ticket: 'tickets',
  event: 'events',
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

/** Collapses a patch into the final row per table and id (null = delete), honouring `clear`. */
function collapse(patch: readonly SealedPatchOp[]): {
  cleared: boolean;
  rows: Map<DataTable, Map<string, unknown>>;
} {
  let cleared = false;
  const rows = new Map<DataTable, Map<string, unknown>>();
  const tableRows = (t: DataTable) => {
    let m = rows.get(t);
    if (!m) rows.set(t, (m = new Map()));
    return m;
  };
  for (const op of patch) {
    if (op.op === 'clear') {
      cleared = true;
      rows.clear();
    } else if (op.op === 'del') {
      tableRows(TABLE_OF[op.entity]).set(op.id, null);
    } else {
      const value = op.entity === 'ticket' ? deriveTicket(op.value) : op.value;
      tableRows(TABLE_OF[op.entity]).set(op.value.id, value);
    }
  }
  return { cleared, rows };
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
  const { cleared, rows } = collapse(response.patch);
  return db.transaction('rw', db.tables, async () => {
    if (baseCookie !== undefined && ((await db.getMeta<string>('cookie')) ?? null) !== baseCookie) {
      return false;
    }
    await restoreShadows(db);
    if (cleared) await Promise.all(db.dataTables.map((t) => t.clear()));
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
