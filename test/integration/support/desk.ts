import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { buildApi, type CareDeskApi } from '@shared/api/contract.ts';
import { createApiDispatcher } from '../../../electron/services/dispatchApiCall.ts';
import { createSoftwareKeyStore } from '../../../electron/services/keyStore/index.ts';
import { createMainServices, type MainServices } from '../../../electron/services/mainServices.ts';
import { CareDeskDb } from '../../../renderer/src/db/CareDeskDb.ts';
import { createSyncEngine, type SyncEngine } from '../../../renderer/src/sync/createSyncEngine.ts';

/**
 * One agent's desktop, assembled from the real parts in a Node process: main-process services
 * (software key store in memory), the contract's validate-and-dispatch step as IPC uses it, and the
 * renderer's Dexie cache (fake-indexeddb) with its sync engine.
 */
export interface Desk {
  api: CareDeskApi;
  db: CareDeskDb;
  engine: SyncEngine;
  services: MainServices;
  dbName: string;
  close(): Promise<void>;
}

export async function openDesk(serverUrl: string, username: string): Promise<Desk> {
  const services = createMainServices({
    serverUrl,
    keyStore: createSoftwareKeyStore({ memory: true }),
    host: 'electron',
    version: 'test',
  });
  const dispatch = createApiDispatcher(services.handlers);
  const api = buildApi(dispatch, (event, listener) => services.events.on(event, listener));
  const { agent } = await api.session.login({ username, password: `demo-${username}` });
  const dbName = `caredesk-it-${username}-${agent.id}`;
  const db = new CareDeskDb(dbName, { indexedDB, IDBKeyRange });
  const engine = createSyncEngine({ api, db, agentId: agent.id, retryDelaysMs: [100] });
  await engine.start();
  return {
    api,
    db,
    engine,
    services,
    dbName,
    async close() {
      engine.stop();
      await services.dispose();
      db.close();
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
