import type { Table } from 'dexie';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import type { RejectedMutation } from '../db/types.ts';

/** How long a refusal the agent has already seen stays in the list. */
export const REJECTED_RETENTION_MS = 30 * 24 * 3600 * 1000;

/**
 * A rejected row as this module stores it: `acknowledgedAt` (client clock) is set once the agent has
 * had the refusal in front of them (the sync panel listed it). Unacknowledged refusals are never
 * pruned, however old: the agent has not learnt of them yet.
 */
export type ReviewedRejection = RejectedMutation & { acknowledgedAt?: number };

// The optional field lives only here (the table is keyed by id, not indexed on it), so the typed table
// is widened locally instead of in the shared row type.
const reviewed = (db: CareDeskDb) => db.rejected as unknown as Table<ReviewedRejection, number>;

/** Marks these refusals as seen (first sighting wins; ids no longer present are ignored). */
export async function acknowledgeRejected(db: CareDeskDb, ids: readonly number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  const table = reviewed(db);
  await db.transaction('rw', db.rejected, async () => {
    const rows = await table.bulkGet([...ids]);
    const fresh = rows.filter((r): r is ReviewedRejection => !!r && r.acknowledgedAt === undefined);
    if (fresh.length) await table.bulkPut(fresh.map((r) => ({ ...r, acknowledgedAt: at })));
  });
}

/** Drops acknowledged refusals rejected more than REJECTED_RETENTION_MS before `now`; returns how many. */
export async function pruneRejected(db: CareDeskDb, now: number): Promise<number> {
  const cutoff = now - REJECTED_RETENTION_MS;
  return reviewed(db)
    .filter((r) => r.acknowledgedAt !== undefined && r.rejectedAt < cutoff)
    .delete();
}
