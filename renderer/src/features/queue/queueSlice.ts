import type { StateCreator } from 'zustand';

/** The queue's UI state: which case is open. The tickets themselves live in Dexie. */
export interface QueueSlice {
  selectedTicketId: string | null;
  selectTicket(id: string | null): void;
}

export const createQueueSlice: StateCreator<QueueSlice, [], [], QueueSlice> = (set) => ({
  selectedTicketId: null,
  selectTicket: (selectedTicketId) => set({ selectedTicketId }),
});
