/** What the header shows about sync; updated by the engine, read through `engine.status`. */
export interface SyncStatus {
  /** The last call to the server (or the live channel) succeeded. */
  online: boolean;
  /** A pull or push is in flight. */
  syncing: boolean;
  /** Mutations not yet accepted by the server. */
  pending: number;
  /** Mutations the server refused (kept in the `rejected` table). */
  rejected: number;
  lastSyncedAt: number | null;
  /** The code of the last failure (`errors.<code>`), null after a success. */
  lastError: string | null;
}

export interface SyncStatusStore {
  get(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
  online: true,
  syncing: false,
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  lastError: null,
};

export function createStatusStore(): SyncStatusStore & { set(patch: Partial<SyncStatus>): void } {
  let status = INITIAL_SYNC_STATUS;
  const listeners = new Set<(status: SyncStatus) => void>();
  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    set(patch) {
      const next = { ...status, ...patch };
      if ((Object.keys(next) as (keyof SyncStatus)[]).every((k) => next[k] === status[k])) return;
      status = next;
      for (const listener of listeners) listener(status);
    },
  };
}
