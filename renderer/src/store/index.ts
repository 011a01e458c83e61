import { create } from 'zustand';
import {
  createCustomerSlice,
  INITIAL_CUSTOMER_STATE,
  type CustomerSlice,
} from '../features/customer/customerSlice.ts';
import { createSessionSlice, type SessionSlice } from '../features/login/sessionSlice.ts';
import { createQueueSlice, INITIAL_QUEUE_STATE, type QueueSlice } from '../features/queue/queueSlice.ts';
import {
  createShortcutsSlice,
  INITIAL_SHORTCUTS_STATE,
  type ShortcutsSlice,
} from '../features/shortcuts/shortcutsSlice.ts';
import { createSyncSlice, type SyncSlice } from '../features/sync/syncSlice.ts';
import { INITIAL_SYNC_STATUS } from '../sync/syncStatus.ts';

export type AppState = SessionSlice & QueueSlice & SyncSlice & CustomerSlice & ShortcutsSlice;

/** UI state only, one slice per feature; server data lives in Dexie. Use selectors. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createQueueSlice(...a),
  ...createSyncSlice(...a),
  ...createCustomerSlice(...a),
  ...createShortcutsSlice(...a),
}));

/** Back to a signed-out, nothing-selected state (logout, session expiry, tests). */
export function resetAppStore(): void {
  useAppStore.setState({
    agent: null,
    syncStatus: INITIAL_SYNC_STATUS,
    ...INITIAL_QUEUE_STATE,
    ...INITIAL_CUSTOMER_STATE,
    ...INITIAL_SHORTCUTS_STATE,
  });
}
