import { z } from 'zod';

/**
 * The vocabulary of the after-sales actions (shared/domain/event.ts carries them on the timeline,
 * shared/sync/mutations.ts makes them). Values are stable wire names; labels live in the renderer's i18n.
 */

/** A return sends the goods back for money; an exchange sends a replacement (size, colour, defect). */
export const ReturnKind = z.enum(['return', 'exchange']);
export type ReturnKind = z.infer<typeof ReturnKind>;

/**
 * Where a return or exchange stands, in order: the label is issued, the customer ships, the
 * warehouse receives and inspects, then money goes back (return) or the replacement ships (exchange).
 */
export const LogisticsStatus = z.enum([
  'label_issued',
  'in_transit',
  'received',
  'inspected',
  'replacement_shipped',
  'completed',
  'exception',
]);
export type LogisticsStatus = z.infer<typeof LogisticsStatus>;

/** Goodwill after a bad experience: a coupon (value in fen) or loyalty points. */
export const CompensationForm = z.enum(['coupon', 'points']);
export type CompensationForm = z.infer<typeof CompensationForm>;

/** How urgently the product/quality team should look at a forwarded issue. */
export const FeedbackSeverity = z.enum(['low', 'medium', 'high']);
export type FeedbackSeverity = z.infer<typeof FeedbackSeverity>;

/** A callback is scheduled, moved to another time, or logged as done (then it leaves the list). */
export const CallbackAction = z.enum(['scheduled', 'rescheduled', 'done']);
export type CallbackAction = z.infer<typeof CallbackAction>;

/** Carrier and return numbers: letters, digits and dashes, so a number never hides personal data. */
export const TrackingNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{6,32}$/, 'tracking_no_format');
export const Carrier = z.string().trim().min(1).max(32);

/** RMA numbers are minted by the client (offline too): `RMA-` + yymmdd + 6 base-36 characters. */
export const RmaNo = z.string().regex(/^RMA-\d{6}-[0-9A-Z]{6}$/, 'rma_format');
export type RmaNo = z.infer<typeof RmaNo>;

/** A file attached to a reply or note, listed by name (the bytes travel outside the sync protocol). */
export const AttachmentRef = z.object({
  name: z.string().trim().min(1).max(255),
  sizeBytes: z
    .number()
    .int()
    .nonnegative()
    .max(50 * 1024 * 1024),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** A ticket's earliest open callback: what the "callbacks due" view and its reminder read. */
export const NextCallback = z.object({
  callbackId: z.uuid(),
  dueAt: z.number().int().nonnegative(),
  /** The agent who scheduled it: the callback is on their list. */
  agentId: z.uuid(),
});
export type NextCallback = z.infer<typeof NextCallback>;

/** `RMA-251125-7K2Q9Z`: date from the agent's clock (a label only), six random base-36 characters. */
export function newRmaNumber(now: Date, random: () => number = Math.random): RmaNo {
  const yymmdd = [now.getFullYear() % 100, now.getMonth() + 1, now.getDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(random() * 36)];
  return `RMA-${yymmdd}-${suffix}`;
}
