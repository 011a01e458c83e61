import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, DbTx } from './types.ts';

/**
 * Embedded PostgreSQL (WASM) in this process. One connection: PGlite runs every transaction under
 * its own mutex, so writers are serialised anyway; LISTEN/NOTIFY work in-process.
 * `dataDir` null keeps the database in memory (tests, throw-away demos).
 */
export async function openPgliteDb(dataDir: string | null): Promise<Db> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ?? undefined);

  const asTx = (q: Pick<PGlite, 'query' | 'exec'>): DbTx => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await q.query<T>(sql, params ? [...params] : undefined);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const root = asTx(pg);

  return {
    kind: 'pglite',
    query: root.query,
    exec: root.exec,
    transaction: (fn) => pg.transaction((tx) => fn(asTx(tx))),
    listen: async (channel, cb) => {
      const unlisten = await pg.listen(channel, cb);
      return () => unlisten();
    },
    notify: async (channel, payload = '') => {
      await pg.query('select pg_notify($1, $2)', [channel, payload]);
    },
    close: () => pg.close(),
  };
}
