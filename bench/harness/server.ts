import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startServer } from '../../server/src/app.ts';
import { createAccessTokens, type AccessTokens } from '../../server/src/auth/accessTokens.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDb } from '../../server/src/db/openDb.ts';
import type { Db } from '../../server/src/db/types.ts';
import { timeDb, type TimedDb } from './timedDb.ts';

export interface BenchServer {
  url: string;
  /** The server's own Db (through the timing wrapper): baselines run through it. */
  db: Db;
  timed: TimedDb;
  /** Signs access tokens the server accepts (this run's key, made here; nothing is read from disk). */
  tokens: AccessTokens;
  /**
   * Server-side time of each request to `path` (headers parsed → response finished), recorded from the
   * Node http server's own events; cleared by `reset`. Client latency minus this is connection set-up
   * and time queued in the event loop before the request was even parsed.
   */
  serverTimes(path: string): number[];
  resetServerTimes(): void;
  close(): Promise<void>;
}

/**
 * The sync server in this process on a free loopback port, in demo mode (the demo intake key works),
 * over the PGlite folder `<dir>/server`. Logging off: a log line per request would be measured too.
 */
export async function startBenchServer(dir: string): Promise<BenchServer> {
  const secret = randomBytes(32).toString('base64url');
  const config = {
    ...loadConfig({}, ['--demo', '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'server')]),
    logLevel: 'silent' as const,
    jwtSecret: secret,
  };
  const timed = timeDb(await openDb(config));
  try {
    const server = await startServer(config, { db: timed.db });
    let times = new Map<string, number[]>();
    server.app.server.on('request', (req, res) => {
      const started = performance.now();
      res.on('finish', () => {
        const path = (req.url ?? '').split('?')[0]!;
        const list = times.get(path) ?? [];
        list.push(performance.now() - started);
        times.set(path, list);
      });
    });
    return {
      url: server.url,
      db: timed.db,
      timed,
      tokens: createAccessTokens(secret),
      serverTimes: (path) => times.get(path) ?? [],
      resetServerTimes: () => {
        times = new Map();
      },
      async close() {
        await server.close();
        await timed.db.close();
      },
    };
  } catch (err) {
    await timed.db.close();
    throw err;
  }
}
