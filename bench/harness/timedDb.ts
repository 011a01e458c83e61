import type { Db, DbQueryable, DbTx } from '../../server/src/db/types.ts';

/** Where a server's database time went, measured at the Db seam (no app code changed). */
export interface DbTimings {
  transactions: number;
  /** From calling transaction() until its callback ran: waiting for the connection (PGlite mutex) and BEGIN. */
  waitMs: number;
  /** Inside the callback: the transaction's statements and the JS between them. */
  bodyMs: number;
  /** From the callback's end until transaction() resolved: COMMIT. */
  commitMs: number;
  /** Every statement, in or out of transactions: count and total ms by statement shape. */
  statements: Map<string, { count: number; ms: number }>;
}

export interface TimedDb {
  db: Db;
  timings(): DbTimings;
  reset(): void;
  /** Statement shapes by total time, largest first: "12.3 ms × 2000 update sync_state…". */
  topStatements(n: number, per: number): string[];
  /** Sum of all statement time plus commits, in ms. */
  totalDbMs(): number;
}

const zero = (): DbTimings => ({ transactions: 0, waitMs: 0, bodyMs: 0, commitMs: 0, statements: new Map() });

/** "insert into tickets (id, …" → a short, stable key for one statement shape. */
const shape = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 48);

/** Wraps a Db so a bench can tell queueing for the database from work in it. */
export function timeDb(inner: Db): TimedDb {
  let t = zero();
  const record = (sql: string, ms: number) => {
    const key = shape(sql);
    const s = t.statements.get(key) ?? { count: 0, ms: 0 };
    s.count += 1;
    s.ms += ms;
    t.statements.set(key, s);
  };
  const timedQueryable = (q: DbQueryable): DbQueryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const started = performance.now();
      try {
        return await q.query<T>(sql, params);
      } finally {
        record(sql, performance.now() - started);
      }
    },
    async exec(sql: string) {
      const started = performance.now();
      try {
        await q.exec(sql);
      } finally {
        record(sql, performance.now() - started);
      }
    },
  });
  const root = timedQueryable(inner);
  const db: Db = {
    kind: inner.kind,
    query: root.query,
    exec: root.exec,
    async transaction<T>(fn: (tx: DbTx) => Promise<T>): Promise<T> {
      const called = performance.now();
      let entered = called;
      let left = called;
      try {
        return await inner.transaction(async (tx) => {
          entered = performance.now();
          try {
            return await fn(timedQueryable(tx));
          } finally {
            left = performance.now();
          }
        });
      } finally {
        const done = performance.now();
        t.transactions += 1;
        t.waitMs += entered - called;
        t.bodyMs += left - entered;
        t.commitMs += done - left;
      }
    },
    listen: (channel, cb) => inner.listen(channel, cb),
    async notify(channel, payload) {
      const started = performance.now();
      try {
        await inner.notify(channel, payload);
      } finally {
        record('notify (select pg_notify)', performance.now() - started);
      }
    },
    close: () => inner.close(),
  };
  return {
    db,
    timings: () => ({ ...t, statements: new Map(t.statements) }),
    reset: () => {
      t = zero();
    },
    topStatements(n, per) {
      return [...t.statements.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, n)
        .map(
          ([key, s]) =>
            `${(s.ms / per).toFixed(2)} ms "${key}…"${s.count !== per ? ` (×${(s.count / per).toFixed(1)})` : ''}`,
        );
    },
    totalDbMs: () => [...t.statements.values()].reduce((sum, s) => sum + s.ms, 0) + t.commitMs,
  };
}
