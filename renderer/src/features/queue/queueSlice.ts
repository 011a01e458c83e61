import type { StateCreator } from 'zustand';
import {
  DEFAULT_QUEUE_QUERY,
  type QueueFilterKey,
  type QueueFilters,
  type QueueQuery,
  type QueueSort,
  type QueueViewId,
} from './queueModel.ts';

/** The queue's UI state: which case is open, and the view/filters/sort/search. Tickets live in Dexie. */
export interface QueueSlice {
  selectedTicketId: string | null;
  selectTicket(id: string | null): void;
  queueQuery: QueueQuery;
  setQueueView(view: QueueViewId): void;
  setQueueFilter<K extends QueueFilterKey>(key: K, value: QueueFilters[K] | undefined): void;
  clearQueueFilters(): void;
  setQueueSort(sort: QueueSort): void;
  setQueueSearch(search: string): void;
  /** Applies a saved view (its view, filters and sort; the search box is left alone). */
  applyQueueQuery(query: Pick<QueueQuery, 'view' | 'filters' | 'sort'>): void;
}

export const INITIAL_QUEUE_STATE = { selectedTicketId: null, queueQuery: DEFAULT_QUEUE_QUERY };

export const createQueueSlice: StateCreator<QueueSlice, [], [], QueueSlice> = (set) => ({
  ...INITIAL_QUEUE_STATE,
  selectTicket: (selectedTicketId) => set({ selectedTicketId }),
  setQueueView: (view) => set((s) => ({ queueQuery: { ...s.queueQuery, view } })),
  setQueueFilter: (key, value) =>
    set((s) => {
      const filters = { ...s.queueQuery.filters };
      if (value === undefined) delete filters[key];
      else filters[key] = value;
      return { queueQuery: { ...s.queueQuery, filters } };
    }),
  clearQueueFilters: () => set((s) => ({ queueQuery: { ...s.queueQuery, filters: {} } })),
  setQueueSort: (sort) => set((s) => ({ queueQuery: { ...s.queueQuery, sort } })),
  setQueueSearch: (search) => set((s) => ({ queueQuery: { ...s.queueQuery, search } })),
  applyQueueQuery: ({ view, filters, sort }) =>
    set((s) => ({ queueQuery: { ...s.queueQuery, view, filters: { ...filters }, sort } })),
});
