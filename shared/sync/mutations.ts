import { z } from 'zod';
import {
  AgentState,
  AttachmentRef,
  Carrier,
  Category,
  CompensationForm,
  EpochMs,
  Fen,
  FeedbackSeverity,
  Id,
  LogisticsStatus,
  ReturnKind,
  RmaNo,
  RootCause,
  TicketStatus,
  TrackingNo,
} from '../domain/index.ts';
import { RevealAudit } from '../privacy/reveal.ts';

/**
 * The registry of named mutations: every local change is one of these, never a row write.
 * The server applies them (server/src/sync/mutators), the renderer applies them optimistically
 * (renderer/src/sync/localMutators); both validate the same arguments. See docs/sync.md.
 *
 * Adding a mutation is additive for the protocol (old servers answer 400 to a name they do not
 * know, so a client must not send one to a server older than its protocol version).
 */
export const MUTATION_ARGS = {
  /**
   * A public reply; the client picks the event id so the optimistic row and the server row are one.
   * Only the assignee replies (shared/ticket/ownership.ts); an unassigned ticket goes to whoever answers.
   */
  replyToTicket: z.object({
    ticketId: Id,
    eventId: Id,
    body: z.string().trim().min(1).max(10_000),
    attachments: z.array(AttachmentRef).max(10).optional(),
  }),
  /** An internal note: anyone who sees the ticket may add one (collaboration needs no ownership). */
  addNote: z.object({
    ticketId: Id,
    eventId: Id,
    body: z.string().trim().min(1).max(10_000),
    attachments: z.array(AttachmentRef).max(10).optional(),
  }),
  setStatus: z.object({
    ticketId: Id,
    eventId: Id,
    to: TicketStatus,
    reason: z.string().max(500).nullable(),
  }),
  /** A phone call with the customer, logged after it ended: a `call` event on the timeline. */
  logCall: z.object({
    ticketId: Id,
    eventId: Id,
    direction: z.enum(['inbound', 'outbound']),
    durationSec: z
      .number()
      .int()
      .nonnegative()
      .max(24 * 3600),
    wrapUpCode: z.string().trim().min(1).max(32).nullable(),
    summary: z.string().trim().max(2000),
  }),
  /**
   * "I take this one": the ticket becomes the agent's. The server decides races: a ticket already
   * assigned to someone else is refused with `already_claimed` and who holds it since when.
   */
  claimTicket: z.object({ ticketId: Id }),
  /** A team lead (or admin) gives a ticket to an agent of its team, or unassigns it (null). */
  assignTicket: z.object({ ticketId: Id, assigneeId: Id.nullable() }),
  /** Taking a ticket another agent holds: recorded with a reason (a `take_over` event). */
  takeOverTicket: z.object({ ticketId: Id, eventId: Id, reason: z.string().trim().min(1).max(500) }),
  /** Category and root cause (quality, logistics, description mismatch, usage, other). */
  classifyTicket: z.object({
    ticketId: Id,
    eventId: Id,
    category: Category,
    rootCause: RootCause.nullable(),
  }),

  // After-sales actions: each writes one timeline event; all need ownership (see ownership.ts).
  /** Money back on one of the customer's orders; all refunds of the order stay ≤ its total. */
  issueRefund: z.object({
    ticketId: Id,
    eventId: Id,
    orderId: Id,
    amount: Fen.positive(),
    reason: z.string().trim().min(1).max(500),
  }),
  /** Opens a return or exchange under a client-minted RMA number (newRmaNumber), unique server-wide. */
  createReturn: z.object({
    ticketId: Id,
    eventId: Id,
    rmaNo: RmaNo,
    returnKind: ReturnKind,
    orderId: Id,
    reason: z.string().trim().min(1).max(500),
    carrier: Carrier.nullable(),
    trackingNo: TrackingNo.nullable(),
  }),
  /** A logistics step of an RMA opened on this ticket (tracking number, received, inspected…). */
  updateLogistics: z.object({
    ticketId: Id,
    eventId: Id,
    rmaNo: RmaNo,
    status: LogisticsStatus,
    carrier: Carrier.nullable(),
    trackingNo: TrackingNo.nullable(),
    note: z.string().trim().max(500).nullable(),
  }),
  requestRepair: z.object({
    ticketId: Id,
    eventId: Id,
    orderId: Id.nullable(),
    sku: z.string().trim().min(1).max(32).nullable(),
    description: z.string().trim().min(1).max(500),
  }),
  grantCompensation: z.object({
    ticketId: Id,
    eventId: Id,
    form: CompensationForm,
    /** Fen for a coupon, points for points; capped at ¥100,000 / 10M points. */
    amount: z.number().int().positive().max(100_000_00),
    reason: z.string().trim().min(1).max(500),
  }),
  referMedical: z.object({ ticketId: Id, eventId: Id, advice: z.string().trim().min(1).max(1000) }),
  escalateComplaint: z.object({ ticketId: Id, eventId: Id, reason: z.string().trim().min(1).max(500) }),
  /**
   * Schedules a callback (new callbackId) or moves one (an open callbackId) to `dueAt`. It stays on
   * the scheduling agent's "callbacks due" list until completeCallback or another reschedule.
   */
  scheduleCallback: z.object({
    ticketId: Id,
    eventId: Id,
    callbackId: Id,
    dueAt: EpochMs,
    note: z.string().trim().max(500),
  }),
  completeCallback: z.object({
    ticketId: Id,
    eventId: Id,
    callbackId: Id,
    note: z.string().trim().max(500),
  }),
  /** Sends the satisfaction survey; only on a resolved ticket, once. */
  requestSurvey: z.object({ ticketId: Id, eventId: Id }),
  forwardToProduct: z.object({
    ticketId: Id,
    eventId: Id,
    sku: z.string().trim().min(1).max(32).nullable(),
    summary: z.string().trim().min(1).max(1000),
    severity: FeedbackSeverity,
  }),
  /** The agent's own state (available, busy, after-call work, break); server time stamps the change. */
  setAgentState: z.object({ state: AgentState }),
  /**
   * One reveal of a sealed value, audited by the main process when it opened the envelope. It goes
   * through the outbox like any change (offline too) but only writes the server's privacy_audit:
   * nothing in the local cache changes. Idempotent on the audit id.
   */
  revealAudit: RevealAudit,
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

const mutationOf = <N extends MutationName>(name: N) =>
  z.object({
    /** Per-client sequence number: 1, 2, 3… with no gaps. */
    id: z.number().int().positive(),
    name: z.literal(name),
    args: MUTATION_ARGS[name],
    /** The client's clock when the agent acted: a hint only, the server stamps real time. */
    clientTime: z.number().int().nonnegative(),
  });

export const Mutation = z.discriminatedUnion('name', [
  mutationOf('replyToTicket'),
  mutationOf('addNote'),
  mutationOf('setStatus'),
  mutationOf('logCall'),
  mutationOf('claimTicket'),
  mutationOf('assignTicket'),
  mutationOf('takeOverTicket'),
  mutationOf('classifyTicket'),
  mutationOf('issueRefund'),
  mutationOf('createReturn'),
  mutationOf('updateLogistics'),
  mutationOf('requestRepair'),
  mutationOf('grantCompensation'),
  mutationOf('referMedical'),
  mutationOf('escalateComplaint'),
  mutationOf('scheduleCallback'),
  mutationOf('completeCallback'),
  mutationOf('requestSurvey'),
  mutationOf('forwardToProduct'),
  mutationOf('setAgentState'),
  mutationOf('revealAudit'),
]);
export type Mutation = z.infer<typeof Mutation>;

/** Mutations that add a timeline event carry its id; re-issuing one needs a fresh event id. */
export function mutationEventId(mutation: Pick<Mutation, 'args'>): string | null {
  const args = mutation.args as { eventId?: unknown };
  return typeof args.eventId === 'string' ? args.eventId : null;
}
