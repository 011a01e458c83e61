import { ApiCallError } from '@shared/api/errors.ts';

/**
 * The local database is out of space. Thrown by `mutate` (the change was not saved: its transaction
 * rolled back whole) and recorded as the sync status' lastError when a pull cannot be stored.
 * Code `storage_full` (`sync.reject.storage_full` / `errors.storage_full`).
 */
export class StorageFullError extends ApiCallError {
  constructor() {
    super('storage_full', 'The local database is full: the change was not saved.');
  }
}

/** Dexie reports a full disk as QuotaExceededError, directly or as the inner error of an abort. */
export function isQuotaError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ((e as { name?: unknown }).name === 'QuotaExceededError') return true;
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Runs a storage step, turning a quota failure into StorageFullError. */
export async function guardStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isQuotaError(err)) throw new StorageFullError();
    throw err;
  }
}
