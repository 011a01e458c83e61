import type { Agent, AttachmentRef, Order, Ticket } from '@shared/domain/index.ts';
import type { SealedCustomer } from '@shared/privacy/sealed.ts';
import type { SealedTextRef, SealedTicketEvent } from '@shared/privacy/sealedText.ts';
import type { RejectionDetails, SealedMutation } from '@shared/sync/protocol.ts';

/**
 * A ticket as cached: the server's row plus sort fields derived when a patch (or an optimistic
 * mutation) is applied, so the queue reads one compound index instead of sorting 100k rows.
 */
export type CachedTicket = Ticket & {
  /** PRIORITY_RANK of the priority: 0 urgent … 3 low. */
  priorityRank: number;
  /** The next SLA deadline (shared nextDeadline), or NO_DEADLINE. */
  dueAt: number;
  /** priorityRank for active tickets, INACTIVE_RANK_OFFSET + priorityRank otherwise: the queue's sort key. */
  queueRank: number;
};

export type CachedAgent = Pick<Agent, 'id' | 'displayName' | 'role' | 'teamId' | 'state' | 'stateSince'>;
export type CachedCustomer = SealedCustomer;
export type CachedOrder = Order;
/** Free-text fields hold their masked text; `sealedText` the envelopes (shared/privacy/sealedText.ts). */
export type CachedEvent = SealedTicketEvent;

/**
 * One ticket's cached events, oldest first (server time, then id): a case's whole timeline in one
 * row. One row per ticket instead of one per event: a first sync writes ~3.6 events per ticket, and
 * IndexedDB's cost is mostly per row (measured at 10k tickets: 35,894 event rows put in 3.3 s, the
 * same events as 10,000 timeline rows in 0.9 s).
 */
export interface CachedTimeline {
  ticketId: string;
  events: CachedEvent[];
}

/**
 * One customer's cached orders, oldest first (placed time, then id), in one row, as timelines hold a
 * ticket's events. `orderIds` lists them for the multi-entry index that finds an order by its id: a
 * ticket may name an order of another customer (intake matches the caller by phone, the order by its
 * number), and a `del` names only the order. Measured in Chromium, 8,000 orders of 4,411 customers:
 * 710–840 ms as order rows with a `customerId` index, 435–520 ms as these rows.
 */
export interface CachedCustomerOrders {
  customerId: string;
  orderIds: string[];
  orders: CachedOrder[];
}

/**
 * A mutation waiting for the server. `pending` ones are pushed; `acked` ones the server applied but
 * a pull has not yet confirmed (they stay applied locally until it does, so nothing flickers).
 */
export type OutboxEntry = SealedMutation & { state: 'pending' | 'acked' };

/**
 * A mutation the server refused; kept for the agent to see until discarded or re-issued. `reason` is
 * an i18n key suffix (`sync.reject.<reason>`), `details` the data its message needs (e.g. who
 * already claimed the ticket: shared AlreadyClaimedDetails), `rejectedAt` the client clock.
 */
export type RejectedMutation = SealedMutation & {
  reason: string;
  details: RejectionDetails | null;
  rejectedAt: number;
};

/** The server's version of a row an optimistic mutation changed (undefined: the row did not exist). */
export interface ShadowRow {
  key: string;
  table: 'tickets' | 'timelines' | 'agents';
  id: string;
  value: CachedTicket | CachedTimeline | CachedAgent | undefined;
}

/** The composer's unsent work on one ticket: kept across restarts, deleted once sent. */
export interface DraftRow {
  ticketId: string;
  mode: 'reply' | 'note';
  /** The text with its personal data masked (the whole text when nothing was detected). */
  body: string;
  /** When something was masked: the envelope of the whole text (ticket id + `draft`), opened by main. */
  sealedBody?: SealedTextRef;
  attachments: AttachmentRef[];
  /** Client clock of the last edit. */
  updatedAt: number;
}

export interface MetaRow {
  key: MetaKey;
  value: unknown;
}

export type MetaKey =
  | 'clientId'
  | 'cookie'
  | 'lastMutationId'
  | 'nextMutationId'
  | 'agentId'
  /** The agent's saved queue views (features/queue/savedViews.ts): local preferences, never synced. */
  | 'queueSavedViews';
