import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiCallError } from '@shared/api/errors.ts';
import type { KeyStore } from '../services/keyStore/keyStore.ts';
import { createSoftwareKeyStore } from '../services/keyStore/softwareKeyStore.ts';
import type { LiveChannelTuning } from '../services/liveChannel.ts';
import { createMainServices } from '../services/mainServices.ts';
import { createVault } from '../services/vault/vault.ts';
import { contentSecurityPolicy } from '../window/contentSecurityPolicy.ts';
import { createHostSessionRegistry } from './hostSessions.ts';
import { hostRoutes } from './hostRoutes.ts';
import { httpStatusFor } from './httpStatusFor.ts';
import { createLaunchToken } from './launchToken.ts';
import type { EmbeddedServerOptions } from './embeddedServer.ts';

export interface BrowserHostOptions {
  /** 4780 by default; 0 picks a free port (tests). */
  port?: number;
  /** Loopback only: the host serves a signed-in workstation to whoever can reach it. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** The built renderer; dist/renderer by default. */
  rendererDir?: string;
  /** An already running sync server… */
  serverUrl?: string;
  /** …or one started in this process, in demo mode, seeded with demo tickets when empty. */
  embedded?: EmbeddedServerOptions;
  /**
   * Where the host keeps its data key (a software key store: browsers have no safeStorage, so this is
   * weaker than the desktop app). Defaults to `embedded.dataDir`; null keeps the key in memory only.
   */
  dataDir?: string | null;
  keyStore?: KeyStore;
  version?: string;
  /** Host sessions unused this long (and with no open event stream) are disposed; 1 h by default. */
  idleMs?: number;
  fetch?: typeof fetch;
  liveTuning?: Partial<LiveChannelTuning>;
}

export interface BrowserHost {
  /** Open this: the page reads the per-launch token from the hash (never sent to the server in a URL path). */
  url: string;
  origin: string;
  token: string;
  serverUrl: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/**
 * Serves the built renderer and the same contract the Electron preload exposes, over HTTP on
 * loopback, so CareDesk runs in a browser where Electron cannot. Each browser tab gets its own
 * MainServices (its own sign-in); the per-launch token keeps other local pages and processes out.
 */
export async function startBrowserHost(options: BrowserHostOptions = {}): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`The browser host binds to loopback only, not ${host}.`);

  let embedded: { url: string; close(): Promise<void> } | null = null;
  let serverUrl = options.serverUrl;
  if (options.embedded) {
    // Loaded on demand: only this path pulls in the server (and its database engine).
    const { startEmbeddedServer } = await import('./embeddedServer.ts');
    embedded = await startEmbeddedServer(options.embedded);
    serverUrl = embedded.url;
  }
  if (!serverUrl) throw new Error('startBrowserHost needs either serverUrl or embedded.');

  const dataDir = options.dataDir !== undefined ? options.dataDir : (options.embedded?.dataDir ?? null);
  const keyStore =
    options.keyStore ??
    createSoftwareKeyStore(dataDir ? { filePath: join(dataDir, 'host-data-key') } : { memory: true });
  // One vault for every tab: separate vaults racing on an empty key store would save different keys.
  const vault = createVault(keyStore);
  vault.catch(() => undefined); // surfaced to the tab as vault_unavailable on its first pull

  const token = createLaunchToken();
  const resolvedServerUrl = serverUrl;
  const sessions = createHostSessionRegistry({
    idleMs: options.idleMs,
    createServices: () =>
      createMainServices({
        serverUrl: resolvedServerUrl,
        keyStore,
        vault,
        fetch: options.fetch,
        host: 'browser',
        version: options.version ?? '0.0.0-dev',
        liveTuning: options.liveTuning,
      }),
  });

  // logger: false — request logs would carry the token (events URL) and session ids.
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  let allowedHosts = new Set<string>();
  let origin = '';

  app.addHook('onRequest', async (request, reply) => {
    // DNS rebinding guard: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(403).send(new ApiCallError('forbidden', 'Unexpected Host header.').toBody());
    }
    const requestOrigin = request.headers.origin;
    if (request.method === 'POST' && requestOrigin !== undefined && requestOrigin !== origin) {
      return reply
        .code(403)
        .send(new ApiCallError('forbidden', 'Cross-origin calls are not allowed.').toBody());
    }
  });

  const csp = contentSecurityPolicy();
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
  });

  app.setErrorHandler((err: { statusCode?: number; message: string }, _request, reply) => {
    // Fastify's own 4xx (bad JSON, body too large); anything else is ours and unexpected.
    const status = err.statusCode ?? 500;
    const apiError =
      status < 500
        ? new ApiCallError('bad_request', err.message)
        : new ApiCallError('internal', 'Something went wrong in the CareDesk browser host.');
    return reply.code(status < 500 ? status : httpStatusFor('internal')).send(apiError.toBody());
  });

  await app.register(hostRoutes({ token, sessions }));
  await app.register(fastifyStatic, {
    root: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    index: 'index.html',
  });
  app.setNotFoundHandler((request, reply) => {
    // The renderer is one page: unknown GETs outside the API get it, so a reload on any route works.
    if (request.method === 'GET' && !request.url.startsWith('/host/') && !/\.[a-z0-9]+$/i.test(request.url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply
      .code(404)
      .send(new ApiCallError('not_found', `No route ${request.method} ${request.url}`).toBody());
  });

  try {
    await app.listen({ port: options.port ?? 4780, host });
  } catch (err) {
    await embedded?.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4780);
  const urlHost = host === '::1' ? '[::1]' : host;
  origin = `http://${urlHost}:${port}`;
  allowedHosts = new Set([`${urlHost}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);

  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref();

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    serverUrl: resolvedServerUrl,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        // Sessions first: their logouts still need the (possibly embedded) sync server.
        await sessions.disposeAll();
        await app.close();
        await embedded?.close();
      })()),
  };
}
