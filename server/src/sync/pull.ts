import type { Agent } from '@shared/domain/index.ts';
import type { PatchOp, PullResponse, SyncedEntity } from '@shared/sync/protocol.ts';
import {
  AGENT_COLUMNS,
  CUSTOMER_COLUMNS,
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  TICKET_COLUMNS,
  toCustomer,
  toEvent,
  toOrder,
  toPublicAgent,
  toTicket,
  type AgentRow,
  type CustomerRow,
  type EventRow,
  type OrderRow,
  type TicketRow,
} from '../db/rows.ts';
import type { Db, DbTx } from '../db/types.ts';
import { readLastMutationId } from './clients.ts';
import { decodeCookie, encodeCookie, ENTITY_ORDER, entityRank, type SyncPosition } from './cookie.ts';
import { estimateVisibleRows } from './estimateRows.ts';
import { readTombstones } from '../privacy/tombstones.ts';
import { ENTITY_TABLE, seesAllTeams, teamCondition } from './visibility.ts';

export interface PullInput {
  clientId: string;
  cookie: string | null;
  limit: number;
}

interface Position {
  version: number;
  rank: number;
  id: string;
}

/**
 * Everything visible to `agent` that changed after the cookie, in commit order, at most `limit` rows.
 *
 * The whole read runs in one REPEATABLE READ snapshot: sync_state.version read there is the version of
 * the last committed writer, and because writers commit in version order (db/beginWrite.ts) no row of
 * a version <= it can appear later. So "done" can safely answer with that version as the cookie.
 *
 * Two phases: first the positions (version, entity, id) of the next limit+1 changes — one small
 * index range scan per entity — then the full rows for just those ids.
 */
export async function pullChanges(db: Db, agent: Agent, input: PullInput): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    await tx.exec('set transaction isolation level repeatable read, read only');
    const lastMutationId = await readLastMutationId(tx, input.clientId, agent.id);
    const { rows: stateRows } = await tx.query<{ version: number; epoch: string }>(
      'select version, epoch from sync_state',
    );
    const state = stateRows[0]!;
    const current = Number(state.version);

    const decoded = input.cookie === null ? null : decodeCookie(input.cookie);
    // Another epoch (database re-created), garbage, or a cookie from the future (a restored backup):
    // the client's cache cannot be trusted, so it is told to clear it and gets everything again.
    const reset =
      input.cookie !== null &&
      (decoded === null || decoded.epoch !== state.epoch || decoded.version > current);
    const from: SyncPosition = decoded && !reset ? decoded : { epoch: state.epoch, version: 0, key: null };

    const positions = await readPositions(tx, agent, from, input.limit + 1);
    const more = positions.length > input.limit;
    const page = more ? positions.slice(0, input.limit) : positions;
    const puts = await loadRows(tx, page);

    const last = page[page.length - 1];
    const next: SyncPosition =
      more && last
        ? {
            epoch: state.epoch,
            version: last.version,
            key: { entity: ENTITY_ORDER[last.rank]!, id: last.id },
          }
        : { epoch: state.epoch, version: current, key: null };

    // --- Privacy erasure (docs/privacy.md, owned by server/src/privacy): `del` for rows erased after
    // the cookie, up to this page's end. Erased rows never come back, so dels go after the puts.
    // Not on a sync from scratch: an empty cache has nothing to drop.
    const dels =
      reset || (from.version === 0 && from.key === null)
        ? []
        : await readTombstones(tx, agent, from.version, from.key !== null, next.version);
    // --- end of privacy erasure block
    const patch: PatchOp[] = reset ? [{ op: 'clear' }, ...puts] : [...puts, ...dels];
    const response: PullResponse = { cookie: encodeCookie(next), lastMutationId, patch, more };
    // The first chunk of a sync from scratch says roughly how much is coming (progress bar).
    if (more && from.version === 0 && from.key === null) {
      response.remaining = Math.max(0, (await estimateVisibleRows(tx, agent)) - page.length);
    }
    return response;
  });
}

/** `(version, entity, id) > from` for one entity, knowing the entity's place in the order. */
function afterCondition(entity: SyncedEntity, from: SyncPosition, param: (v: unknown) => string): string {
  const version = param(from.version);
  if (!from.key) return `x.version > ${version}`;
  const rank = entityRank(entity);
  const keyRank = entityRank(from.key.entity);
  if (rank < keyRank) return `x.version > ${version}`;
  if (rank > keyRank) return `x.version >= ${version}`;
  return `(x.version, x.id) > (${version}, ${param(from.key.id)}::uuid)`;
}

/**
 * The first `take` positions after `from`, entity by entity. Once one entity alone has `take` rows up
 * to version V, no row above V can make the page, so the entities after it are read only up to V.
 * An initial sync walks long runs of one entity (the seed writes customers, then orders, then
 * tickets), and this keeps every chunk to roughly one entity's worth of index probes instead of five.
 */
async function readPositions(tx: DbTx, agent: Agent, from: SyncPosition, take: number): Promise<Position[]> {
  let cap: number | null = null;
  const found: Position[] = [];
  for (const [rank, entity] of ENTITY_ORDER.entries()) {
    // Parameters are numbered as they are used: Postgres refuses a parameter it cannot type.
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = [afterCondition(entity, from, param)];
    if (cap !== null) conditions.push(`x.version <= ${param(cap)}`);
    const visible = seesAllTeams(agent) ? null : teamCondition(entity);
    if (visible) conditions.push(visible(`${param(agent.teamId)}::uuid`));
    const { rows } = await tx.query<{ version: number; id: string }>(
      `select x.version, x.id from ${ENTITY_TABLE[entity]} x where ${conditions.join(' and ')}
       order by x.version, x.id limit ${param(take)}`,
      params,
    );
    for (const row of rows) found.push({ version: Number(row.version), rank, id: row.id });
    const last = rows[take - 1];
    if (last) cap = cap === null ? Number(last.version) : Math.min(cap, Number(last.version));
  }
  // Canonical lowercase UUID text sorts like Postgres sorts uuid values (byte order).
  found.sort((a, b) => a.version - b.version || a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found.slice(0, take);
}

type Loader = (tx: DbTx, ids: string[]) => Promise<Map<string, PatchOp>>;

const loader =
  <R extends { id: string }>(table: string, columns: string, toOp: (row: R) => PatchOp): Loader =>
  async (tx, ids) => {
    const { rows } = await tx.query<R>(`select ${columns} from ${table} where id = any($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, toOp(r)]));
  };

const LOADERS: Readonly<Record<SyncedEntity, Loader>> = {
  agent: loader<AgentRow>('agents', AGENT_COLUMNS, (r) => ({
    op: 'put',
    entity: 'agent',
    value: toPublicAgent(r),
  })),
  customer: loader<CustomerRow>('customers', CUSTOMER_COLUMNS, (r) => ({
    op: 'put',
    entity: 'customer',
    value: toCustomer(r),
  })),
  order: loader<OrderRow>('orders', ORDER_COLUMNS, (r) => ({
    op: 'put',
    entity: 'order',
    value: toOrder(r),
  })),
  ticket: loader<TicketRow>('tickets', TICKET_COLUMNS, (r) => ({
    op: 'put',
    entity: 'ticket',
    value: toTicket(r),
  })),
  event: loader<EventRow>('ticket_events', EVENT_COLUMNS, (r) => ({
    op: 'put',
    entity: 'event',
    value: toEvent(r),
  })),
};

async function loadRows(tx: DbTx, page: Position[]): Promise<PatchOp[]> {
  // One entity after another: a pg client runs one query at a time anyway.
  const byEntity: Map<string, PatchOp>[] = [];
  for (const [rank, entity] of ENTITY_ORDER.entries()) {
    const ids = page.filter((p) => p.rank === rank).map((p) => p.id);
    byEntity.push(ids.length ? await LOADERS[entity](tx, ids) : new Map());
  }
  return page.map((p) => byEntity[p.rank]!.get(p.id)!);
}
