import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { buildApi, type CareDeskApi } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { createApiDispatcher } from '../../electron/services/dispatchApiCall.ts';
import { createSoftwareKeyStore } from '../../electron/services/keyStore/index.ts';
import type { LiveChannelTuning } from '../../electron/services/liveChannel.ts';
import { createMainServices, type MainServices } from '../../electron/services/mainServices.ts';
import { CareDeskDb } from '../../renderer/src/db/CareDeskDb.ts';
import type { CachedTicket } from '../../renderer/src/db/types.ts';
import { activeTicketsStore } from '../../renderer/src/features/queue/activeTickets.ts';
import {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../renderer/src/sync/createSyncEngine.ts';
import { installStorageFaults, type StorageFaults } from './storageFaults.ts';

/**
 * One agent's desktop, assembled from the real parts in a Node process: main-process services
 * (software key store in memory), the contract's validate-and-dispatch step as IPC uses it, and
 * renderer windows — each a Dexie cache (fake-indexeddb) with its sync engine. Windows can crash
 * and reopen over the same database while the main process (session, live channel) lives on, as
 * when Electron reloads a crashed renderer.
 */
export interface DeskOptions {
  /** The main process's fetch: a fault-injecting one in the sync fault tests. */
  fetch?: typeof fetch;
  /** The IndexedDB database name; a fresh one per desk by default. */
  dbName?: string;
  /** The renderer's clock (client clock skew); the main process and server keep real time. */
  now?: () => number;
  engine?: Partial<Omit<SyncEngineOptions, 'api' | 'db' | 'agentId' | 'now'>>;
  liveTuning?: Partial<LiveChannelTuning>;
  /** Start the main window's engine (pull + push) on open. Default true. */
  start?: boolean;
}

/** Thrown to calls a crashed window still had in flight: their answers never reach it. */
export class WindowCrashed extends Error {
  override readonly name = 'WindowCrashed';
  constructor() {
    super('the window crashed');
  }
}

export interface DeskWindow {
  db: CareDeskDb;
  engine: SyncEngine;
  /** Fails a chosen write of this window's database (crash or quota). */
  storage: StorageFaults;
  /**
   * The active tickets this window's queue shows (the in-memory store every workspace window keeps,
   * reading beside the engine's transactions as it does there); undefined until its first read.
   */
  queue(): CachedTicket[] | undefined;
  readonly crashed: boolean;
  /**
   * Abandons the window as a renderer crash would: the engine stops, the database connection closes
   * (a transaction already running completes or aborts whole, as IndexedDB guarantees), and calls
   * still in flight never deliver their answers (a request may still have reached the server).
   */
  crash(): void;
  /** Closes the window normally. */
  close(): void;
}

export interface Desk {
  username: string;
  agent: Agent;
  /** The main process's API, unguarded (as the preload exposes it). */
  api: CareDeskApi;
  services: MainServices;
  dbName: string;
  /** The main window. */
  readonly window: DeskWindow;
  readonly db: CareDeskDb;
  readonly engine: SyncEngine;
  /** Crashes the main window and opens a new one over the same database. */
  reload(options?: { start?: boolean }): Promise<DeskWindow>;
  /** Another window over the same database and main process (shares the outbox). */
  openWindow(options?: { start?: boolean }): Promise<DeskWindow>;
  close(): Promise<void>;
}

export async function openDesk(
  serverUrl: string,
  username: string,
  options: DeskOptions = {},
): Promise<Desk> {
  const services = createMainServices({
    serverUrl,
    keyStore: createSoftwareKeyStore({ memory: true }),
    host: 'electron',
    version: 'test',
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.liveTuning ? { liveTuning: options.liveTuning } : {}),
  });
  const dispatch = createApiDispatcher(services.handlers);
  const api = buildApi(dispatch, (event, listener) => services.events.on(event, listener));
  const { agent } = await api.session.login({ username, password: `demo-${username}` });
  const dbName = options.dbName ?? `caredesk-it-${username}-${agent.id}-${crypto.randomUUID()}`;
  const windows = new Set<DeskWindow>();

  async function openWindow(start: boolean): Promise<DeskWindow> {
    let dead = false;
    const killers = new Set<() => void>();
    const guard = <T>(call: Promise<T>): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        if (dead) {
          call.catch(() => undefined); // sent anyway: its answer is dropped
          return reject(new WindowCrashed());
        }
        const kill = () => reject(new WindowCrashed());
        killers.add(kill);
        call.then(
          (value) => {
            killers.delete(kill);
            if (dead) reject(new WindowCrashed());
            else resolve(value);
          },
          (err: unknown) => {
            killers.delete(kill);
            reject(dead ? new WindowCrashed() : err);
          },
        );
      });
    const windowApi = buildApi(
      (channel, input) => guard(dispatch(channel, input)),
      (event, listener) => services.events.on(event, () => (dead ? undefined : listener())),
    );
    const db = new CareDeskDb(dbName, { indexedDB, IDBKeyRange });
    const storage = installStorageFaults(db);
    const engine = createSyncEngine({
      api: windowApi,
      db,
      agentId: agent.id,
      retryDelaysMs: [100],
      ...options.engine,
      ...(options.now ? { now: options.now } : {}),
    });
    const queue = activeTicketsStore(db);
    const stopQueue = queue.subscribe(() => undefined);
    const window: DeskWindow = {
      db,
      engine,
      storage,
      queue: () => queue.get(),
      get crashed() {
        return dead;
      },
      crash() {
        if (dead) return;
        dead = true;
        engine.stop();
        stopQueue();
        db.close();
        for (const kill of [...killers]) kill();
        windows.delete(window);
      },
      close() {
        engine.stop();
        stopQueue();
        db.close();
        windows.delete(window);
      },
    };
    windows.add(window);
    if (start) await engine.start();
    return window;
  }

  let main = await openWindow(options.start ?? true);
  return {
    username,
    agent,
    api,
    services,
    dbName,
    get window() {
      return main;
    },
    get db() {
      return main.db;
    },
    get engine() {
      return main.engine;
    },
    async reload(reloadOptions = {}) {
      main.crash();
      main = await openWindow(reloadOptions.start ?? true);
      return main;
    },
    openWindow: (windowOptions = {}) => openWindow(windowOptions.start ?? true),
    async close() {
      for (const window of [...windows]) window.close();
      await services.dispose();
    },
  };
}

/** Every value of every object store of a database, read with the raw IndexedDB API (no Dexie). */
export async function dumpRawIndexedDb(name: string): Promise<string> {
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  try {
    const stores = Array.from(raw.objectStoreNames);
    const tx = raw.transaction(stores, 'readonly');
    const dumps = await Promise.all(
      stores.map(
        (store) =>
          new Promise<unknown[]>((resolve, reject) => {
            const req = tx.objectStore(store).getAll();
            req.onsuccess = () => resolve(req.result as unknown[]);
            req.onerror = () => reject(req.error);
          }),
      ),
    );
    return JSON.stringify(dumps);
  } finally {
    raw.close();
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
