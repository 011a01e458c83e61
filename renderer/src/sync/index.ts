export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './createSyncEngine.ts';
export { LocalMutationError, LOCAL_MUTATORS, applyLocalMutation } from './localMutators.ts';
export { applyPullResponse, rebaseLocal } from './rebase.ts';
export { StorageFullError, isQuotaError } from './storageErrors.ts';
export { syncLockFor, type SyncLock } from './syncLock.ts';
export { syncPhase, initialSyncPercent, INITIAL_SYNC_STATUS } from './syncStatus.ts';
export type { SyncPhase, SyncStatus, SyncStatusStore } from './syncStatus.ts';
