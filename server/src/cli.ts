/**
 * npm run server -- [--port N] [--host H] [--data-dir D] [--in-memory] [--demo [--tickets N] [--seed S]]
 * Starts the sync server. With --demo an empty database is first filled with demo data.
 */
import { startServer } from './app.ts';
import { loadConfig } from './config.ts';
import { pgliteDataPath } from './db/openDb.ts';
import { isDatabaseEmpty } from './seed/isDatabaseEmpty.ts';
import { parseSeedArgs } from './seed/parseSeedArgs.ts';
import { demoAccessLines } from './seed/printDemoAccess.ts';
import { seedDemoData } from './seed/seedDemoData.ts';

const argv = process.argv.slice(2);
const config = loadConfig(process.env, argv);

const server = await startServer(config, {
  async beforeListen({ db }) {
    if (!config.demo || !(await isDatabaseEmpty(db))) return;
    const { tickets, seed } = parseSeedArgs(argv);
    console.log(`Empty database: seeding ${tickets} demo tickets…`);
    const summary = await seedDemoData(db, { tickets, seed });
    console.log(`Seeded in ${(summary.ms / 1000).toFixed(1)} s.`);
  },
});

console.log(`CareDesk sync server listening on ${server.url}`);
console.log(
  config.databaseUrl
    ? 'Database: PostgreSQL (DATABASE_URL)'
    : `Database: PGlite, data folder ${config.dataDir ? pgliteDataPath(config.dataDir) : '(in memory)'}`,
);
if (config.demo) for (const line of demoAccessLines()) console.log(line);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
