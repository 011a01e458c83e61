import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { createServer, type CareDeskServer } from '../../../server/src/app.ts';
import type { ServerConfig } from '../../../server/src/config.ts';
import type { Db } from '../../../server/src/db/types.ts';
import { DEMO_ACCOUNTS } from '../../../server/src/seed/demoAccounts.ts';
import { seedDemoData } from '../../../server/src/seed/seedDemoData.ts';
import { POKE_CHANNEL } from '../../../server/src/sync/pokeHub.ts';
import { PROTOCOL_HEADER } from '@shared/sync/protocol.ts';
import type { TestDriver } from '../../../server/src/testing/testDrivers.ts';
import { SEED_NOW, testConfig } from '../../../server/src/testing/testServer.ts';

/** The base URL the desks are configured with; requests never leave the process. */
export const SIM_URL = 'http://caredesk.sim';

export interface SimServer {
  db: Db;
  driver: TestDriver['name'];
  /** fetch into the current server instance (Fastify inject): what the fault layer wraps. */
  fetch: typeof fetch;
  /**
   * How pokes reach the desks' live channels: `live` relays the database's NOTIFY (coalesced over
   * `pokeDelayMs`), `manual` only on pokeAll(). Either way they are data-free.
   */
  pokes: 'live' | 'manual';
  pokeAll(): void;
  /**
   * Stops the server instance and starts a new one over the same database (requests fail meanwhile),
   * optionally with other settings (e.g. a higher minimum client protocol).
   */
  restart(config?: Partial<ServerConfig>): Promise<void>;
  readonly restarts: number;
  /** A second independent handle on the database (PostgreSQL only). */
  peer: (() => Promise<Db>) | null;
  close(): Promise<void>;
}

export interface SimServerOptions {
  driver: TestDriver;
  tickets: number;
  seed: number;
  pokes?: 'live' | 'manual';
  pokeDelayMs?: number;
}

const encoder = new TextEncoder();

/**
 * The real sync server (routes, auth, PGlite or PostgreSQL) driven in-process: requests go through
 * Fastify's inject instead of sockets, which keeps thousands of requests cheap and lets a restart
 * swap the instance in place. Only the SSE stream is simulated (inject cannot stream): it carries
 * the pokes the database's LISTEN/NOTIFY delivers, exactly like the real events route.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const database = await options.driver.open();
  // Fixed for the life of the database, as a deployment's keys are: a restart must read what the
  // previous instance wrote (customer privacy columns are encrypted at rest).
  const keys = {
    dataKeys: `k1:${randomBytes(32).toString('base64')}`,
    phoneIndexKey: randomBytes(32).toString('base64'),
  };
  const config: ServerConfig = { ...testConfig(), ...keys };
  const settings: Partial<ServerConfig> = {};
  let server: CareDeskServer | null = await createServer(config, { db: database.db });
  await seedDemoData(database.db, { tickets: options.tickets, seed: options.seed, now: SEED_NOW });
  await cheapenPasswords(database.db);
  let restarts = 0;

  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const send = (text: string) => {
    for (const stream of [...streams]) {
      try {
        stream.enqueue(encoder.encode(text));
      } catch {
        streams.delete(stream);
      }
    }
  };
  const dropStreams = () => {
    for (const stream of [...streams]) {
      try {
        stream.close();
      } catch {
        // already closed
      }
    }
    streams.clear();
  };

  let pokeTimer: ReturnType<typeof setTimeout> | null = null;
  const pokeAll = () => send('event: poke\ndata: {}\n\n');
  const sim: SimServer = {
    db: database.db,
    driver: options.driver.name,
    pokes: options.pokes ?? 'live',
    pokeAll,
    get restarts() {
      return restarts;
    },
    peer: database.openPeer,
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname === '/api/sync/events') {
        const claimed = Number(new Headers(init?.headers).get(PROTOCOL_HEADER) ?? 1);
        if (claimed < (settings.minClientProtocol ?? 1)) {
          const body = {
            code: 'client_too_old',
            message: 'update',
            details: { minimum: settings.minClientProtocol, received: claimed },
          };
          return new Response(JSON.stringify(body), {
            status: 426,
            headers: { 'content-type': 'application/json' },
          });
        }
        return eventStream(init?.signal ?? undefined);
      }
      const current = server;
      if (!current) throw new TypeError('fetch failed'); // restarting: connection refused
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
      const res = await current.app.inject({
        method: (init?.method ?? 'GET') as 'GET',
        url: url.pathname + url.search,
        headers,
        ...(typeof init?.body === 'string' ? { payload: init.body } : {}),
      });
      const out = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      }
      const body = res.statusCode === 204 ? null : new Uint8Array(res.rawPayload);
      return new Response(body, { status: res.statusCode, headers: out });
    },
    async restart(overrides = {}) {
      const old = server;
      server = null;
      dropStreams(); // the live channels see the connection end and reconnect
      await old?.close();
      server = await createServer({ ...config, ...overrides }, { db: database.db });
      settings.minClientProtocol = overrides.minClientProtocol;
      restarts += 1;
    },
    async close() {
      if (pokeTimer) clearTimeout(pokeTimer);
      await unlisten();
      dropStreams();
      await server?.close();
      server = null;
      await database.dispose();
    },
  };

  const unlisten = await database.db.listen(POKE_CHANNEL, () => {
    if (sim.pokes !== 'live' || pokeTimer) return;
    pokeTimer = setTimeout(() => {
      pokeTimer = null;
      pokeAll();
    }, options.pokeDelayMs ?? 20);
  });

  function eventStream(signal: AbortSignal | undefined): Response {
    if (!server) throw new TypeError('fetch failed');
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        c.enqueue(encoder.encode(': connected\n\n'));
        streams.add(c);
      },
      cancel() {
        streams.delete(controller);
      },
    });
    signal?.addEventListener('abort', () => {
      streams.delete(controller);
      try {
        controller.error(new DOMException('The operation was aborted.', 'AbortError'));
      } catch {
        // already closed
      }
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }

  return sim;
}

/**
 * Re-hashes the demo passwords with argon2's cheapest settings: fifty desks signing in would
 * otherwise spend half a minute in argon2 (64 MiB, 3 passes each). Verification reads the cost from
 * the hash, so the server code is unchanged.
 */
async function cheapenPasswords(db: Db): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const hash = await argon2.hash(account.password, {
      type: argon2.argon2id,
      memoryCost: 1024,
      timeCost: 1,
    });
    await db.query('update agents set password_hash = $1 where username = $2', [hash, account.username]);
  }
}
