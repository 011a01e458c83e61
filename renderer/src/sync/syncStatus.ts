/** What the header shows about sync; updated by the engine, read through `engine.status`. */
export interface SyncStatus {
  /** The last call to the server (or the live channel) succeeded. */
  online: boolean;
  /** When the engine last went from online to offline (client clock); null while online. */
  offlineSince: number | null;
  /** A pull or push is in flight. */
  syncing: boolean;
  /** While a push runs: "pushed `pushed` of `total`" (total grows if the agent keeps working). */
  push: { pushed: number; total: number } | null;
  /** Mutations not yet accepted by the server. */
  pending: number;
  /** Mutations the server refused (kept in the `rejected` table until discarded or re-issued). */
  rejected: number;
  /**
   * The server refuses this client's protocol version (426): syncing has stopped, the outbox is
   * kept, the agent must update CareDesk. Cleared only by a new engine (a restart after updating).
   */
  upgradeRequired: boolean;
  /**
   * While a sync from scratch streams in (first sign-in, or after the server told the cache to
   * clear): rows applied so far and the server's estimate of the total (null if it sent none).
   */
  initialSync: { applied: number; estimatedTotal: number | null } | null;
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
  offlineSince: null,
  syncing: false,
  push: null,
  pending: 0,
  rejected: 0,
  upgradeRequired: false,
  initialSync: null,
  lastSyncedAt: null,
  lastError: null,
};

/** The one word for an indicator, most important first. */
export type SyncPhase = 'upgrade_required' | 'offline' | 'initial_sync' | 'syncing' | 'online';

export function syncPhase(status: SyncStatus): SyncPhase {
  if (status.upgradeRequired) return 'upgrade_required';
  if (!status.online) return 'offline';
  if (status.initialSync) return 'initial_sync';
  return status.syncing ? 'syncing' : 'online';
}

/**
 * How far a first sync is, 0–99 (100 only once it is over), or null when the server sent no estimate.
 * `step` rounds down to whole steps, for a header that should not change on every chunk.
 */
export function initialSyncPercent(
  progress: NonNullable<SyncStatus['initialSync']>,
  step = 1,
): number | null {
  const { applied, estimatedTotal } = progress;
  if (!estimatedTotal) return null;
  const percent = Math.min(99, Math.floor((100 * applied) / estimatedTotal));
  return percent - (percent % step);
}

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
