import { z } from 'zod';
import {
  AttachmentRef,
  CallbackAction,
  Carrier,
  CompensationForm,
  FeedbackSeverity,
  LogisticsStatus,
  ReturnKind,
  RmaNo,
  TrackingNo,
} from './afterSales.ts';
import { Channel, EpochMs, Fen, Id } from './common.ts';
import { Category, RootCause, TicketStatus } from './ticket.ts';

export const AuthorType = z.enum(['customer', 'agent', 'system']);
export type AuthorType = z.infer<typeof AuthorType>;

const base = {
  id: Id,
  ticketId: Id,
  authorType: AuthorType,
  /** The agent's id when authorType is 'agent'; null for customers and the system. */
  authorId: Id.nullable(),
  /** Server commit time; an optimistic local event carries the client's time until the server's replaces it. */
  createdAt: EpochMs,
};

export const MessageEvent = z.object({
  ...base,
  kind: z.literal('message'),
  direction: z.enum(['inbound', 'outbound']),
  channel: Channel,
  body: z.string().min(1).max(10_000),
  /** Files sent with the reply, by name; absent on events written before attachments existed. */
  attachments: z.array(AttachmentRef).max(10).optional(),
});
export const NoteEvent = z.object({
  ...base,
  kind: z.literal('note'),
  body: z.string().min(1).max(10_000),
  attachments: z.array(AttachmentRef).max(10).optional(),
});
export const CallEvent = z.object({
  ...base,
  kind: z.literal('call'),
  direction: z.enum(['inbound', 'outbound']),
  durationSec: z.number().int().nonnegative(),
  wrapUpCode: z.string().max(32).nullable(),
  summary: z.string().max(2000),
});
export const StatusChangeEvent = z.object({
  ...base,
  kind: z.literal('status_change'),
  from: TicketStatus,
  to: TicketStatus,
  reason: z.string().max(500).nullable(),
});

const Reason = z.string().trim().min(1).max(500);

/** Category and root cause set (or corrected) by an agent. */
export const ClassificationEvent = z.object({
  ...base,
  kind: z.literal('classification'),
  category: Category,
  rootCause: RootCause.nullable(),
});
/** An agent took over a ticket another agent held (ownership is recorded, never silent). */
export const TakeOverEvent = z.object({
  ...base,
  kind: z.literal('take_over'),
  fromAgentId: Id.nullable(),
  reason: Reason,
});
/** Money back on an order; all refunds of one order never exceed its total. */
export const RefundEvent = z.object({
  ...base,
  kind: z.literal('refund'),
  orderId: Id,
  amount: Fen.positive(),
  reason: Reason,
});
/** A return or exchange opened under an RMA number; logistics_update events follow it. */
export const ReturnRequestEvent = z.object({
  ...base,
  kind: z.literal('return_request'),
  rmaNo: RmaNo,
  returnKind: ReturnKind,
  orderId: Id,
  reason: Reason,
  carrier: Carrier.nullable(),
  trackingNo: TrackingNo.nullable(),
});
/** Where the goods of an RMA are: logged by an agent, or by the carrier's feed (authorType system). */
export const LogisticsUpdateEvent = z.object({
  ...base,
  kind: z.literal('logistics_update'),
  rmaNo: RmaNo,
  status: LogisticsStatus,
  carrier: Carrier.nullable(),
  trackingNo: TrackingNo.nullable(),
  note: z.string().trim().max(500).nullable(),
});
export const RepairEvent = z.object({
  ...base,
  kind: z.literal('repair'),
  orderId: Id.nullable(),
  sku: z.string().min(1).max(32).nullable(),
  description: Reason,
});
/** A coupon (amount in fen) or loyalty points (amount in points). */
export const CompensationEvent = z.object({
  ...base,
  kind: z.literal('compensation'),
  form: CompensationForm,
  amount: z.number().int().positive().max(100_000_00),
  reason: Reason,
});
/** A health case referred to medical advice (see a doctor, stop use): never a diagnosis. */
export const MedicalReferralEvent = z.object({
  ...base,
  kind: z.literal('medical_referral'),
  advice: z.string().trim().min(1).max(1000),
});
/** Escalated to a complaint specialist, with why. */
export const EscalationEvent = z.object({ ...base, kind: z.literal('escalation'), reason: Reason });
/** A callback scheduled, rescheduled (new dueAt) or done; the open ones feed Ticket.nextCallback. */
export const CallbackEvent = z.object({
  ...base,
  kind: z.literal('callback'),
  callbackId: Id,
  action: CallbackAction,
  /** When to call (server keeps the agent's choice); null for `done`. */
  dueAt: EpochMs.nullable(),
  note: z.string().trim().max(500),
});
/** A satisfaction survey sent to the customer on resolution. */
export const SurveyRequestEvent = z.object({ ...base, kind: z.literal('survey_request') });
/** The customer's answer (authorType customer, arrives through intake). */
export const SurveyResultEvent = z.object({
  ...base,
  kind: z.literal('survey_result'),
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).nullable(),
});
/** A product or quality problem forwarded to the product team. */
export const ProductFeedbackEvent = z.object({
  ...base,
  kind: z.literal('product_feedback'),
  sku: z.string().min(1).max(32).nullable(),
  summary: z.string().trim().min(1).max(1000),
  severity: FeedbackSeverity,
});

/** One entry on a ticket's timeline. */
export const TicketEvent = z.discriminatedUnion('kind', [
  MessageEvent,
  NoteEvent,
  CallEvent,
  StatusChangeEvent,
  ClassificationEvent,
  TakeOverEvent,
  RefundEvent,
  ReturnRequestEvent,
  LogisticsUpdateEvent,
  RepairEvent,
  CompensationEvent,
  MedicalReferralEvent,
  EscalationEvent,
  CallbackEvent,
  SurveyRequestEvent,
  SurveyResultEvent,
  ProductFeedbackEvent,
]);
export type TicketEvent = z.infer<typeof TicketEvent>;
export type TicketEventKind = TicketEvent['kind'];
