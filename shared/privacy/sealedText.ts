import { z } from 'zod';
import type { TicketEventKind } from '../domain/event.ts';
import { TicketEvent } from '../domain/event.ts';
import { Id } from '../domain/common.ts';
import type { MutationName } from '../sync/mutations.ts';
import { PiiKind } from './pii/piiSpan.ts';
import type { AuditFieldName } from './reveal.ts';
import { REASON_TEXT_MAX, RevealReason } from './reveal.ts';

/**
 * Free text (message and note bodies, call summaries, reasons, notes…) as the desktop cache holds it.
 *
 * The main process scans the text (shared detectPii) and replaces every detected span with its
 * working mask (redactPii). The renderer keeps the masked text where the plaintext used to be, plus
 * a `SealedTextRef` beside it: where each mask sits in the masked text and which kind it is, and one
 * envelope of the original text (AES-256-GCM, associated data bound to the record id + field name,
 * like customer fields). Revealing one span (`privacy.revealSpan`) opens the envelope in the main
 * process, which audits it and returns only that span.
 *
 * Text in which nothing is detected is kept as it is, with no envelope: the masked text would be the
 * text itself, so an envelope would protect nothing the cache does not already show.
 */

/** One mask inside the masked text: `masked.slice(start, end)` is the mask of the `index`-th span. */
export const MaskedSpan = z
  .object({
    kind: PiiKind,
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
  })
  .refine((span) => span.end > span.start, { message: 'a mask is never empty' });
export type MaskedSpan = z.infer<typeof MaskedSpan>;

/** The envelope is at most ~4/3 of 10,000 UTF-8 characters (3 bytes each), padded, plus spans. */
const ENVELOPE_MAX = 60_000;

/** What the cache keeps beside a masked free-text field. */
export const SealedTextRef = z.object({
  spans: z.array(MaskedSpan).max(2_000),
  sealed: z.string().min(1).max(ENVELOPE_MAX),
});
export type SealedTextRef = z.infer<typeof SealedTextRef>;

/** `privacy.sealText`'s answer: the masked text and, when something was masked, its ref. */
export const SealedText = z.object({
  masked: z.string(),
  ref: SealedTextRef.nullable(),
});
export type SealedText = z.infer<typeof SealedText>;

/**
 * The fields of each event kind that hold free text. Every one is sealed on its way into the cache;
 * the field names are also the associated data of their envelopes.
 */
export const EVENT_TEXT_FIELDS = {
  message: ['body'],
  note: ['body'],
  call: ['summary'],
  status_change: ['reason'],
  take_over: ['reason'],
  refund: ['reason'],
  return_request: ['reason'],
  logistics_update: ['note'],
  repair: ['description'],
  compensation: ['reason'],
  medical_referral: ['advice'],
  escalation: ['reason'],
  callback: ['note'],
  survey_result: ['comment'],
  product_feedback: ['summary'],
} as const satisfies Partial<Record<TicketEventKind, readonly string[]>>;

/**
 * The arguments of each mutation that hold free text. Each mutation writes one event whose field of
 * the same name receives the text, so an envelope made for the outbox (record = the event id) is the
 * very envelope the optimistic event keeps.
 */
export const MUTATION_TEXT_FIELDS = {
  replyToTicket: ['body'],
  addNote: ['body'],
  setStatus: ['reason'],
  logCall: ['summary'],
  takeOverTicket: ['reason'],
  issueRefund: ['reason'],
  createReturn: ['reason'],
  updateLogistics: ['note'],
  requestRepair: ['description'],
  grantCompensation: ['reason'],
  referMedical: ['advice'],
  escalateComplaint: ['reason'],
  scheduleCallback: ['note'],
  completeCallback: ['note'],
  forwardToProduct: ['summary'],
} as const satisfies Partial<Record<MutationName, readonly string[]>>;

/** A composer draft is sealed under the ticket id and this field name. */
export const DRAFT_TEXT_FIELD = 'draft';

export const TEXT_FIELD_NAMES = [
  'body',
  'summary',
  'reason',
  'note',
  'description',
  'advice',
  'comment',
  DRAFT_TEXT_FIELD,
] as const;
export const TextFieldName = z.enum(TEXT_FIELD_NAMES);
export type TextFieldName = z.infer<typeof TextFieldName>;

/** Field name → its ref, for the sealed fields of one event or one mutation's arguments. */
export const SealedTextMap = z.partialRecord(TextFieldName, SealedTextRef);
export type SealedTextMap = z.infer<typeof SealedTextMap>;

/** The free-text fields of an event kind (none for kinds without free text). */
export function eventTextFields(kind: TicketEventKind): readonly TextFieldName[] {
  return (EVENT_TEXT_FIELDS as Partial<Record<TicketEventKind, readonly TextFieldName[]>>)[kind] ?? [];
}

/** The free-text arguments of a mutation (none for mutations without free text). */
export function mutationTextFields(name: MutationName): readonly TextFieldName[] {
  return (MUTATION_TEXT_FIELDS as Partial<Record<MutationName, readonly TextFieldName[]>>)[name] ?? [];
}

/**
 * An event as the renderer receives and caches it: each free-text field holds its masked text, and
 * `sealedText` the ref of every field in which something was masked.
 */
export const SealedTicketEvent = z.intersection(
  TicketEvent,
  z.object({ sealedText: SealedTextMap.optional() }),
);
export type SealedTicketEvent = TicketEvent & { sealedText?: SealedTextMap };

/** Free text the renderer has before it is written: sealed by the main process (`privacy.sealText`). */
export const SealTextRequest = z
  .object({
    /** The event id (reply, note, action) or, for a draft, the ticket id. */
    recordId: Id,
    field: TextFieldName,
    text: z.string().max(10_000),
  })
  .strict();
export type SealTextRequest = z.infer<typeof SealTextRequest>;

/** The same text bound to another record (a rejected mutation re-issued under a fresh event id). */
export const RebindTextRequest = z
  .object({
    fromRecordId: Id,
    toRecordId: Id,
    field: TextFieldName,
    sealed: SealedTextRef.shape.sealed,
  })
  .strict();
export type RebindTextRequest = z.infer<typeof RebindTextRequest>;

/** The agent's own draft back into the composer: only envelopes sealed as a draft open this way. */
export const OpenDraftRequest = z.object({ ticketId: Id, sealed: SealedTextRef.shape.sealed }).strict();
export type OpenDraftRequest = z.infer<typeof OpenDraftRequest>;

/**
 * `privacy.revealSpan`: one span of a sealed text, shown with a reason like a customer field. The
 * customer is the ticket's, named in the audit.
 */
export const RevealSpanRequest = z
  .object({
    customerId: Id,
    recordId: Id,
    field: TextFieldName,
    sealed: SealedTextRef.shape.sealed,
    /** Which span of the text (0-based, in text order). */
    span: z.number().int().nonnegative().max(2_000),
    reason: RevealReason,
    reasonText: z.string().max(REASON_TEXT_MAX).optional(),
  })
  .strict();
export type RevealSpanRequest = z.infer<typeof RevealSpanRequest>;

/**
 * The audit field a revealed span is recorded under: phone numbers as `phone`, and so on; a bank card
 * has a field of its own in the audit (`bankCard`), though customers have none.
 */
export const AUDIT_FIELD_OF_KIND: Readonly<Record<PiiKind, AuditFieldName>> = {
  mobile: 'phone',
  landline: 'phone',
  id_number: 'idNumber',
  bank_card: 'bankCard',
  email: 'email',
  address: 'address',
};
