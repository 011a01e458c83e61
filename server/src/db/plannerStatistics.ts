import type { Db } from './types.ts';

const SYNCED_TABLES = ['agents', 'customers', 'orders', 'tickets', 'ticket_events'];
const EVERY_SIX_HOURS = 6 * 60 * 60 * 1000;

/**
 * Keeps the planner's statistics fresh where nothing else does. PGlite runs no autovacuum daemon, and
 * without statistics the pull's team filters get hash-join plans that read a whole team per pull
 * (hundreds of ms at 100k tickets instead of a few). PostgreSQL's autovacuum does this by itself.
 *
 * Analyzes once now if a synced table holding rows was never analyzed (reltuples < 0), then every six
 * hours; returns the function that stops the timer.
 */
export async function maintainPlannerStatistics(db: Db, onError: (err: Error) => void): Promise<() => void> {
  if (db.kind !== 'pglite') return () => undefined;
  const { rows } = await db.query<{ never: boolean }>(
    `select exists (select 1 from pg_class where relname = any($1::text[]) and reltuples < 0)
       and exists (select 1 from tickets) as never`,
    [SYNCED_TABLES],
  );
  if (rows[0]?.never) await db.exec('analyze');
  const timer = setInterval(() => void db.exec('analyze').catch(onError), EVERY_SIX_HOURS);
  timer.unref();
  return () => clearInterval(timer);
}
