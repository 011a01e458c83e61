import type { StateCreator } from 'zustand';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../../sync/syncStatus.ts';

/** The sync engine's status, mirrored for the header indicator. */
export interface SyncSlice {
  syncStatus: SyncStatus;
  setSyncStatus(status: SyncStatus): void;
}

export const createSyncSlice: StateCreator<SyncSlice, [], [], SyncSlice> = (set) => ({
  syncStatus: INITIAL_SYNC_STATUS,
  setSyncStatus: (syncStatus) => set({ syncStatus }),
});
