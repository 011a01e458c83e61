import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../server/src/db/migrate.ts';
import { openDb } from '../../server/src/db/openDb.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';
import { loadConfig } from '../../server/src/config.ts';
import { installPrivacyKeys } from '../../server/src/privacy/keyring.ts';
import { resolveDataKeys } from '../../server/src/privacy/resolveDataKeys.ts';
import type { BenchContext } from './types.ts';

/** The fixed clock the data is generated around, so a cached data set equals a fresh one. */
export const DATASET_NOW = Date.UTC(2026, 0, 15, 8, 0, 0);

export interface RowCounts {
  agents: number;
  customers: number;
  orders: number;
  tickets: number;
  events: number;
}

export interface Dataset {
  tickets: number;
  seed: number;
  /** A browser-host style folder: the server's database is in `<dir>/server/pgdata`. Never write to it. */
  dir: string;
  counts: RowCounts;
  seedMs: number;
  /** True when this run seeded it (false: reused from the cache). */
  fresh: boolean;
}

interface Manifest {
  tickets: number;
  seed: number;
  now: number;
  /** The generator's fingerprint: a change to it means different rows, so the cache is re-seeded. */
  generator: string;
  /** Migration file → content hash at seeding time. */
  migrations: Record<string, string>;
  counts: RowCounts;
  seedMs: number;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 12);

async function hashFiles(dir: string): Promise<Record<string, string>> {
  const files = (await readdir(dir)).filter((f) => !f.includes('.test.')).sort();
  const out: Record<string, string> = {};
  for (const file of files) out[file] = sha(await readFile(join(dir, file)));
  return out;
}

export async function countRows(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<RowCounts> {
  const { rows } = await query(
    `select (select count(*) from agents)::int as agents, (select count(*) from customers)::int as customers,
       (select count(*) from orders)::int as orders, (select count(*) from tickets)::int as tickets,
       (select count(*) from ticket_events)::int as events`,
  );
  return rows[0] as RowCounts;
}

/**
 * The seeded demo database with `tickets` tickets, from the cache when one with the same size, seed
 * and generator exists, else seeded now (≈30 s per 100k tickets). A cached database may predate newer
 * migration files: the server applies those when it starts on the working copy, as an upgrade would;
 * an edited migration that was already applied makes the cache stale and it is seeded again.
 */
export async function ensureDataset(ctx: BenchContext, tickets: number, seed = 1): Promise<Dataset> {
  const generator = sha(JSON.stringify(await hashFiles(join(ctx.root, 'server/src/seed'))));
  const migrations = await hashFiles(join(ctx.root, 'server/src/db/migrations'));
  const prefix = `seed-t${tickets}-s${seed}-`;
  const dir = join(ctx.cacheDir, `${prefix}${generator}`);
  const manifestPath = join(dir, 'manifest.txt');
  try {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    const upToDate = Object.entries(manifest.migrations).every(([file, hash]) => migrations[file] === hash);
    if (
      manifest.generator === generator &&
      manifest.tickets === tickets &&
      manifest.seed === seed &&
      upToDate
    ) {
      return { tickets, seed, dir, counts: manifest.counts, seedMs: manifest.seedMs, fresh: false };
    }
  } catch {
    // Missing or half-written: seed again below.
  }
  // Stale copies of this size and seed (older generator or schema) only take disk space.
  await mkdir(ctx.cacheDir, { recursive: true });
  for (const name of await readdir(ctx.cacheDir)) {
    if (name.startsWith(prefix)) await rm(join(ctx.cacheDir, name), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  ctx.log(`seeding ${tickets.toLocaleString('en')} demo tickets (seed ${seed}) into ${dir} …`);
  const db = await openDb({ databaseUrl: null, dataDir: join(dir, 'server') });
  let counts: RowCounts;
  let seedMs: number;
  try {
    await migrate(db);
    // Key files land in the data folder, where the bench server (demo mode) finds them again.
    installPrivacyKeys(await resolveDataKeys(loadConfig({}, ['--data-dir', join(dir, 'server')]), db));
    const summary = await seedDemoData(db, { tickets, seed, now: DATASET_NOW });
    seedMs = summary.ms;
    counts = await countRows((sql) => db.query(sql));
  } finally {
    await db.close();
  }
  const manifest: Manifest = { tickets, seed, now: DATASET_NOW, generator, migrations, counts, seedMs };
  // .txt: the cache is not source; keeps formatters from checking it.
  await writeFile(manifestPath, JSON.stringify(manifest));
  ctx.log(`seeded in ${(seedMs / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  return { tickets, seed, dir, counts, seedMs, fresh: true };
}

export interface WorkingCopy {
  /** Same layout as Dataset.dir; scenarios may write to it. */
  dir: string;
  copyMs: number;
  dispose(): Promise<void>;
}

/** A throw-away copy of a data set in the OS temp folder, so scenarios never change the cached one. */
export async function workingCopy(dataset: Dataset): Promise<WorkingCopy> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'caredesk-bench-'));
  await cp(join(dataset.dir, 'server'), join(dir, 'server'), { recursive: true });
  return {
    dir,
    copyMs: performance.now() - started,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
