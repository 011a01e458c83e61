import type { FastifyInstance } from 'fastify';
import { LoginResponse } from '@shared/api/http.ts';
import type { PullResponse } from '@shared/sync/protocol.ts';
import { createServer } from '../app.ts';
import { loadConfig, type ServerConfig } from '../config.ts';
import type { Db } from '../db/types.ts';
import { seedDemoData } from '../seed/seedDemoData.ts';
import type { TestDriver } from './testDrivers.ts';

export const TEST_INTAKE_KEY = 'test-intake-key';
/** A fixed clock for seeded data, so a test file sees the same rows on every run. */
export const SEED_NOW = Date.UTC(2026, 0, 15, 8, 0, 0);

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...loadConfig({}, ['--in-memory']),
    logLevel: 'silent',
    jwtSecret: 'test-secret-test-secret-test-secret',
    // Fixed privacy keys: PostgreSQL mode requires them (privacy/resolveDataKeys.ts).
    dataKeys: `test:${Buffer.alloc(32, 1).toString('base64')}`,
    phoneIndexKey: Buffer.alloc(32, 2).toString('base64'),
    intakeKeys: [TEST_INTAKE_KEY],
    ...overrides,
  };
}

export interface TestServer {
  app: FastifyInstance;
  db: Db;
  peer: (() => Promise<Db>) | null;
  close(): Promise<void>;
}

/** One database per test file (initdb takes seconds), seeded with a small demo data set. */
export async function startTestServer(
  driver: TestDriver,
  options: { tickets?: number; seed?: number; config?: Partial<ServerConfig> } = {},
): Promise<TestServer> {
  const database = await driver.open();
  const server = await createServer(testConfig(options.config), { db: database.db });
  await seedDemoData(database.db, {
    tickets: options.tickets ?? 60,
    seed: options.seed ?? 42,
    now: SEED_NOW,
  });
  return {
    app: server.app,
    db: database.db,
    peer: database.openPeer,
    async close() {
      await server.close();
      await database.dispose();
    },
  };
}

export async function login(app: FastifyInstance, username: string): Promise<LoginResponse> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: `demo-${username}` },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return LoginResponse.parse(res.json());
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function pull(
  app: FastifyInstance,
  token: string,
  body: { clientId: string; cookie: string | null; limit?: number },
) {
  return app.inject({ method: 'POST', url: '/api/sync/pull', headers: bearer(token), payload: body });
}

export function push(app: FastifyInstance, token: string, body: object) {
  return app.inject({ method: 'POST', url: '/api/sync/push', headers: bearer(token), payload: body });
}

/** Pulls until `more` is false; returns every response in order. */
export async function pullAll(
  app: FastifyInstance,
  token: string,
  clientId: string,
  cookie: string | null,
  limit = 10_000,
): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  for (;;) {
    const res = await pull(app, token, { clientId, cookie, limit });
    if (res.statusCode !== 200) throw new Error(`pull: ${res.statusCode} ${res.body}`);
    const page = res.json<PullResponse>();
    pages.push(page);
    if (!page.more) return pages;
    cookie = page.cookie;
  }
}

/** Row count of a table, for "nothing changed" assertions. */
export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return Number(rows[0]!.n);
}

export async function syncVersion(db: Db): Promise<number> {
  const { rows } = await db.query<{ version: number }>('select version from sync_state');
  return Number(rows[0]!.version);
}
