import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Any fixed number works; it only has to be the same in every instance of the server. */
const MIGRATION_LOCK_KEY = 47_001;

/**
 * Applies `migrations/NNN_name.sql` files not yet recorded in schema_migrations, in name order, all in
 * one transaction. The advisory lock makes instances that start together on one PostgreSQL take
 * turns: the second waits, then finds everything applied. Returns the names it applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const scripts = await Promise.all(
    files.map(async (name) => ({ name, sql: await readFile(MIGRATIONS_DIR + name, 'utf8') })),
  );

  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(
      'create table if not exists schema_migrations (name text primary key, applied_at bigint not null)',
    );
    const { rows } = await tx.query<{ name: string }>('select name from schema_migrations');
    const applied = new Set(rows.map((r) => r.name));
    const pending = scripts.filter((s) => !applied.has(s.name));
    for (const script of pending) {
      await tx.exec(script.sql);
      await tx.query('insert into schema_migrations (name, applied_at) values ($1, $2)', [
        script.name,
        Date.now(),
      ]);
    }
    return pending.map((s) => s.name);
  });
}
