import type { PresenceEntry } from '@shared/sync/presence.ts';
import type { AppInfo, ApiEvent, CareDeskApi, SessionInfo } from '@shared/api/contract.ts';
import type { Agent, Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import type { RevealAudit } from '@shared/privacy/reveal.ts';
import { MUTATION_ARGS, type Mutation } from '@shared/sync/mutations.ts';
import type {
  MutationResult,
  PushRequest,
  PushResponse,
  RejectionDetails,
  SealedPatchOp,
  SealedPullResponse,
} from '@shared/sync/protocol.ts';
import {
  maySendSurvey,
  nextCallbackOf,
  openCallbacks,
  refundedTotal,
  rmaNumbers,
} from '@shared/ticket/afterSalesRules.ts';
import { ownershipRefusal } from '@shared/ticket/ownership.ts';
import { canTransition, statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';
import { CareDeskApiError } from '../src/api/apiError.ts';
import { agentAlice, makeCustomer, makeMessage, makeTicket, T0 } from './fixtures.ts';
import { fakeOpenPush, fakeOpenText, fakeRebind, fakeSealPull, fakeSealText } from './fakeTextSealer.ts';
import { AUDIT_FIELD_OF_KIND, DRAFT_TEXT_FIELD } from '@shared/privacy/sealedText.ts';
import { maskText } from '@shared/privacy/pii/maskText.ts';

type Op = Exclude<SealedPatchOp, { op: 'clear' }>;
type Refusal = { reason: string; details?: RejectionDetails };
type TicketMutation = Exclude<
  Mutation,
  { name: 'revealAudit' | 'setAgentState' | 'claimTicket' | 'assignTicket' }
>;
type EventBase = Pick<TicketEvent, 'id' | 'ticketId' | 'authorType' | 'authorId' | 'createdAt'>;

/**
 * A small in-memory stand-in for the main process + server: versioned rows, per-client mutation
 * sequence, the three mutators, pokes. Enough to drive the sync engine and the UI in tests.
 */
export class FakeServer {
  private log: Array<{ version: number; key: string; op: Op }> = [];
  private version = 0;
  private clearAt = 0;
  readonly lastMutationIds = new Map<string, number>();
  readonly pushes: PushRequest[] = [];
  /** revealAudit mutations the server recorded (idempotent on the audit id). */
  readonly audits = new Map<string, RevealAudit>();
  /** Reject a mutation with this reason when the predicate says so. */
  rejectIf: ((m: Mutation) => string | null) | null = null;
  /** When set, the next push/pull call fails with this error. */
  failNext: Error | null = null;
  /** While true every call fails as a network error would. */
  offline = false;
  /** Who else views each ticket, for presence tests (ticketId → entries). */
  presence = new Map<string, PresenceEntry[]>();
  /** The agent states pushed by setAgentState (the wire's agent rows do not carry them). */
  readonly agentStates = new Map<string, string>();
  /** Holds pushes until released (to observe the optimistic state). */
  holdPushes: Promise<void> | null = null;
  time = T0 + 60_000;

  private record(key: string, op: Op): void {
    this.version += 1;
    this.log = this.log.filter((e) => e.key !== key);
    this.log.push({ version: this.version, key, op });
  }

  put(op: Extract<Op, { op: 'put' }>): void {
    this.record(`${op.entity}:${op.value.id}`, op);
  }

  del(entity: Op['entity'], id: string): void {
    this.record(`${entity}:${id}`, { op: 'del', entity, id });
  }

  /** Every client must drop its cache on its next pull. */
  reset(): void {
    this.version += 1;
    this.clearAt = this.version;
  }

  get<T>(key: string): T | undefined {
    const op = this.log.find((e) => e.key === key)?.op;
    return op?.op === 'put' ? (op.value as T) : undefined;
  }

  pull(input: { clientId: string; cookie: string | null; limit?: number }): SealedPullResponse {
    const since = input.cookie ? Number(input.cookie) : 0;
    const patch: SealedPatchOp[] = [];
    if (since < this.clearAt) patch.push({ op: 'clear' });
    const from = since < this.clearAt ? 0 : since;
    const changes = this.log.filter((e) => e.version > from).sort((a, b) => a.version - b.version);
    const limit = input.limit ?? 2_000;
    const chunk = changes.slice(0, limit);
    patch.push(...chunk.map((e) => e.op));
    const more = changes.length > limit;
    const cookieVersion = more ? (chunk[chunk.length - 1]?.version ?? from) : this.version;
    return {
      cookie: String(Math.max(cookieVersion, this.clearAt)),
      lastMutationId: this.lastMutationIds.get(input.clientId) ?? 0,
      patch,
      more,
    };
  }

  push(input: PushRequest): PushResponse {
    this.pushes.push(input);
    let last = this.lastMutationIds.get(input.clientId) ?? 0;
    const results: MutationResult[] = [];
    const first = input.mutations[0];
    if (first && first.id > last + 1)
      throw new CareDeskApiError('mutation_gap', 'gap', { status: 409, details: { expected: last + 1 } });
    for (const m of input.mutations) {
      if (m.id <= last) {
        results.push({ id: m.id, status: 'duplicate', reason: null });
        continue;
      }
      const forced = this.rejectIf?.(m);
      const refusal = forced ? { reason: forced } : this.apply(m);
      results.push(
        refusal
          ? {
              id: m.id,
              status: 'rejected',
              reason: refusal.reason,
              ...(refusal.details ? { details: refusal.details } : {}),
            }
          : { id: m.id, status: 'applied', reason: null },
      );
      last = m.id;
    }
    this.lastMutationIds.set(input.clientId, last);
    return { lastMutationId: last, results };
  }

  /** Every event of a ticket on the server, in time order. */
  eventsOf(ticketId: string): TicketEvent[] {
    return this.log
      .flatMap((e) => (e.op.op === 'put' && e.op.entity === 'event' ? [e.op.value] : []))
      .filter((e) => e.ticketId === ticketId)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  private apply(m: Mutation): Refusal | null {
    MUTATION_ARGS[m.name].parse(m.args);
    if (m.name === 'revealAudit') {
      if (m.args.agentId !== agentAlice.id) return { reason: 'forbidden' };
      if (!this.audits.has(m.args.id)) this.audits.set(m.args.id, m.args);
      return null;
    }
    if (m.name === 'setAgentState') {
      this.agentStates.set(agentAlice.id, m.args.state);
      return null;
    }
    const ticket = this.get<Ticket>(`ticket:${m.args.ticketId}`);
    if (!ticket) return { reason: 'ticket_not_found' };
    this.time += 1_000;
    const next: Ticket = { ...ticket, updatedAt: this.time };
    if (m.name === 'claimTicket' || m.name === 'assignTicket') {
      const assigneeId = m.name === 'claimTicket' ? agentAlice.id : m.args.assigneeId;
      if (m.name === 'claimTicket' && ticket.assigneeId && ticket.assigneeId !== assigneeId)
        return { reason: 'already_claimed' };
      this.put({ op: 'put', entity: 'ticket', value: { ...next, assigneeId } });
      return null;
    }
    if (this.get(`event:${m.args.eventId}`)) return null;
    if (ownershipRefusal(m.name, ticket, agentAlice.id)) {
      const holder = this.get<Agent>(`agent:${ticket.assigneeId}`);
      return {
        reason: 'not_assignee',
        details: { agentId: ticket.assigneeId, ...(holder ? { displayName: holder.displayName } : {}) },
      };
    }
    const base: EventBase = {
      id: m.args.eventId,
      ticketId: ticket.id,
      authorType: 'agent',
      authorId: agentAlice.id,
      createdAt: this.time,
    };
    const outcome = this.change(m, ticket, next, base);
    if ('reason' in outcome) return outcome;
    this.put({ op: 'put', entity: 'event', value: outcome.event });
    this.put({ op: 'put', entity: 'ticket', value: outcome.ticket });
    return null;
  }

  /** The event a ticket mutation writes and the ticket after it, or why it is refused. */
  private change(
    m: TicketMutation,
    ticket: Ticket,
    next: Ticket,
    base: EventBase,
  ): Refusal | { event: TicketEvent; ticket: Ticket } {
    const done = (event: object, changes: Partial<Ticket> = {}) => ({
      event: { ...base, ...event } as TicketEvent,
      ticket: { ...next, ...changes },
    });
    const events = this.eventsOf(ticket.id);
    const ownOrder = (orderId: string) =>
      this.get<Order>(`order:${orderId}`)?.customerId === ticket.customerId;
    switch (m.name) {
      case 'replyToTicket':
        return done(
          {
            kind: 'message',
            direction: 'outbound',
            channel: ticket.channel,
            body: m.args.body,
            attachments: m.args.attachments,
          },
          {
            status: statusAfterAgentReply(ticket.status),
            assigneeId: ticket.assigneeId ?? agentAlice.id,
            firstResponseAt: ticket.firstResponseAt ?? this.time,
          },
        );
      case 'addNote':
        return done({ kind: 'note', body: m.args.body, attachments: m.args.attachments });
      case 'logCall': {
        const { ticketId: _t, eventId: _e, ...call } = m.args;
        return done({ kind: 'call', ...call });
      }
      case 'setStatus':
        if (!canTransition(ticket.status, m.args.to)) return { reason: 'invalid_transition' };
        return done(
          { kind: 'status_change', from: ticket.status, to: m.args.to, reason: m.args.reason },
          { status: m.args.to },
        );
      case 'takeOverTicket':
        if (!ticket.assigneeId || ticket.assigneeId === agentAlice.id)
          return { reason: 'nothing_to_take_over' };
        return done(
          { kind: 'take_over', fromAgentId: ticket.assigneeId, reason: m.args.reason },
          { assigneeId: agentAlice.id },
        );
      case 'classifyTicket':
        return done(
          { kind: 'classification', category: m.args.category, rootCause: m.args.rootCause },
          { category: m.args.category, rootCause: m.args.rootCause },
        );
      case 'issueRefund': {
        const order = this.get<Order>(`order:${m.args.orderId}`);
        if (!order || !ownOrder(order.id)) return { reason: 'order_not_found' };
        const allEvents = this.log.flatMap((e) =>
          e.op.op === 'put' && e.op.entity === 'event' ? [e.op.value] : [],
        );
        const alreadyRefunded = refundedTotal(allEvents, order.id);
        if (alreadyRefunded + m.args.amount > order.total)
          return { reason: 'refund_exceeds_total', details: { orderTotal: order.total, alreadyRefunded } };
        return done({ kind: 'refund', orderId: order.id, amount: m.args.amount, reason: m.args.reason });
      }
      case 'createReturn': {
        if (!ownOrder(m.args.orderId)) return { reason: 'order_not_found' };
        const { ticketId: _t, eventId: _e, ...rest } = m.args;
        return done({ kind: 'return_request', ...rest });
      }
      case 'updateLogistics': {
        if (!rmaNumbers(events).includes(m.args.rmaNo)) return { reason: 'rma_not_found' };
        const { ticketId: _t, eventId: _e, ...rest } = m.args;
        return done({ kind: 'logistics_update', ...rest });
      }
      case 'requestRepair': {
        const { ticketId: _t, eventId: _e, ...rest } = m.args;
        return done({ kind: 'repair', ...rest });
      }
      case 'grantCompensation': {
        const { ticketId: _t, eventId: _e, ...rest } = m.args;
        return done({ kind: 'compensation', ...rest });
      }
      case 'referMedical':
        return done(
          { kind: 'medical_referral', advice: m.args.advice },
          { tags: [...new Set([...ticket.tags, 'medical_referral'])] },
        );
      case 'escalateComplaint':
        return done(
          { kind: 'escalation', reason: m.args.reason },
          {
            category: 'complaint',
            tags: [...new Set([...ticket.tags, 'escalated'])],
            priority: ticket.priority === 'urgent' ? 'urgent' : 'high',
          },
        );
      case 'scheduleCallback':
      case 'completeCallback': {
        const isOpen = openCallbacks(events).some((c) => c.callbackId === m.args.callbackId);
        if (m.name === 'completeCallback' && !isOpen) return { reason: 'callback_not_found' };
        const event = {
          ...base,
          kind: 'callback',
          callbackId: m.args.callbackId,
          action: m.name === 'completeCallback' ? 'done' : isOpen ? 'rescheduled' : 'scheduled',
          dueAt: m.name === 'scheduleCallback' ? m.args.dueAt : null,
          note: m.args.note,
        } as TicketEvent;
        return done(event, { nextCallback: nextCallbackOf([...events, event]) });
      }
      case 'requestSurvey':
        if (!maySendSurvey(ticket.status, events)) return { reason: 'survey_not_allowed' };
        return done({ kind: 'survey_request' });
      case 'forwardToProduct': {
        const { ticketId: _t, eventId: _e, ...rest } = m.args;
        return done({ kind: 'product_feedback', ...rest });
      }
    }
  }
}

export interface FakeApi extends CareDeskApi {
  server: FakeServer;
  emit(event: ApiEvent): void;
  calls: string[];
}

export function createFakeApi(
  options: {
    server?: FakeServer;
    info?: Partial<AppInfo>;
    agents?: Array<Agent & { password: string }>;
    session?: Agent | null;
  } = {},
): FakeApi {
  const server = options.server ?? new FakeServer();
  const accounts = options.agents ?? [{ ...agentAlice, password: 'demo1234' }];
  let session: SessionInfo | null = options.session ? { agent: options.session } : null;
  const listeners = new Map<ApiEvent, Set<() => void>>();
  const calls: string[] = [];

  const call = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    calls.push(name);
    await Promise.resolve();
    if (server.offline) throw new TypeError('Failed to fetch');
    if (server.failNext) {
      const err = server.failNext;
      server.failNext = null;
      throw err;
    }
    return fn();
  };

  return {
    server,
    calls,
    emit(event) {
      for (const l of listeners.get(event) ?? []) l();
    },
    app: {
      info: () =>
        call('app.info', () => ({
          version: '0.1.0-test',
          demoMode: true,
          demoAccounts: accounts.map((a) => ({ username: a.username, password: a.password, role: a.role })),
          host: 'browser' as const,
          serverUrl: 'http://127.0.0.1:0',
          ...options.info,
        })),
    },
    session: {
      login: (input) =>
        call('session.login', () => {
          const found = accounts.find((a) => a.username === input.username && a.password === input.password);
          if (!found)
            throw new CareDeskApiError('invalid_credentials', 'bad username or password', { status: 401 });
          const { password: _password, ...agent } = found;
          session = { agent };
          return session;
        }),
      logout: () =>
        call('session.logout', () => {
          session = null;
          return { ok: true as const };
        }),
      current: () => call('session.current', () => session),
    },
    sync: {
      // As the main process does: events' free text reaches the renderer masked and sealed.
      pull: (input) => call('sync.pull', () => fakeSealPull(server.pull(input))),
      push: (input) =>
        call('sync.push', async () => {
          if (server.holdPushes) {
            await server.holdPushes;
            if (server.failNext) {
              const err = server.failNext;
              server.failNext = null;
              throw err;
            }
          }
          return server.push(fakeOpenPush(input));
        }),
    },
    // privacy/settings: minimal stand-ins; features/privacy tests bring their own fakes.
    privacy: {
      reveal: (input) =>
        call('privacy.reveal', () => ({
          value: `revealed:${input.field}`,
          expiresAt: Date.now() + 30_000,
          audit: {
            id: crypto.randomUUID(),
            agentId: agentAlice.id,
            customerId: input.customerId,
            field: input.field,
            reason: input.reason,
            reasonText: input.reasonText ?? null,
            at: Date.now(),
          },
        })),
      revealSpan: (input) =>
        call('privacy.revealSpan', () => {
          const opened = fakeOpenText(input.recordId, input.field, input.sealed);
          const [start, end] = opened.spans[input.span] ?? [0, 0];
          const kind = maskText(opened.text.slice(start, end)).masks[0]?.kind ?? 'mobile';
          return {
            value: opened.text.slice(start, end),
            expiresAt: Date.now() + 30_000,
            audit: {
              id: crypto.randomUUID(),
              agentId: agentAlice.id,
              customerId: input.customerId,
              field: AUDIT_FIELD_OF_KIND[kind],
              reason: input.reason,
              reasonText: input.reasonText ?? null,
              at: Date.now(),
            },
          };
        }),
      // The main process seals and opens the agent's own text without the server: works offline too.
      sealText: async (input) => {
        calls.push('privacy.sealText');
        return fakeSealText(input.recordId, input.field, input.text);
      },
      rebindText: async (input) => {
        calls.push('privacy.rebindText');
        return fakeRebind(input.fromRecordId, input.toRecordId, input.field, input.sealed);
      },
      openDraft: async (input) => {
        calls.push('privacy.openDraft');
        return { text: fakeOpenText(input.ticketId, DRAFT_TEXT_FIELD, input.sealed).text };
      },
      phoneIndex: () => call('privacy.phoneIndex', () => ({ phoneIndex: null })),
      wipeDevice: () => call('privacy.wipeDevice', () => ({ wipedAt: Date.now() })),
    },
    // presence: the fake server keeps what tests put in `server.presence` (ticketId → entries).
    presence: {
      set: () => call('presence.set', () => ({ ok: true as const })),
      get: (input) => call('presence.get', () => ({ entries: server.presence.get(input.ticketId) ?? [] })),
    },
    settings: {
      get: () => call('settings.get', () => ({ contentProtection: true })),
      set: (input) => call('settings.set', () => ({ contentProtection: input.contentProtection ?? true })),
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

/** A ticket with its customer and first customer message, on the fake server (not yet pulled). */
export function seedServerTicket(server: FakeServer, overrides: Partial<Ticket> = {}): Ticket {
  const customer = makeCustomer();
  const ticket = makeTicket({ customerId: customer.id, ...overrides });
  server.put({ op: 'put', entity: 'customer', value: customer });
  server.put({ op: 'put', entity: 'ticket', value: ticket });
  server.put({ op: 'put', entity: 'event', value: makeMessage(ticket.id) });
  return ticket;
}
