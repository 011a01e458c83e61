/**
 * npm run seed -- [--tickets N] [--seed S]
 * Fills the configured database (PGlite data folder or DATABASE_URL) with demo data. It refuses a
 * database that already has agents; delete the data folder (or drop the database) to start over.
 */
import { loadConfig } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/openDb.ts';
import { POKE_CHANNEL } from '../sync/pokeHub.ts';
import { installPrivacyKeys } from '../privacy/keyring.ts';
import { resolveDataKeys } from '../privacy/resolveDataKeys.ts';
import { isDatabaseEmpty } from './isDatabaseEmpty.ts';
import { parseSeedArgs } from './parseSeedArgs.ts';
import { demoAccessLines } from './printDemoAccess.ts';
import { seedDemoData } from './seedDemoData.ts';

const argv = process.argv.slice(2);
const config = loadConfig(process.env, argv);
const { tickets, seed } = parseSeedArgs(argv);
const db = await openDb(config);
try {
  await migrate(db);
  // The same keys the server will use (env, or the data folder's key files): customers are encrypted.
  installPrivacyKeys(await resolveDataKeys(config, db));
  if (!(await isDatabaseEmpty(db))) {
    console.error('The database already has data; seeding needs an empty one.');
    process.exitCode = 1;
  } else {
    console.log(`Seeding ${tickets} tickets (seed ${seed}) into ${describe()}…`);
    const summary = await seedDemoData(db, { tickets, seed, onProgress: (m) => console.log(`  ${m}`) });
    // A server already running on this database tells its clients to pull.
    await db.notify(POKE_CHANNEL);
    console.log(
      `Done in ${(summary.ms / 1000).toFixed(1)} s: ${summary.customers} customers, ${summary.orders} orders, ` +
        `${summary.tickets} tickets, ${summary.events} events.`,
    );
    for (const line of demoAccessLines()) console.log(line);
  }
} finally {
  await db.close();
}

function describe(): string {
  return config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir ?? 'memory'}`;
}
