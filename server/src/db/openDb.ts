import path from 'node:path';
import { openPgliteDb } from './pgliteDriver.ts';
import { openPostgresDb } from './postgresDriver.ts';
import type { Db } from './types.ts';

export interface DbLocation {
  /** Set → PostgreSQL; otherwise PGlite. */
  databaseUrl: string | null;
  /** PGlite's folder (its files go in `<dataDir>/pgdata`); null → in memory. */
  dataDir: string | null;
}

export function pgliteDataPath(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export async function openDb(location: DbLocation): Promise<Db> {
  if (location.databaseUrl) return openPostgresDb({ connectionString: location.databaseUrl });
  return openPgliteDb(location.dataDir ? pgliteDataPath(location.dataDir) : null);
}
