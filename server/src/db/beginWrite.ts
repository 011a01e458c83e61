import type { Db, DbTx } from './types.ts';

export interface WriteStamp {
  /** The version every row written by this transaction carries. */
  version: number;
  epoch: string;
  /** Server time for this transaction's timestamps (client clocks are only hints). */
  now: number;
}

/**
 * The first statement of every transaction that writes synced rows.
 *
 * Why first: the UPDATE takes the row lock on the single sync_state row and holds it until commit,
 * so writers queue here and commit in version order. That is what makes a cookie safe: a reader whose
 * snapshot shows sync_state.version = V sees every row of version <= V, and no transaction still in
 * flight can later commit a row with a version <= V behind its back (the classic "slow writer commits
 * under an already-issued cookie" bug of timestamp or sequence based sync). The price is that writes
 * are serialised; they are short (one mutation, one intake, one seed batch), and on PGlite they are
 * serialised anyway.
 *
 * Lock order, to stay deadlock-free: sync_state → a client row (push) → everything else.
 */
export async function beginWrite(tx: DbTx): Promise<WriteStamp> {
  const { rows } = await tx.query<{ version: number; epoch: string }>(
    'update sync_state set version = version + 1 returning version, epoch',
  );
  const row = rows[0];
  if (!row) throw new Error('sync_state row is missing: the database was not migrated');
  return { version: Number(row.version), epoch: row.epoch, now: Date.now() };
}

/** A writing transaction: `fn` runs after `beginWrite` with the stamp its rows must carry. */
export function writeTransaction<T>(db: Db, fn: (tx: DbTx, stamp: WriteStamp) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx, await beginWrite(tx)));
}
