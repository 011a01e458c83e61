import { z } from 'zod';
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
 * A sync from scratch (no cookie, or one that cannot be trusted) walks one snapshot table by table
 * instead, tickets first (readBootstrapChunk), then continues in commit order from that snapshot.
 * In commit order, two phases: first the positions (version, entity, id) of the next limit+1 changes
 * — one small index range scan per entity — then the full rows for just those ids.
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

    const bootstrap = input.cookie === null ? null : decodeBootstrapCookie(input.cookie);
    const decoded = input.cookie === null || bootstrap ? null : decodeCookie(input.cookie);
    const position = bootstrap ?? decoded;
    // Another epoch (database re-created), garbage, or a cookie from the future (a restored backup):
    // the client's cache cannot be trusted, so it is told to clear it and gets everything again.
    const reset =
      input.cookie !== null &&
      (position === null || position.epoch !== state.epoch || position.version > current);

    // A sync from scratch walks a snapshot table by table (see readBootstrapChunk).
    if (input.cookie === null || reset || bootstrap) {
      const from: BootstrapPosition =
        bootstrap && !reset
          ? bootstrap
          : { epoch: state.epoch, version: current, entity: 0, id: null, groupId: null };
      const chunk = await readBootstrapChunk(tx, agent, from, input.limit);
      const response: PullResponse = {
        cookie: chunk.next ? encodeBootstrapCookie(chunk.next) : encodeCookie(chunk.done),
        lastMutationId,
        patch: reset ? [{ op: 'clear' }, ...chunk.puts] : chunk.puts,
        // Walk finished: changes committed since the snapshot follow in commit order.
        more: chunk.next !== null || chunk.done.version < current,
      };
      // The first chunk of a sync from scratch says roughly how much is coming (progress bar).
      if (from.entity === 0 && from.id === null && response.more) {
        response.remaining = Math.max(0, (await estimateVisibleRows(tx, agent)) - chunk.puts.length);
      }
      return response;
    }
    const from = decoded!;

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
      from.version === 0 && from.key === null
        ? []
        : await readTombstones(tx, agent, from.version, from.key !== null, next.version);
    // --- end of privacy erasure block
    const patch: PatchOp[] = [...puts, ...dels];
    return { cookie: encodeCookie(next), lastMutationId, patch, more };
  });
}

// ---- sync from scratch ------------------------------------------------------------------------

/**
 * Order of a sync from scratch: tickets first so the queue fills at once, then what the queue and the
 * case view show beside them (customers' masked names, orders), then the timelines. Agents are a
 * handful of rows and name every event's author, so they lead. Nothing in the cache needs a referenced
 * row to exist first.
 */
const BOOTSTRAP_ORDER: readonly SyncedEntity[] = ['agent', 'ticket', 'customer', 'order', 'event'];

/**
 * Where a sync from scratch stands: every visible row of snapshot `version` in BOOTSTRAP_ORDER up to
 * (entity index `entity`, `id`) has been sent; `id` null = none of that entity yet. Events are walked
 * by (`ticketId`, `id`) and orders by (`customerId`, `id`), not by id: a client keeps each ticket's
 * events in one row (its timeline) and each customer's orders in one row, so a chunk that brings a
 * group together writes its row once. `groupId` is the group of the walk's last row (events, orders).
 */
interface BootstrapPosition {
  epoch: string;
  version: number;
  entity: number;
  id: string | null;
  groupId: string | null;
}

/** How each entity is walked: its key columns, in order. */
const WALK_KEY: Readonly<Record<SyncedEntity, readonly string[]>> = {
  agent: ['id'],
  customer: ['id'],
  order: ['customer_id', 'id'],
  ticket: ['id'],
  event: ['ticket_id', 'id'],
};

const BootstrapWire = z.object({
  e: z.uuid(),
  v: z.number().int().nonnegative(),
  b: z
    .number()
    .int()
    .min(0)
    .max(BOOTSTRAP_ORDER.length - 1),
  i: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .nullable(),
  t: z
    .string()
    .regex(/^[0-9a-f-]{36}$/)
    .nullable()
    .optional(),
});

/** Same envelope as a commit-order cookie (base64url JSON); the `b` field marks a walk in progress. */
function encodeBootstrapCookie(pos: BootstrapPosition): string {
  const wire = { e: pos.epoch, v: pos.version, b: pos.entity, i: pos.id, t: pos.groupId };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

function decodeBootstrapCookie(cookie: string): BootstrapPosition | null {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8'));
    if (!raw || typeof raw !== 'object' || !('b' in raw)) return null;
    const parsed = BootstrapWire.safeParse(raw);
    if (!parsed.success) return null;
    const { e: epoch, v: version, b: entity, i: id, t } = parsed.data;
    // A walk of events (orders) from before they were walked by ticket (customer) carries no group:
    // that table starts over (puts are idempotent).
    if (WALK_KEY[BOOTSTRAP_ORDER[entity]!].length === 2 && id !== null && !t)
      return { epoch, version, entity, id: null, groupId: null };
    return { epoch, version, entity, id, groupId: t ?? null };
  } catch {
    return null;
  }
}

const COLUMNS: Readonly<Record<SyncedEntity, string>> = {
  agent: AGENT_COLUMNS,
  customer: CUSTOMER_COLUMNS,
  order: ORDER_COLUMNS,
  ticket: TICKET_COLUMNS,
  event: EVENT_COLUMNS,
};

/**
 * Up to `limit` rows of a sync from scratch, walking each table by primary key: the rows visible to
 * `agent` whose version is at or below the snapshot version fixed by the walk's first chunk.
 *
 * Why nothing is lost though each chunk reads a newer snapshot: a row written after the walk began
 * carries a version above the snapshot's, so the walk skips it and the commit-order pulls that follow
 * (from a cookie at the snapshot version) send it; a row at or below it cannot have changed since. An
 * erasure meanwhile leaves a tombstone above it, which those pulls turn into a `del`.
 *
 * Returns the next walk position, or null and the commit-order position `done` when the walk is over.
 */
async function readBootstrapChunk(
  tx: DbTx,
  agent: Agent,
  from: BootstrapPosition,
  limit: number,
): Promise<{ puts: PatchOp[]; next: BootstrapPosition | null; done: SyncPosition }> {
  const puts: PatchOp[] = [];
  const done: SyncPosition = { epoch: from.epoch, version: from.version, key: null };
  for (let e = from.entity; e < BOOTSTRAP_ORDER.length; e++) {
    const entity = BOOTSTRAP_ORDER[e]!;
    const key = WALK_KEY[entity];
    const take = limit - puts.length;
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = [`x.version <= ${param(from.version)}`];
    if (e === from.entity && from.id !== null) {
      const last = key.length === 2 ? [from.groupId, from.id] : [from.id];
      conditions.push(
        `(${key.map((k) => `x.${k}`).join(', ')}) > (${last.map((v) => `${param(v)}::uuid`).join(', ')})`,
      );
    }
    const visible = seesAllTeams(agent) ? null : teamCondition(entity);
    if (visible) conditions.push(visible(`${param(agent.teamId)}::uuid`));
    // One more than needed tells whether this table has more after the chunk. The rows come as one
    // JSON text, the same keys and values as a plain select (bigint, text[] and jsonb columns only)
    // at half the cost: the driver decodes one value, not thousands of typed fields.
    const order = key.map((k) => `y.${k}`).join(', ');
    const { rows: json } = await tx.query<{ rows: string }>(
      `select coalesce(json_agg(y order by ${order}), '[]')::text as rows from (
         select ${qualified(COLUMNS[entity])} from ${ENTITY_TABLE[entity]} x where ${conditions.join(' and ')}
         order by ${key.map((k) => `x.${k}`).join(', ')} limit ${param(take + 1)}) y`,
      params,
    );
    const rows = JSON.parse(json[0]!.rows) as Array<{ id: string } & Record<string, unknown>>;
    const page = rows.slice(0, take);
    for (const row of page) puts.push(TO_OP[entity](row as never));
    if (rows.length > take) {
      const last = page.at(-1)!;
      const groupId = key.length === 2 ? (last[key[0]!] as string) : null;
      return { puts, next: { ...from, entity: e, id: last.id, groupId }, done };
    }
    // Exactly full at a table's end: the next chunk starts with the next table.
    if (puts.length === limit && e + 1 < BOOTSTRAP_ORDER.length)
      return { puts, next: { ...from, entity: e + 1, id: null, groupId: null }, done };
  }
  return { puts, next: null, done };
}

/** `a, b, c` → `x.a, x.b, x.c`: the visibility subqueries name their own tables. */
const qualified = (columns: string) =>
  columns
    .split(',')
    .map((c) => `x.${c.trim()}`)
    .join(', ');

const TO_OP: Readonly<Record<SyncedEntity, (row: never) => PatchOp>> = {
  agent: (r: AgentRow) => ({ op: 'put', entity: 'agent', value: toPublicAgent(r) }),
  customer: (r: CustomerRow) => ({ op: 'put', entity: 'customer', value: toCustomer(r) }),
  order: (r: OrderRow) => ({ op: 'put', entity: 'order', value: toOrder(r) }),
  ticket: (r: TicketRow) => ({ op: 'put', entity: 'ticket', value: toTicket(r) }),
  event: (r: EventRow) => ({ op: 'put', entity: 'event', value: toEvent(r) }),
};

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
