import { isDeepStrictEqual } from 'node:util';
import type { Agent, Ticket, TicketEvent } from '@shared/domain/index.ts';
import { mutationEventId, type Mutation } from '@shared/sync/mutations.ts';
import type { CachedTicket } from '../../../renderer/src/db/types.ts';
import {
  FULL_READ_MAX_WAIT_MS,
  readActiveTickets,
} from '../../../renderer/src/features/queue/activeTickets.ts';
import type { DeskWindow } from '../../support/desk.ts';
import { pullChanges } from '../../../server/src/sync/pull.ts';
import type { Db } from '../../../server/src/db/types.ts';
import { SerialModel } from './serialModel.ts';
import { copyInitial, type SimDesk, type World } from './world.ts';
import { allCachedEvents } from '../../../renderer/test/timelines.ts';

interface MutationRow {
  client_id: string;
  id: number;
  name: Mutation['name'];
  args: Record<string, unknown>;
  status: 'applied' | 'rejected';
  reason: string | null;
  details: Record<string, unknown> | null;
  client_time: number;
  server_time: number;
  version: number;
  agent_id: string;
}

export interface RunSummary {
  clients: number;
  issued: number;
  applied: number;
  rejected: number;
  refusedLocally: number;
  reasons: Record<string, number>;
}

/** Fails with every finding, not just the first: a fault run is expensive to repeat. */
class Findings {
  readonly items: string[] = [];
  add(message: string): void {
    if (this.items.length < 40) this.items.push(message);
  }
  check(ok: boolean, message: () => string): void {
    if (!ok) this.add(message());
  }
  assertNone(): void {
    if (this.items.length) throw new Error(`Sync invariants broken:\n- ${this.items.join('\n- ')}`);
  }
}

/**
 * Everything the issue asks to hold once the faults stop and every desk has synced:
 * exactly once per (client, id), none lost, refusals delivered with their reason, a serial order
 * the model agrees with, server clocks only, and every cache equal to the server's view.
 */
export async function checkInvariants(world: World, endedAt: number): Promise<RunSummary> {
  const findings = new Findings();
  const db = world.server.db;
  const clientIds = world.desks.map((d) => d.clientId);
  const { rows } = await db.query<MutationRow>(
    `select m.client_id, m.id, m.name, m.args, m.status, m.reason, m.details, m.client_time,
            m.server_time, m.version, c.agent_id
     from mutations m join clients c on c.client_id = m.client_id
     where m.client_id = any($1::uuid[]) order by m.version`,
    [clientIds],
  );
  const mutations = rows.map((r) => ({
    ...r,
    id: Number(r.id),
    version: Number(r.version),
    client_time: Number(r.client_time),
    server_time: Number(r.server_time),
  }));
  const { rows: clientRows } = await db.query<{ client_id: string; last_mutation_id: number }>(
    'select client_id, last_mutation_id from clients where client_id = any($1::uuid[])',
    [clientIds],
  );
  const lastOf = new Map(clientRows.map((c) => [c.client_id, Number(c.last_mutation_id)]));

  for (const desk of world.desks) {
    const own = mutations.filter((m) => m.client_id === desk.clientId);
    checkExactlyOnce(findings, desk, own, lastOf.get(desk.clientId) ?? 0);
    checkNoneLost(findings, desk, own);
    await checkRejectedList(findings, desk, own);
  }
  checkSerialOrder(findings, world, mutations, await currentTickets(db));
  await checkServerClock(findings, world, mutations, endedAt);
  await checkConvergence(findings, world);
  findings.assertNone();

  const reasons: Record<string, number> = {};
  for (const m of mutations) if (m.reason) reasons[m.reason] = (reasons[m.reason] ?? 0) + 1;
  return {
    clients: world.desks.length,
    issued: world.desks.reduce((n, d) => n + d.issued.size, 0),
    applied: mutations.filter((m) => m.status === 'applied').length,
    rejected: mutations.filter((m) => m.status === 'rejected').length,
    refusedLocally: world.desks.reduce((n, d) => n + d.refusedLocally, 0),
    reasons,
  };
}

/** Each (client, id) once; the ids 1…lastMutationId with no gap; ids only ever grow. */
function checkExactlyOnce(findings: Findings, desk: SimDesk, own: MutationRow[], last: number): void {
  const ids = own.map((m) => m.id).sort((a, b) => a - b);
  findings.check(new Set(ids).size === ids.length, () => `desk ${desk.index}: a mutation id twice`);
  findings.check(
    ids.length === last && ids.every((id, i) => id === i + 1),
    () => `desk ${desk.index}: server ids are not exactly 1..${last} (${ids.length} rows)`,
  );
}

/** Every mutation a window queued reached the server unchanged, and nothing else did. */
function checkNoneLost(findings: Findings, desk: SimDesk, own: MutationRow[]): void {
  const byId = new Map(own.map((m) => [m.id, m]));
  for (const [id, sent] of desk.issued) {
    const row = byId.get(id);
    if (!row) findings.add(`desk ${desk.index}: mutation ${id} (${sent.name}) lost`);
    else if (row.name !== sent.name || !isDeepStrictEqual(row.args, sent.args)) {
      findings.add(`desk ${desk.index}: mutation ${id} arrived as ${row.name} ${JSON.stringify(row.args)}`);
    }
  }
  for (const row of own) {
    findings.check(desk.issued.has(row.id), () => `desk ${desk.index}: server has ${row.id}, never issued`);
  }
}

/** Each refusal is in the desk's rejected list with the server's reason and details; nothing else is. */
async function checkRejectedList(findings: Findings, desk: SimDesk, own: MutationRow[]): Promise<void> {
  const listed = new Map((await desk.desk.db.rejected.toArray()).map((r) => [r.id, r]));
  for (const row of own) {
    const entry = listed.get(row.id);
    if (row.status === 'applied') {
      findings.check(!entry, () => `desk ${desk.index}: applied ${row.id} listed as rejected`);
    } else if (!desk.resolved.has(row.id)) {
      if (!entry) findings.add(`desk ${desk.index}: rejection of ${row.id} (${row.reason}) never reached it`);
      else {
        findings.check(
          entry.reason === row.reason && isDeepStrictEqual(entry.details, row.details),
          () => `desk ${desk.index}: ${row.id} rejected for ${row.reason}, listed as ${entry.reason}`,
        );
      }
    }
  }
  const known = new Set(own.map((m) => m.id));
  for (const id of listed.keys()) {
    findings.check(known.has(id), () => `desk ${desk.index}: rejected ${id} unknown to the server`);
  }
}

async function currentTickets(db: Db) {
  const { rows } = await db.query<{ id: string; status: string; assignee_id: string | null }>(
    'select id, status, assignee_id from tickets',
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Replaying the log in commit order through the model gives every recorded outcome and final state. */
function checkSerialOrder(
  findings: Findings,
  world: World,
  mutations: MutationRow[],
  finalTickets: Map<string, { status: string; assignee_id: string | null }>,
): void {
  const { tickets, orders } = copyInitial(world.initial);
  const model = new SerialModel(tickets, world.initial.agents, orders);
  const versions = mutations.map((m) => m.version);
  findings.check(new Set(versions).size === versions.length, () => 'two mutations share a version');
  for (const m of mutations) {
    const predicted = model.apply({ agentId: m.agent_id, name: m.name, args: m.args });
    findings.check(
      predicted === m.reason,
      () => `${m.name} ${m.client_id}#${m.id} at v${m.version}: server ${m.reason}, model ${predicted}`,
    );
  }
  for (const [id, t] of tickets) {
    const server = finalTickets.get(id);
    findings.check(
      server?.status === t.status && server.assignee_id === t.assigneeId,
      () =>
        `ticket ${id}: server ${server?.status}/${server?.assignee_id}, model ${t.status}/${t.assigneeId}`,
    );
  }
}

/** Server timestamps come from the server's clock, whatever the clients' clocks said. */
async function checkServerClock(
  findings: Findings,
  world: World,
  mutations: MutationRow[],
  endedAt: number,
): Promise<void> {
  const span = endedAt - world.startedAt;
  const skewOf = new Map(world.desks.map((d) => [d.clientId, d.skewMs]));
  for (const m of mutations) {
    findings.check(
      m.server_time >= world.startedAt && m.server_time <= endedAt,
      () => `${m.client_id}#${m.id}: server_time outside the run`,
    );
    // clientTime = server time + skew − (time queued before it reached the server).
    const lag = m.server_time + (skewOf.get(m.client_id) ?? 0) - m.client_time;
    findings.check(
      lag >= -1_000 && lag <= span + 1_000,
      () => `${m.client_id}#${m.id}: clientTime off by ${lag}`,
    );
  }
  const eventIds = mutations.flatMap((m) => {
    const id = mutationEventId(m as unknown as Pick<Mutation, 'args'>);
    return id ? [{ id, applied: m.status === 'applied' }] : [];
  });
  const { rows } = await world.server.db.query<{ id: string; created_at: number }>(
    'select id, created_at from ticket_events where id = any($1::uuid[])',
    [eventIds.map((e) => e.id)],
  );
  const created = new Map(rows.map((r) => [r.id, Number(r.created_at)]));
  for (const e of eventIds) {
    const at = created.get(e.id);
    if (!e.applied) findings.check(at === undefined, () => `event ${e.id} of a rejected mutation exists`);
    else {
      findings.check(
        at !== undefined && at >= world.startedAt && at <= endedAt,
        () => `event ${e.id}: ${at === undefined ? 'missing' : `createdAt ${at} outside the run`}`,
      );
    }
  }
}

/** What a fresh client of `agent` would receive: the server's view of that agent's world. */
async function serverView(db: Db, agent: Agent) {
  const tickets = new Map<string, Ticket>();
  const events = new Map<string, TicketEvent>();
  let cookie: string | null = null;
  for (;;) {
    const page = await pullChanges(db, agent, { clientId: crypto.randomUUID(), cookie, limit: 10_000 });
    for (const op of page.patch) {
      if (op.op !== 'put') continue;
      if (op.entity === 'ticket') tickets.set(op.value.id, op.value);
      if (op.entity === 'event') events.set(op.value.id, op.value);
    }
    if (!page.more) return { tickets, events };
    cookie = page.cookie;
  }
}

/** Every cache holds exactly the server's view for its agent, with nothing left to send or undo. */
/**
 * The window's queue once it has caught up with `active`, or as it stands after the longest a whole
 * re-read may wait (FULL_READ_MAX_WAIT_MS) and a margin.
 */
async function settledQueue(window: DeskWindow, active: CachedTicket[]): Promise<CachedTicket[] | undefined> {
  const deadline = performance.now() + FULL_READ_MAX_WAIT_MS + 2_000;
  while (!isDeepStrictEqual(window.queue(), active) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return window.queue();
}

async function checkConvergence(findings: Findings, world: World): Promise<void> {
  const views = new Map<string, Awaited<ReturnType<typeof serverView>>>();
  for (const desk of world.desks) {
    const agent = desk.desk.agent;
    if (!views.has(agent.id)) views.set(agent.id, await serverView(world.server.db, agent));
    const view = views.get(agent.id)!;
    const db = desk.desk.db;
    findings.check((await db.outbox.count()) === 0, () => `desk ${desk.index}: outbox not empty`);
    findings.check((await db.shadows.count()) === 0, () => `desk ${desk.index}: shadows left`);
    const cachedTickets = await db.tickets.toArray();
    findings.check(
      cachedTickets.length === view.tickets.size,
      () => `desk ${desk.index}: ${cachedTickets.length} tickets cached, server view ${view.tickets.size}`,
    );
    for (const cached of cachedTickets) {
      const { priorityRank: _p, dueAt: _d, queueRank: _q, ...ticket } = cached as CachedTicket;
      const server = view.tickets.get(ticket.id);
      findings.check(isDeepStrictEqual(ticket, server), () => {
        return `desk ${desk.index}: ticket ${ticket.id} ${JSON.stringify(ticket)} ≠ ${JSON.stringify(server)}`;
      });
    }
    // The queue in memory (patched from writes, handed a pull's tickets) ends where the cache is.
    const active = await readActiveTickets(db);
    const shown = await settledQueue(desk.desk.window, active);
    findings.check(isDeepStrictEqual(shown, active), () => {
      return `desk ${desk.index}: the queue shows ${shown?.length ?? 'nothing'}, the cache holds ${active.length} active`;
    });
    const cachedEvents = await allCachedEvents(db);
    findings.check(
      cachedEvents.length === view.events.size,
      () => `desk ${desk.index}: ${cachedEvents.length} events cached, server view ${view.events.size}`,
    );
    for (const event of cachedEvents) {
      findings.check(isDeepStrictEqual(event, view.events.get(event.id)), () => {
        return `desk ${desk.index}: event ${event.id} differs from the server's`;
      });
    }
  }
}
