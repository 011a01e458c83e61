import { create } from 'zustand';
import { createSessionSlice, type SessionSlice } from '../features/login/sessionSlice.ts';
import { createQueueSlice, type QueueSlice } from '../features/queue/queueSlice.ts';
import { createSyncSlice, type SyncSlice } from '../features/sync/syncSlice.ts';
import { INITIAL_SYNC_STATUS } from '../sync/syncStatus.ts';

export type AppState = SessionSlice & QueueSlice & SyncSlice;

/** UI state only, one slice per feature; server data lives in Dexie. Use selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createQueueSlice(...a),
  ...createSyncSlice(...a),
}));

/** Back to a signed-out, nothing-selected state (logout, session expiry, tests). */
export function resetAppStore(): void {
  useAppStore.setState({ agent: null, selectedTicketId: null, syncStatus: INITIAL_SYNC_STATUS });
}
