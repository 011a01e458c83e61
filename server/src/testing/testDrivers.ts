import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPgliteDb } from '../db/pgliteDriver.ts';
import { openPostgresDb } from '../db/postgresDriver.ts';
import type { Db, DbKind } from '../db/types.ts';

export interface TestDatabase {
  db: Db;
  /** A second, independent handle on the same database (PostgreSQL only: PGlite is one process). */
  openPeer: (() => Promise<Db>) | null;
  /** Closes the handle and throws the database away. */
  dispose(): Promise<void>;
}

export interface TestDriver {
  name: DbKind;
  open(): Promise<TestDatabase>;
}

const pglite: TestDriver = {
  name: 'pglite',
  async open() {
    const db = await openPgliteDb(null);
    return { db, openPeer: null, dispose: () => db.close() };
  },
};

/**
 * Each test file gets a schema of its own on the TEST_DATABASE_URL server, so files can run in
 * parallel against one database and leave nothing behind.
 */
function postgres(url: string): TestDriver {
  return {
    name: 'postgres',
    async open() {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const connect = () => openPostgresDb({ connectionString: url, searchPath: schema });
      const db = await connect();
      return {
        db,
        openPeer: connect,
        async dispose() {
          await db.close();
          const cleanup = new pg.Client({ connectionString: url });
          await cleanup.connect();
          await cleanup.query(`drop schema ${schema} cascade`);
          await cleanup.end();
        },
      };
    },
  };
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const TEST_DRIVERS: readonly TestDriver[] = [
  pglite,
  ...(process.env.TEST_DATABASE_URL ? [postgres(process.env.TEST_DATABASE_URL)] : []),
];
