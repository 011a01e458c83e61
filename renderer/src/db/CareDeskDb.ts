import { Dexie, type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';
import { packOrdersByCustomer } from './customerOrders.ts';
import { packEventShadows, packEventsIntoTimelines } from './packTimelines.ts';
import type {
  CachedAgent,
  CachedCustomer,
  CachedCustomerOrders,
  CachedTicket,
  CachedTimeline,
  DraftRow,
  MetaKey,
  MetaRow,
  OutboxEntry,
  RejectedMutation,
  ShadowRow,
} from './types.ts';

export const DEFAULT_DB_NAME = 'caredesk';

/**
 * The tables that mirrored server data up to v5, for the upgrades of those versions (an upgrade
 * sees the stores of its own version; today's are `CareDeskDb.dataTables`).
 */
const V1_DATA_TABLES = ['tickets', 'customers', 'orders', 'events', 'agents'] as const;

/**
 * Every schema version, oldest first, with its upgrade. Indexes are chosen for the queries the app
 * runs, nothing more: each index costs time on every bulk put, and the first sync caches 100k tickets.
 *
 * v1
 * - tickets: `[queueRank+dueAt]` is the queue (active first, then priority, then nearest SLA
 *   deadline); `customerId` (the customer's other tickets), `assigneeId` (my tickets filter).
 * - events: `[ticketId+createdAt]` is one case's timeline in order.
 * - orders: `customerId` (a customer's orders).
 * - outbox: keyed by the mutation id (1, 2, 3… per client), so id order is push order.
 * - rejected: mutations the server refused, for the agent to review.
 * - shadows: server versions of rows an optimistic mutation changed, restored before each rebase.
 * - meta: key/value (clientId, cookie, lastMutationId, nextMutationId, agentId).
 *
 * v2 (sync: claims and rejection details)
 * - rejected: `args.ticketId`, so a case view can list the refused changes of its ticket; rows from v1
 *   get `details: null` (rejections carry details from v2 on).
 *
 * v3 (privacy: caller lookup)
 * - customers: `phoneIndex`, the blind index of the phone number (findCustomersByPhone). Customers
 *   cached before it have none, so the upgrade forces a full re-pull: it empties the data tables and
 *   the shadows (server versions of those rows) and drops the cookie. The outbox and the rejected
 *   mutations are the agent's own work and stay; the next pull replays the outbox on the fresh data.
 *
 * v4 (workspace: after-sales actions, agent state, drafts)
 * - drafts: the composer's unsent text per ticket (survives restarts; local only, never synced).
 * - tickets cached before get `nextCallback: null` and agents `state: 'available'`, `stateSince: 0`
 *   until the server's rows replace them (no re-pull: the fields are new, nothing was wrong).
 *
 * v5 (privacy: free text sealed)
 * - events hold their free text masked, with `sealedText` envelopes (shared/privacy/sealedText.ts).
 *   Events cached before held plaintext, so the upgrade drops them with the other data tables, the
 *   shadows and the cookie, and the next pull brings them back sealed (as v3 did). The outbox, the
 *   rejected mutations and the drafts are the agent's own work and cannot be sealed inside an upgrade
 *   (sealing is the main process's): `sealLegacyText` (sealLegacyText.ts) seals them when the sync
 *   engine starts, before anything else runs.
 *
 * v6, v7 (first sync: timelines)
 * - timelines: a ticket's events in one row (types.ts CachedTimeline); v6 packs the `events` rows and
 *   their shadows into them (packTimelines.ts), v7 drops `events`.
 *
 * v8: tickets lose the `assigneeId` index (nothing queried it).
 *
 * v9, v10 (first sync: orders per customer)
 * - customerOrders: a customer's orders in one row, `*orderIds` to find one by id (types.ts
 *   CachedCustomerOrders); v9 packs the `orders` rows into them (customerOrders.ts), v10 drops `orders`.
 */
export const SCHEMA_VERSIONS: ReadonlyArray<{
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}> = [
  {
    version: 1,
    stores: {
      tickets: 'id, [queueRank+dueAt], customerId, assigneeId',
      customers: 'id',
      orders: 'id, customerId',
      events: 'id, [ticketId+createdAt]',
      agents: 'id',
      outbox: 'id',
      rejected: 'id',
      shadows: 'key',
      meta: 'key',
    },
  },
  {
    version: 2,
    stores: { rejected: 'id, args.ticketId' },
    upgrade: async (tx) => {
      await tx
        .table('rejected')
        .toCollection()
        .modify((row: { details?: unknown }) => {
          if (row.details === undefined) row.details = null;
        });
    },
  },
  {
    version: 3,
    stores: { customers: 'id, phoneIndex' },
    upgrade: async (tx) => {
      await Promise.all(V1_DATA_TABLES.map((name) => tx.table(name).clear()));
      await tx.table('shadows').clear();
      await tx.table('meta').delete('cookie');
    },
  },
  {
    version: 4,
    stores: { drafts: 'ticketId' },
    upgrade: async (tx) => {
      await tx
        .table('tickets')
        .toCollection()
        .modify((row: { nextCallback?: unknown }) => {
          if (row.nextCallback === undefined) row.nextCallback = null;
        });
      await tx
        .table('agents')
        .toCollection()
        .modify((row: { state?: unknown; stateSince?: unknown }) => {
          if (row.state === undefined) row.state = 'available';
          if (row.stateSince === undefined) row.stateSince = 0;
        });
    },
  },
  {
    version: 5,
    stores: {},
    upgrade: async (tx) => {
      await Promise.all(V1_DATA_TABLES.map((name) => tx.table(name).clear()));
      await tx.table('shadows').clear();
      await tx.table('meta').delete('cookie');
    },
  },
  {
    version: 6,
    stores: { timelines: 'ticketId' },
    upgrade: async (tx) => {
      await packEventsIntoTimelines(tx);
      await packEventShadows(tx);
    },
  },
  { version: 7, stores: { events: null } },
  { version: 8, stores: { tickets: 'id, [queueRank+dueAt], customerId' } },
  {
    version: 9,
    stores: { customerOrders: 'customerId, *orderIds' },
    upgrade: (tx) => packOrdersByCustomer(tx),
  },
  { version: 10, stores: { orders: null } },
];

/** The renderer's one local database: the server's data as last synced, plus the outbox. */
export class CareDeskDb extends Dexie {
  tickets!: EntityTable<CachedTicket, 'id'>;
  customers!: EntityTable<CachedCustomer, 'id'>;
  customerOrders!: EntityTable<CachedCustomerOrders, 'customerId'>;
  timelines!: EntityTable<CachedTimeline, 'ticketId'>;
  agents!: EntityTable<CachedAgent, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'id'>;
  rejected!: EntityTable<RejectedMutation, 'id'>;
  shadows!: EntityTable<ShadowRow, 'key'>;
  drafts!: EntityTable<DraftRow, 'ticketId'>;
  meta!: Table<MetaRow, MetaKey>;

  constructor(name: string = DEFAULT_DB_NAME, options?: DexieOptions) {
    super(name, options);
    for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
      const v = this.version(version).stores(stores);
      if (upgrade) v.upgrade(upgrade);
    }
  }

  /** The tables that mirror server data: what a `clear` patch op empties. */
  get dataTables() {
    return [this.tickets, this.customers, this.customerOrders, this.timelines, this.agents] as const;
  }

  async getMeta<T>(key: MetaKey): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: MetaKey, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }
}

/** One database per signed-in agent, so a shared desk never mixes two agents' caches or outboxes. */
export function dbNameForAgent(agentId: string): string {
  return `${DEFAULT_DB_NAME}-${agentId}`;
}
