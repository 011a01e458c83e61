import { Dexie } from 'dexie';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { onTableMutated } from '../../db/onTableMutated.ts';

/**
 * Masked customer names for queue rows, kept in memory per database. A fast scroll shows a screenful
 * of new rows every frame: a live query per frame (subscribe, bulkGet, re-render, unsubscribe) made
 * those frames long, while the names themselves almost never change. Any write to the customers
 * table (this window's or another's) empties the cache; rows then read their names again.
 */
interface NameCache {
  names: Map<string, string | null>;
  loading: Set<string>;
  version: number;
  listeners: Set<() => void>;
  /** Set while someone listens: the customers table's write listener. */
  stopListening: (() => void) | null;
}

/** Beyond this many names the cache starts over (masked names only, but memory is not free). */
const MAX_NAMES = 50_000;

const caches = new WeakMap<CareDeskDb, NameCache>();

function cacheOf(db: CareDeskDb): NameCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { names: new Map(), loading: new Set(), version: 0, listeners: new Set(), stopListening: null };
    caches.set(db, cache);
  }
  return cache;
}

/** The first listener starts watching the customers table; the last one stops it and forgets. */
function listen(db: CareDeskDb, cache: NameCache, listener: () => void): () => void {
  cache.listeners.add(listener);
  cache.stopListening ??= onTableMutated(db, 'customers', () => {
    cache.names.clear();
    changed(cache);
  });
  return () => {
    cache.listeners.delete(listener);
    if (cache.listeners.size > 0) return;
    cache.stopListening?.();
    cache.stopListening = null;
    // Unwatched names may go stale: a later subscriber reads them again.
    cache.names.clear();
  };
}

function changed(cache: NameCache): void {
  cache.version += 1;
  for (const listener of cache.listeners) listener();
}

async function load(db: CareDeskDb, cache: NameCache, ids: readonly string[]): Promise<void> {
  const wanted = ids.filter((id) => !cache.names.has(id) && !cache.loading.has(id));
  if (wanted.length === 0) return;
  for (const id of wanted) cache.loading.add(id);
  try {
    const customers = await db.customers.bulkGet(wanted);
    if (cache.names.size + wanted.length > MAX_NAMES) cache.names.clear();
    wanted.forEach((id, i) => cache.names.set(id, customers[i]?.pii.name.masked ?? null));
    changed(cache);
  } catch (error) {
    // A closed database means the workspace is going away (sign-out, wipe): nothing to show.
    if (!(error instanceof Dexie.DatabaseClosedError)) throw error;
  } finally {
    for (const id of wanted) cache.loading.delete(id);
  }
}

/**
 * Masked names of the customers on screen (the virtualised rows). A name is undefined while its
 * read is in flight and null when the customer is not cached.
 */
export function useCustomerNames(
  db: CareDeskDb,
  customerIds: readonly string[],
): (customerId: string) => string | null | undefined {
  const cache = cacheOf(db);
  // Stable: a new subscribe function would unsubscribe and resubscribe on every render (every
  // scroll frame), and the last unsubscribe forgets the names.
  const subscribe = useCallback((listener: () => void) => listen(db, cache, listener), [db, cache]);
  useSyncExternalStore(subscribe, () => cache.version);
  const missing = customerIds.filter((id) => !cache.names.has(id));
  const key = missing.join(',');
  useEffect(() => {
    if (key) void load(db, cache, key.split(','));
  }, [db, cache, key]);
  return (customerId) => cache.names.get(customerId);
}
