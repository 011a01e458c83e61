import type { DbTx } from '../../db/types.ts';

/** Statements that cannot change a row (a `select … for update` only locks). */
const READS_ONLY = /^\s*select\b/i;

/**
 * A view of `tx` that takes a savepoint just before its first statement that may write, so `undo()`
 * reverts everything written through it — and a caller that only read (most refusals are decided on
 * reads, before any write) pays for no savepoint at all. Anything but a plain select counts as a
 * write, a `with` that only reads included: a needless savepoint is cheap, a missing one is not.
 * One rule follows for mutators: a refusal may follow a failed write (the savepoint undoes the
 * failure too), never a failed select caught and turned into a refusal (PostgreSQL has then aborted
 * the whole transaction, so the push answers 5xx and the client retries).
 */
export function savepointBeforeFirstWrite(tx: DbTx, name: string): { tx: DbTx; undo(): Promise<void> } {
  let taken = false;
  const before = async (sql: string) => {
    if (taken || READS_ONLY.test(sql)) return;
    // Set before awaiting, so statements issued concurrently all queue behind this one savepoint.
    taken = true;
    await tx.exec(`savepoint ${name}`);
  };
  return {
    tx: {
      async query<T>(sql: string, params?: readonly unknown[]) {
        await before(sql);
        return tx.query<T>(sql, params);
      },
      async exec(sql: string) {
        await before(sql);
        await tx.exec(sql);
      },
    },
    async undo() {
      if (taken) await tx.exec(`rollback to savepoint ${name}`);
    },
  };
}
