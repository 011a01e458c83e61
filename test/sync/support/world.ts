import { TicketStatus, type Role } from '@shared/domain/index.ts';
import { openCallbacks } from '@shared/ticket/afterSalesRules.ts';
import { nextStatuses } from '@shared/ticket/stateMachine.ts';
import {
  MUTATION_ARGS,
  type Mutation,
  type MutationArgs,
  type MutationName,
} from '@shared/sync/mutations.ts';
import { errorCode } from '../../../renderer/src/api/apiError.ts';
import { readOrder } from '../../../renderer/src/db/customerOrders.ts';
import { readTimeline } from '../../../renderer/src/db/ticketTimeline.ts';
import { LocalMutationError } from '../../../renderer/src/sync/localMutators.ts';
import { writeTransaction } from '../../../server/src/db/beginWrite.ts';
import { EVENT_COLUMNS, toEvent, type EventRow } from '../../../server/src/db/rows.ts';
import { DEMO_ACCOUNTS } from '../../../server/src/seed/demoAccounts.ts';
import { openDesk, WindowCrashed, type Desk, type DeskWindow } from '../../support/desk.ts';
import { SimulatedCrash } from '../../support/storageFaults.ts';
import { createFaultyNetwork, NO_FAULTS, seededRandom, type FaultyNetwork } from './faultyNetwork.ts';
import type { ModelAgent, ModelOrder, ModelTicket } from './serialModel.ts';
import { SIM_URL, type SimServer } from './simServer.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One thing an agent does, in the abstract: `ticket`, `pick` and `assignee` are picks into what the
 * desk's cache shows at that moment, the way an agent acts on what is on screen. `blind` ignores the
 * cache (any ticket, any target status): mostly refused locally, sometimes by the server.
 */
export type Op =
  | { kind: 'reply' | 'note' | 'call' | 'claim'; ticket: number }
  | { kind: 'status'; ticket: number; pick: number; blind: boolean }
  | { kind: 'assign'; ticket: number; assignee: number }
  /** A refund of 5–40 % of the ticket's order: a handful on one order reach the cap. */
  | { kind: 'refund'; ticket: number; pick: number }
  /** Schedules a callback, moves an open one, or completes one (by `pick`). */
  | { kind: 'callback'; ticket: number; pick: number };

const ALL_STATUSES = TicketStatus.options;

export type Outcome = 'issued' | 'refused' | 'crashed' | 'storage_full';

/** A simulated client: one desk (main process + windows), its network and what it has issued. */
export interface SimDesk {
  index: number;
  desk: Desk;
  network: FaultyNetwork;
  skewMs: number;
  clientId: string;
  /** Mutations a window of this desk queued (mutate resolved), by id, as the engine stored them. */
  issued: Map<number, Pick<Mutation, 'name' | 'args'>>;
  /** Rejected ids the agent discarded or re-issued: gone from the rejected list by choice. */
  resolved: Set<number>;
  refusedLocally: number;
  /** Local refusals by code (what the agent was told at once). */
  refusals: Record<string, number>;
}

export interface WorldOptions {
  /** The server the world runs on; several worlds may use one server, one after another. */
  server: SimServer;
  desks: number;
  seed: number;
  /** Sign-ins of the desks, in turn (default: every demo account). */
  usernames?: readonly string[];
  /** Client clock skew of desk i, in ms (the renderer's clock only). */
  skew?: (index: number) => number;
  pullLimit?: number;
  pushBatchSize?: number;
  /** Push retry ceilings (default short: 50…400 ms). */
  retryDelaysMs?: readonly number[];
  /** Share of tickets made unassigned before the desks start, so claims race. Default 0.6. */
  unassigned?: number;
}

export interface World {
  server: SimServer;
  desks: SimDesk[];
  /** Real time when the desks started: every server timestamp of the run is after it. */
  startedAt: number;
  /** The tickets and agents before any desk acted (the serial model's start). */
  initial: {
    tickets: Map<string, ModelTicket>;
    agents: Map<string, ModelAgent>;
    orders: Map<string, ModelOrder>;
  };
  perform(desk: SimDesk, op: Op, window?: DeskWindow): Promise<Outcome>;
  /** One named mutation from a window of `desk` (the main one by default), recorded as issued. */
  mutate<N extends MutationName>(
    desk: SimDesk,
    name: N,
    args: MutationArgs<N>,
    window?: DeskWindow,
  ): Promise<number>;
  /** Faults off, then every desk pushes and pulls until every outbox is empty, then pulls once more. */
  heal(): Promise<void>;
  /** Closes the desks (the server stays). */
  close(): Promise<void>;
}

const uuid = () => crypto.randomUUID();

export async function createWorld(options: WorldOptions): Promise<World> {
  const { server } = options;
  const usernames = options.usernames ?? DEMO_ACCOUNTS.map((a) => a.username);
  // Free some tickets so that claims race (a normal versioned write, as a lead's bulk action would be).
  await writeTransaction(server.db, (tx, stamp) =>
    tx.query(
      `update tickets set assignee_id = null, version = $1
       where status <> 'closed' and get_byte(decode(md5(id::text), 'hex'), 0) < $2`,
      [stamp.version, Math.round((options.unassigned ?? 0.6) * 256)],
    ),
  );
  const initial = await readInitial(server);

  const desks: SimDesk[] = [];
  const startedAt = Date.now();
  try {
    const open = async (index: number): Promise<SimDesk> => {
      const username = usernames[index % usernames.length]!;
      const network = createFaultyNetwork(server.fetch, seededRandom(options.seed * 1_000 + index));
      const skewMs = options.skew?.(index) ?? 0;
      const desk = await openDesk(SIM_URL, username, {
        fetch: network.fetch,
        now: () => Date.now() + skewMs,
        liveTuning: { initialDelayMs: 20, maxDelayMs: 300, heartbeatTimeoutMs: 3_600_000 },
        engine: {
          retryDelaysMs: options.retryDelaysMs ?? [50, 100, 200, 400],
          ...(options.pullLimit ? { pullLimit: options.pullLimit } : {}),
          ...(options.pushBatchSize ? { pushBatchSize: options.pushBatchSize } : {}),
        },
      });
      const clientId = (await desk.db.getMeta<string>('clientId'))!;
      return {
        index,
        desk,
        network,
        skewMs,
        clientId,
        issued: new Map(),
        resolved: new Set(),
        refusedLocally: 0,
        refusals: {},
      };
    };
    // A few at a time: signing in is argon2 work on the thread pool.
    for (let first = 0; first < options.desks; first += 8) {
      const indexes = Array.from({ length: Math.min(8, options.desks - first) }, (_, i) => first + i);
      desks.push(...(await Promise.all(indexes.map(open))));
    }
  } catch (err) {
    await Promise.allSettled(desks.map((d) => d.desk.close()));
    throw err;
  }

  let counter = 0;
  async function argsFor(
    window: DeskWindow,
    agentId: string,
    op: Op,
  ): Promise<Pick<Mutation, 'name' | 'args'> | null> {
    const all = await window.db.tickets.toArray();
    // What an agent would pick on screen: open work for replies, free tickets for claims.
    const live = all.filter((t) => t.status !== 'closed');
    const workable = live.filter((t) => t.status !== 'resolved');
    const free = live.filter((t) => t.assigneeId === null);
    // Owner-only work (replies, status moves, after-sales) goes to one's own or a free ticket, as
    // an agent works their queue; a stale cache still races others into not_assignee on the server.
    const ownable = live.filter((t) => t.assigneeId === null || t.assigneeId === agentId);
    const pool =
      op.kind === 'claim'
        ? free
        : op.kind === 'reply'
          ? workable.filter((t) => t.assigneeId === null || t.assigneeId === agentId)
          : op.kind === 'status' && !op.blind
            ? ownable
            : op.kind === 'refund'
              ? ownable.filter((t) => t.orderId !== null)
              : op.kind === 'callback'
                ? ownable
                : live.length
                  ? live
                  : all;
    if (op.kind !== 'note' && op.kind !== 'call' && op.kind !== 'assign' && pool.length === 0) {
      return argsFor(window, agentId, { kind: 'note', ticket: op.ticket }); // nothing to act on
    }
    if (pool.length === 0) return null;
    const ticket = pool[op.ticket % pool.length]!;
    const ticketId = ticket.id;
    const eventId = uuid();
    counter += 1;
    switch (op.kind) {
      case 'reply':
        return { name: 'replyToTicket', args: { ticketId, eventId, body: `回复 ${counter}` } };
      case 'note':
        return { name: 'addNote', args: { ticketId, eventId, body: `备注 ${counter}` } };
      case 'call':
        return {
          name: 'logCall',
          args: {
            ticketId,
            eventId,
            direction: counter % 2 ? 'inbound' : 'outbound',
            durationSec: counter % 600,
            wrapUpCode: counter % 3 ? 'resolved_on_call' : null,
            summary: `通话 ${counter}`,
          },
        };
      case 'status': {
        // Agents rarely close (closed is final): keep most tickets in play.
        const next = nextStatuses(ticket.status).filter((st) => st !== 'closed' || op.pick % 50 === 0);
        const to =
          op.blind || next.length === 0
            ? ALL_STATUSES[op.pick % ALL_STATUSES.length]!
            : next[op.pick % next.length]!;
        return { name: 'setStatus', args: { ticketId, eventId, to, reason: null } };
      }
      case 'claim':
        return { name: 'claimTicket', args: { ticketId } };
      case 'refund': {
        const order = await readOrder(window.db, ticket.orderId!);
        if (!order) return argsFor(window, agentId, { kind: 'note', ticket: op.ticket });
        const amount = Math.max(1, Math.floor((order.total * ((op.pick % 8) + 1)) / 20));
        return {
          name: 'issueRefund',
          args: { ticketId, eventId, orderId: order.id, amount, reason: `退款 ${counter}` },
        };
      }
      case 'callback': {
        const events = await readTimeline(window.db, ticketId);
        const open = openCallbacks(events);
        const target = open[op.pick % Math.max(1, open.length)];
        if (target && op.pick % 3 === 0) {
          return {
            name: 'completeCallback',
            args: { ticketId, eventId, callbackId: target.callbackId, note: `已回访 ${counter}` },
          };
        }
        return {
          name: 'scheduleCallback',
          args: {
            ticketId,
            eventId,
            // Every other pick moves an open callback instead of adding one.
            callbackId: target && op.pick % 3 === 1 ? target.callbackId : uuid(),
            dueAt: Date.now() + (op.pick % 48) * 60 * 60 * 1000,
            note: `回访 ${counter}`,
          },
        };
      }
      case 'assign': {
        const agents = await window.db.agents.toArray();
        const me = agents.find((a) => a.id === agentId);
        // An agent's screen has no "assign" button: they claim instead.
        if (me?.role === 'agent') return { name: 'claimTicket', args: { ticketId } };
        const team = agents
          .filter((a) => a.teamId === ticket.teamId && a.role !== 'admin')
          .map((a) => a.id)
          .sort();
        const pick = op.assignee % (team.length + 1);
        return { name: 'assignTicket', args: { ticketId, assigneeId: team[pick] ?? null } };
      }
    }
  }

  return {
    server,
    desks,
    startedAt,
    initial,
    async perform(d, op, window = d.desk.window) {
      if (window.crashed) return 'crashed';
      const mutation = await argsFor(window, d.desk.agent.id, op).catch((err: unknown) => {
        if (window.crashed) return null;
        throw err;
      });
      if (!mutation) return window.crashed ? 'crashed' : 'refused';
      const { name, args } = mutation;
      try {
        const id = await window.engine.mutate(name as MutationName, args as never);
        d.issued.set(id, { name, args: MUTATION_ARGS[name].parse(args) } as Pick<Mutation, 'name' | 'args'>);
        return 'issued';
      } catch (err) {
        if (err instanceof LocalMutationError) {
          d.refusedLocally += 1;
          d.refusals[err.code] = (d.refusals[err.code] ?? 0) + 1;
          return 'refused';
        }
        if (errorCode(err) === 'storage_full') return 'storage_full';
        if (err instanceof SimulatedCrash || err instanceof WindowCrashed || window.crashed) return 'crashed';
        throw err;
      }
    },
    async mutate(d, name, args, window = d.desk.window) {
      const id = await window.engine.mutate(name, args);
      d.issued.set(id, { name, args: MUTATION_ARGS[name].parse(args) } as Pick<Mutation, 'name' | 'args'>);
      return id;
    },
    async heal() {
      for (const d of desks) {
        d.network.offline = false;
        d.network.profile = { ...NO_FAULTS };
        d.desk.window.storage.disarm();
      }
      await Promise.all(desks.map((d) => d.network.inFlight()));
      for (let round = 0; round < 30; round++) {
        await Promise.all(desks.map((d) => d.desk.engine.pushNow().catch(() => undefined)));
        await Promise.all(desks.map((d) => d.desk.engine.pullNow().catch(() => undefined)));
        const left = await Promise.all(desks.map((d) => d.desk.db.outbox.count()));
        if (left.every((n) => n === 0)) break;
      }
      await Promise.all(desks.map((d) => d.desk.engine.pullNow()));
    },
    async close() {
      await Promise.allSettled(desks.map((d) => d.desk.close()));
    },
  };
}

async function readInitial(server: SimServer): Promise<World['initial']> {
  const { rows: tickets } = await server.db.query<{
    id: string;
    status: TicketStatus;
    assignee_id: string | null;
    team_id: string;
    customer_id: string;
  }>('select id, status, assignee_id, team_id, customer_id from tickets');
  const { rows: agents } = await server.db.query<{ id: string; role: Role; team_id: string }>(
    'select id, role, team_id from agents',
  );
  // The after-sales facts the seed already wrote: refunds, returns, callbacks, surveys.
  const { rows: events } = await server.db.query<EventRow>(
    `select ${EVENT_COLUMNS} from ticket_events
     where kind in ('refund', 'return_request', 'callback', 'survey_request')`,
  );
  const { rows: orders } = await server.db.query<{ id: string; customer_id: string; total: number }>(
    'select id, customer_id, total from orders',
  );
  const model = new Map<string, ModelTicket>(
    tickets.map((t) => [
      t.id,
      {
        status: t.status,
        assigneeId: t.assignee_id,
        teamId: t.team_id,
        customerId: t.customer_id,
        openCallbacks: new Set<string>(),
        doneCallbacks: new Set<string>(),
        rmas: new Set<string>(),
        surveyed: false,
      },
    ]),
  );
  const orderModel = new Map<string, ModelOrder>(
    orders.map((o) => [o.id, { customerId: o.customer_id, total: Number(o.total), refunded: 0 }]),
  );
  const timeline = events.map(toEvent).sort((a, b) => a.createdAt - b.createdAt);
  for (const e of timeline) {
    const t = model.get(e.ticketId)!;
    if (e.kind === 'refund') orderModel.get(e.orderId)!.refunded += e.amount;
    if (e.kind === 'return_request') t.rmas.add(e.rmaNo);
    if (e.kind === 'survey_request') t.surveyed = true;
    if (e.kind === 'callback' && e.action === 'done') {
      t.openCallbacks.delete(e.callbackId);
      t.doneCallbacks.add(e.callbackId);
    } else if (e.kind === 'callback') t.openCallbacks.add(e.callbackId);
  }
  return {
    tickets: model,
    agents: new Map(agents.map((a) => [a.id, { role: a.role, teamId: a.team_id }])),
    orders: orderModel,
  };
}

/** A copy the serial model may change, leaving the world's starting point as it was. */
export function copyInitial(initial: World['initial']) {
  const tickets = new Map(
    [...initial.tickets].map(([id, t]) => [
      id,
      {
        ...t,
        openCallbacks: new Set(t.openCallbacks),
        doneCallbacks: new Set(t.doneCallbacks),
        rmas: new Set(t.rmas),
      },
    ]),
  );
  const orders = new Map([...initial.orders].map(([id, o]) => [id, { ...o }]));
  return { tickets, orders };
}
