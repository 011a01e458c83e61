import { PRIORITY_RANK } from '@shared/domain/ticket.ts';
import type {
  CallEvent,
  MessageEvent,
  NoteEvent,
  StatusChangeEvent,
  TicketEvent,
} from '@shared/domain/event.ts';
import type { SealedTextMap } from '@shared/privacy/sealedText.ts';
import type { Mutation, MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import type { SealedMutation } from '@shared/sync/protocol.ts';
import {
  maySendSurvey,
  nextCallbackOf,
  openCallbacks,
  refundedTotal,
  rmaNumbers,
} from '@shared/ticket/afterSalesRules.ts';
import { ownershipRefusal } from '@shared/ticket/ownership.ts';
import { canTransition, statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';
import type { z } from 'zod';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import { readCustomerOrders } from '../db/customerOrders.ts';
import { patchTimelines, readTimeline, readTimelines } from '../db/ticketTimeline.ts';
import { deriveTicket } from '../db/derive.ts';
import type { CachedEvent, CachedOrder, CachedTicket, ShadowRow } from '../db/types.ts';

/** A mutation the local cache already knows the server would refuse; `code` is `sync.reject.<code>`. */
export class LocalMutationError extends Error {
  readonly code: string;
  /** Data for the message, e.g. `{ agentId, displayName }` of `already_claimed`. */
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message = code, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LocalMutationError';
    this.code = code;
    this.details = details;
  }
}

export interface MutatorContext {
  db: CareDeskDb;
  /** When the agent acted (the client clock): stamps optimistic rows until the server's replace them. */
  clientTime: number;
  /** The signed-in agent, the author of optimistic events. */
  agentId: string | null;
  /**
   * The envelopes of the mutation's sealed free-text arguments (its text arguments hold their masked
   * text): the event the mutation writes keeps them, since each is bound to that event id and field.
   */
  sealedText?: SealedTextMap | undefined;
}

/**
 * Records the server's version of a row before its first optimistic change. Rebasing restores it,
 * so a mutation the server rejected (or changed) leaves no trace once a pull has been applied.
 */
async function shadow(ctx: MutatorContext, table: ShadowRow['table'], id: string): Promise<void> {
  const key = `${table}:${id}`;
  if (await ctx.db.shadows.get(key)) return;
  const value = await ctx.db.table<ShadowRow['value'], string>(table).get(id);
  await ctx.db.shadows.put({ key, table, id, value });
}

async function requireTicket(ctx: MutatorContext, ticketId: string): Promise<CachedTicket> {
  const ticket = await ctx.db.tickets.get(ticketId);
  if (!ticket) throw new LocalMutationError('ticket_not_found');
  return ticket;
}

async function writeTicket(ctx: MutatorContext, ticket: CachedTicket): Promise<void> {
  await shadow(ctx, 'tickets', ticket.id);
  const { priorityRank: _p, dueAt: _d, queueRank: _q, ...plain } = ticket;
  await ctx.db.tickets.put(deriveTicket(plain));
}

/** Who and when of an event the signed-in agent writes: the client's clock until the server's replaces it. */
function agentAuthored(ctx: MutatorContext) {
  return { authorType: 'agent', authorId: ctx.agentId, createdAt: ctx.clientTime } as const;
}

async function addEvent(ctx: MutatorContext, event: CachedEvent): Promise<void> {
  await shadow(ctx, 'timelines', event.ticketId);
  const stored = ctx.sealedText ? { ...event, sealedText: ctx.sealedText } : event;
  await patchTimelines(ctx.db, new Map([[event.ticketId, { puts: [stored] }]]));
}

/** Whether the ticket's cached timeline holds the event (the mutation that writes it was applied). */
async function hasEvent(ctx: MutatorContext, ticketId: string, eventId: string): Promise<boolean> {
  return (await readTimeline(ctx.db, ticketId)).some((e) => e.id === eventId);
}

/** An event body as a mutator writes it: the who and when come from agentAuthored. */
type AgentEventBody = TicketEvent extends infer E
  ? E extends TicketEvent
    ? Omit<E, 'id' | 'ticketId' | 'authorType' | 'authorId' | 'createdAt'>
    : never
  : never;

async function addAgentEvent(
  ctx: MutatorContext,
  ticketId: string,
  eventId: string,
  body: AgentEventBody,
): Promise<CachedEvent> {
  const event = { ...body, id: eventId, ticketId, ...agentAuthored(ctx) } as CachedEvent;
  await addEvent(ctx, event);
  return event;
}

/** Writes the ticket with `changes` and the action's time as its last update. */
function touchTicket(ctx: MutatorContext, ticket: CachedTicket, changes: Partial<CachedTicket> = {}) {
  return writeTicket(ctx, { ...ticket, ...changes, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
}

/** `not_assignee` with who holds the ticket, as the server words it (shared ownershipRefusal). */
async function refuseUnlessOwner(ctx: MutatorContext, name: MutationName, ticket: CachedTicket) {
  if (ownershipRefusal(name, ticket, ctx.agentId) === null) return;
  const holder = ticket.assigneeId ? await ctx.db.agents.get(ticket.assigneeId) : undefined;
  throw new LocalMutationError('not_assignee', 'not_assignee', {
    agentId: ticket.assigneeId,
    ...(holder ? { displayName: holder.displayName } : {}),
  });
}

/**
 * The common start of an owner-only action that writes one event: the ticket exists, is not closed
 * and is the agent's (or nobody's). Null when the event is already cached: the server has the change
 * (a replay after its answer was lost), so applying it again would count it twice.
 */
async function beginOwnerAction(
  ctx: MutatorContext,
  name: MutationName,
  ticketId: string,
  eventId: string,
): Promise<CachedTicket | null> {
  const ticket = await requireTicket(ctx, ticketId);
  if (await hasEvent(ctx, ticketId, eventId)) return null;
  if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
  await refuseUnlessOwner(ctx, name, ticket);
  return ticket;
}

/** One of the ticket customer's cached orders, else `order_not_found`. */
async function customerOrder(
  ctx: MutatorContext,
  ticket: CachedTicket,
  orderId: string,
): Promise<CachedOrder> {
  const order = (await readCustomerOrders(ctx.db, ticket.customerId)).find((o) => o.id === orderId);
  if (!order) throw new LocalMutationError('order_not_found');
  return order;
}

/** Refund events on all of a customer's cached tickets: an order's refunds may sit on another ticket. */
async function customerRefunds(ctx: MutatorContext, customerId: string): Promise<CachedEvent[]> {
  const ticketIds = await ctx.db.tickets.where('customerId').equals(customerId).primaryKeys();
  return (await readTimelines(ctx.db, ticketIds)).filter((e) => e.kind === 'refund');
}

const MAX_TAGS = 16;
function withTag(tags: readonly string[], tag: string): string[] {
  return tags.includes(tag) || tags.length >= MAX_TAGS ? [...tags] : [...tags, tag];
}

type LocalMutator<N extends MutationName> = (ctx: MutatorContext, args: MutationArgs<N>) => Promise<void>;

/**
 * The optimistic half of each mutation (the server's half lives in server/src/sync/mutators). Each
 * runs inside the caller's Dexie transaction and must stay in step with the server's rules.
 */
export const LOCAL_MUTATORS: { [N in MutationName]: LocalMutator<N> } = {
  async replyToTicket(ctx, { ticketId, eventId, body, attachments }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'resolved' || ticket.status === 'closed')
      throw new LocalMutationError('ticket_not_open');
    await refuseUnlessOwner(ctx, 'replyToTicket', ticket);
    const event: z.infer<typeof MessageEvent> = {
      id: eventId,
      ticketId,
      kind: 'message',
      direction: 'outbound',
      channel: ticket.channel,
      body,
      ...(attachments?.length ? { attachments } : {}),
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    // Whoever answers an unassigned ticket owns it (as on the server).
    await writeTicket(ctx, {
      ...ticket,
      status: statusAfterAgentReply(ticket.status),
      assigneeId: ticket.assigneeId ?? ctx.agentId,
      firstResponseAt: ticket.firstResponseAt ?? ctx.clientTime,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async addNote(ctx, { ticketId, eventId, body, attachments }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    const event: z.infer<typeof NoteEvent> = {
      id: eventId,
      ticketId,
      kind: 'note',
      body,
      ...(attachments?.length ? { attachments } : {}),
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, { ...ticket, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  async setStatus(ctx, { ticketId, eventId, to, reason }) {
    const ticket = await requireTicket(ctx, ticketId);
    await refuseUnlessOwner(ctx, 'setStatus', ticket);
    if (!canTransition(ticket.status, to)) throw new LocalMutationError('invalid_transition');
    const event: z.infer<typeof StatusChangeEvent> = {
      id: eventId,
      ticketId,
      kind: 'status_change',
      from: ticket.status,
      to,
      reason,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, {
      ...ticket,
      status: to,
      resolvedAt: to === 'resolved' ? (ticket.resolvedAt ?? ctx.clientTime) : ticket.resolvedAt,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async logCall(ctx, { ticketId, eventId, direction, durationSec, wrapUpCode, summary }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    const event: z.infer<typeof CallEvent> = {
      id: eventId,
      ticketId,
      kind: 'call',
      direction,
      durationSec,
      wrapUpCode,
      summary,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, { ...ticket, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  // The server decides claim races; locally a ticket we already see as someone else's is refused at
  // once, and a claim the server refuses later rolls back when the rejection rebases the cache.
  async claimTicket(ctx, { ticketId }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.assigneeId !== null && ticket.assigneeId === ctx.agentId) return;
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    if (ticket.assigneeId !== null) {
      const holder = await ctx.db.agents.get(ticket.assigneeId);
      throw new LocalMutationError('already_claimed', 'already_claimed', {
        agentId: ticket.assigneeId,
        ...(holder ? { displayName: holder.displayName } : {}),
      });
    }
    await writeTicket(ctx, {
      ...ticket,
      assigneeId: ctx.agentId,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async assignTicket(ctx, { ticketId, assigneeId }) {
    const me = ctx.agentId ? await ctx.db.agents.get(ctx.agentId) : undefined;
    // Without our own row in the cache the server decides (it does anyway).
    if (me && me.role === 'agent') throw new LocalMutationError('forbidden');
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    if (ticket.assigneeId === assigneeId) return;
    if (assigneeId !== null) {
      const assignee = await ctx.db.agents.get(assigneeId);
      if (assignee && assignee.teamId !== ticket.teamId) throw new LocalMutationError('invalid_assignee');
    }
    await writeTicket(ctx, { ...ticket, assigneeId, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  async takeOverTicket(ctx, { ticketId, eventId, reason }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (await hasEvent(ctx, ticketId, eventId)) return;
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    // Nobody else holds it: a claim is the right move, and it leaves no take-over on the record.
    if (ticket.assigneeId === null || ticket.assigneeId === ctx.agentId)
      throw new LocalMutationError('nothing_to_take_over');
    await addAgentEvent(ctx, ticketId, eventId, {
      kind: 'take_over',
      fromAgentId: ticket.assigneeId,
      reason,
    });
    await touchTicket(ctx, ticket, { assigneeId: ctx.agentId });
  },

  async classifyTicket(ctx, { ticketId, eventId, category, rootCause }) {
    const ticket = await beginOwnerAction(ctx, 'classifyTicket', ticketId, eventId);
    if (!ticket) return;
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'classification', category, rootCause });
    await touchTicket(ctx, ticket, { category, rootCause });
  },

  async issueRefund(ctx, { ticketId, eventId, orderId, amount, reason }) {
    const ticket = await beginOwnerAction(ctx, 'issueRefund', ticketId, eventId);
    if (!ticket) return;
    const order = await customerOrder(ctx, ticket, orderId);
    const alreadyRefunded = refundedTotal(await customerRefunds(ctx, ticket.customerId), orderId);
    if (alreadyRefunded + amount > order.total)
      throw new LocalMutationError('refund_exceeds_total', 'refund_exceeds_total', {
        orderTotal: order.total,
        alreadyRefunded,
      });
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'refund', orderId, amount, reason });
    await touchTicket(ctx, ticket);
  },

  async createReturn(ctx, { ticketId, eventId, rmaNo, returnKind, orderId, reason, carrier, trackingNo }) {
    const ticket = await beginOwnerAction(ctx, 'createReturn', ticketId, eventId);
    if (!ticket) return;
    await customerOrder(ctx, ticket, orderId);
    // Only this ticket's numbers are at hand; the server checks every ticket's.
    if (rmaNumbers(await readTimeline(ctx.db, ticketId)).includes(rmaNo))
      throw new LocalMutationError('duplicate_rma');
    await addAgentEvent(ctx, ticketId, eventId, {
      kind: 'return_request',
      rmaNo,
      returnKind,
      orderId,
      reason,
      carrier,
      trackingNo,
    });
    await touchTicket(ctx, ticket);
  },

  async updateLogistics(ctx, { ticketId, eventId, rmaNo, status, carrier, trackingNo, note }) {
    const ticket = await beginOwnerAction(ctx, 'updateLogistics', ticketId, eventId);
    if (!ticket) return;
    if (!rmaNumbers(await readTimeline(ctx.db, ticketId)).includes(rmaNo))
      throw new LocalMutationError('rma_not_found');
    await addAgentEvent(ctx, ticketId, eventId, {
      kind: 'logistics_update',
      rmaNo,
      status,
      carrier,
      trackingNo,
      note,
    });
    await touchTicket(ctx, ticket);
  },

  async requestRepair(ctx, { ticketId, eventId, orderId, sku, description }) {
    const ticket = await beginOwnerAction(ctx, 'requestRepair', ticketId, eventId);
    if (!ticket) return;
    if (orderId !== null) await customerOrder(ctx, ticket, orderId);
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'repair', orderId, sku, description });
    await touchTicket(ctx, ticket);
  },

  async grantCompensation(ctx, { ticketId, eventId, form, amount, reason }) {
    const ticket = await beginOwnerAction(ctx, 'grantCompensation', ticketId, eventId);
    if (!ticket) return;
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'compensation', form, amount, reason });
    await touchTicket(ctx, ticket);
  },

  async referMedical(ctx, { ticketId, eventId, advice }) {
    const ticket = await beginOwnerAction(ctx, 'referMedical', ticketId, eventId);
    if (!ticket) return;
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'medical_referral', advice });
    await touchTicket(ctx, ticket, { tags: withTag(ticket.tags, 'medical_referral') });
  },

  async escalateComplaint(ctx, { ticketId, eventId, reason }) {
    const ticket = await beginOwnerAction(ctx, 'escalateComplaint', ticketId, eventId);
    if (!ticket) return;
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'escalation', reason });
    // A complaint specialist's case is never below high; urgent stays urgent.
    const priority = PRIORITY_RANK[ticket.priority] <= PRIORITY_RANK.high ? ticket.priority : 'high';
    await touchTicket(ctx, ticket, {
      category: 'complaint',
      tags: withTag(ticket.tags, 'escalated'),
      priority,
    });
  },

  async scheduleCallback(ctx, { ticketId, eventId, callbackId, dueAt, note }) {
    const ticket = await beginOwnerAction(ctx, 'scheduleCallback', ticketId, eventId);
    if (!ticket) return;
    const events = await readTimeline(ctx.db, ticketId);
    const isOpen = openCallbacks(events).some((c) => c.callbackId === callbackId);
    // A callback id that exists but is done cannot be moved: schedule a new one instead.
    if (!isOpen && events.some((e) => e.kind === 'callback' && e.callbackId === callbackId))
      throw new LocalMutationError('callback_not_found');
    const event = await addAgentEvent(ctx, ticketId, eventId, {
      kind: 'callback',
      callbackId,
      action: isOpen ? 'rescheduled' : 'scheduled',
      dueAt,
      note,
    });
    await touchTicket(ctx, ticket, { nextCallback: nextCallbackOf([...events, event]) });
  },

  async completeCallback(ctx, { ticketId, eventId, callbackId, note }) {
    const ticket = await beginOwnerAction(ctx, 'completeCallback', ticketId, eventId);
    if (!ticket) return;
    const events = await readTimeline(ctx.db, ticketId);
    if (!openCallbacks(events).some((c) => c.callbackId === callbackId))
      throw new LocalMutationError('callback_not_found');
    const event = await addAgentEvent(ctx, ticketId, eventId, {
      kind: 'callback',
      callbackId,
      action: 'done',
      dueAt: null,
      note,
    });
    await touchTicket(ctx, ticket, { nextCallback: nextCallbackOf([...events, event]) });
  },

  async requestSurvey(ctx, { ticketId, eventId }) {
    const ticket = await beginOwnerAction(ctx, 'requestSurvey', ticketId, eventId);
    if (!ticket) return;
    if (!maySendSurvey(ticket.status, await readTimeline(ctx.db, ticketId)))
      throw new LocalMutationError('survey_not_allowed');
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'survey_request' });
    await touchTicket(ctx, ticket);
  },

  async forwardToProduct(ctx, { ticketId, eventId, sku, summary, severity }) {
    const ticket = await beginOwnerAction(ctx, 'forwardToProduct', ticketId, eventId);
    if (!ticket) return;
    await addAgentEvent(ctx, ticketId, eventId, { kind: 'product_feedback', sku, summary, severity });
    await touchTicket(ctx, ticket);
  },

  // The agent's own row only; without it cached there is nothing to show yet (the server stamps it).
  async setAgentState(ctx, { state }) {
    if (!ctx.agentId) return;
    const me = await ctx.db.agents.get(ctx.agentId);
    if (!me) return;
    await shadow(ctx, 'agents', me.id);
    await ctx.db.agents.put({ ...me, state, stateSince: ctx.clientTime });
  },

  // The audit of a reveal lives only on the server (privacy_audit): nothing changes in the cache, but
  // the mutation still goes through the outbox so it reaches the server when the desk is back online.
  async revealAudit() {
    // Intentionally nothing to apply locally.
  },
};

/**
 * Applies one mutation optimistically (as the outbox holds it: free text masked, envelopes in
 * `args.sealedText`). Throws LocalMutationError when the cache says it cannot apply.
 */
export function applyLocalMutation(ctx: MutatorContext, mutation: SealedMutation | Mutation): Promise<void> {
  const mutator = LOCAL_MUTATORS[mutation.name] as LocalMutator<MutationName>;
  const sealedText = (mutation as SealedMutation).args.sealedText;
  const withText = sealedText && Object.keys(sealedText).length > 0 ? { sealedText } : {};
  return mutator({ ...ctx, ...withText, clientTime: mutation.clientTime }, mutation.args);
}
