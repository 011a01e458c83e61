export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './createSyncEngine.ts';
export { LocalMutationError, LOCAL_MUTATORS, applyLocalMutation } from './localMutators.ts';
export { applyPullResponse, rebaseLocal } from './rebase.ts';
export type { SyncStatus, SyncStatusStore } from './syncStatus.ts';
