/**
 * The one place in electron/ that imports server/ (see the ESLint override): the browser host can run
 * the sync server in its own process, so `npm run start:web` is one command with no other setup.
 */
import { join } from 'node:path';
import { startServer } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { Db } from '../../server/src/db/types.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';

export interface EmbeddedServerOptions {
  /** The host's data folder (the server's database lives in `<dataDir>/server`); null keeps it in memory. */
  dataDir: string | null;
  /** Demo tickets to create when the database is empty (2,000 for start:web; fewer in tests). */
  demoTickets?: number;
  /** Seed for the demo data generator, so every fresh start looks the same. */
  seed?: number;
}

export interface EmbeddedServer {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** A demo-mode sync server on a free loopback port, seeded on first start. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const argv = ['--demo', '--host', '127.0.0.1', '--port', '0', '--log-level', 'warn'];
  argv.push(...(options.dataDir ? ['--data-dir', join(options.dataDir, 'server')] : ['--in-memory']));
  // Only the flags above: the host must not pick up a DATABASE_URL or port meant for a standalone server.
  const config = loadConfig({}, argv);
  const server = await startServer(config, {
    beforeListen: async ({ db }) => {
      if (await isEmpty(db))
        await seedDemoData(db, { tickets: options.demoTickets ?? 2_000, seed: options.seed ?? 1 });
    },
  });
  return { url: server.url, db: server.db, close: server.close };
}

async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from agents');
  return (rows[0]?.n ?? 0) === 0;
}
