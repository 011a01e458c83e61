import { z } from 'zod';
import { EpochMs, Id } from '../domain/common.ts';
import { PRIVACY_FIELDS, SealedValue } from './sealed.ts';

/** Why an agent needs to see a full value; `other` must say why in words. */
export const REVEAL_REASONS = ['callback', 'logistics', 'verification', 'other'] as const;
export const RevealReason = z.enum(REVEAL_REASONS);
export type RevealReason = z.infer<typeof RevealReason>;

export const PrivacyFieldName = z.enum(PRIVACY_FIELDS);

/**
 * What a reveal audit names: a customer field, or `bankCard` for a bank card number revealed from
 * free text (customers have no bank card field; `privacy_audit.field` is plain text, so no migration).
 */
export const AUDIT_FIELDS = [...PRIVACY_FIELDS, 'bankCard'] as const;
export const AuditFieldName = z.enum(AUDIT_FIELDS);
export type AuditFieldName = z.infer<typeof AuditFieldName>;

/** How long a revealed value stays on screen before the mask comes back. */
export const REVEAL_TTL_MS = 30_000;
export const REASON_TEXT_MAX = 200;

/**
 * `privacy.reveal` input. The rules that depend on who asks (role, the reason text `other` needs)
 * live in `revealPolicy`, so they give their own error codes instead of a generic invalid_input.
 */
export const RevealRequest = z.object({
  customerId: Id,
  field: PrivacyFieldName,
  sealed: SealedValue.shape.sealed,
  reason: RevealReason,
  reasonText: z.string().max(REASON_TEXT_MAX).optional(),
});
export type RevealRequest = z.infer<typeof RevealRequest>;

/**
 * One disclosure of one value to one agent, made by the main process when it opened the envelope.
 * The renderer enqueues it as the `revealAudit` sync mutation, so it reaches the server with the
 * agent's other work (offline too). `reasonText` has personal data in it masked (redactPii).
 */
export const RevealAudit = z.object({
  id: Id,
  agentId: Id,
  customerId: Id,
  field: AuditFieldName,
  reason: RevealReason,
  reasonText: z
    .string()
    .max(REASON_TEXT_MAX * 2)
    .nullable(),
  at: EpochMs,
});
export type RevealAudit = z.infer<typeof RevealAudit>;

export const RevealResult = z.object({
  value: z.string(),
  /** The renderer shows the value until then (REVEAL_TTL_MS after the reveal), then the mask again. */
  expiresAt: EpochMs,
  audit: RevealAudit,
});
export type RevealResult = z.infer<typeof RevealResult>;
