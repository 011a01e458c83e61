/**
 * Runs `work` while holding this database's sync lock, so two windows over one database never push
 * or apply pulls at the same time (they would send the same outbox twice, or apply an older pull
 * over a newer one). Mutations need no lock: each is one IndexedDB transaction.
 */
export type SyncLock = <T>(work: () => Promise<T>) => Promise<T>;

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** Per-name tail of the in-process queue (windows of one process, and Node tests). */
const tails = new Map<string, Promise<unknown>>();

function inProcessLock(name: string): SyncLock {
  return <T>(work: () => Promise<T>) => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return run;
  };
}

/**
 * The sync lock of database `dbName`: a Web Lock when the platform has them (every window of the app
 * shares it, and a crashed window's lock is released by the browser), an in-process queue otherwise.
 */
export function syncLockFor(dbName: string): SyncLock {
  const name = `caredesk-sync:${dbName}`;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks && typeof locks.request === 'function') {
    return <T>(work: () => Promise<T>) => locks.request<T>(name, work);
  }
  return inProcessLock(name);
}
