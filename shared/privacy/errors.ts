/**
 * Error codes of the privacy contract methods (`privacy.*`, `settings.set`). Each has a message at
 * `privacy.errors.<code>` in the renderer's i18n; `details` noted where there is some.
 */
export const PRIVACY_ERROR_CODES = [
  /** The agent's role may not see full values (revealPolicy). */
  'reveal_forbidden',
  /** Reason `other` without words. */
  'reveal_reason_required',
  /** details: { retryAt } (epoch ms). */
  'reveal_rate_limited',
  /** details: { retryAt }: too many phone-number lookups (each would otherwise be a reveal oracle). */
  'phone_lookup_rate_limited',
  /** The device was wiped: the keys are gone, nothing sealed before can be opened. */
  'vault_wiped',
  'vault_unavailable',
  /** Sealed under a key this device does not have (another device's, or one from before a wipe). */
  'vault_wrong_key',
  /** Altered, or moved to another customer or field. */
  'vault_tampered',
  'vault_truncated',
  'vault_malformed',
  'vault_unsupported_version',
  'settings_forbidden',
  /** Renderer-side: the audit record could not be queued, so the value is not shown. */
  'reveal_audit_failed',
] as const;
export type PrivacyErrorCode = (typeof PRIVACY_ERROR_CODES)[number];

export function isPrivacyErrorCode(code: string): code is PrivacyErrorCode {
  return (PRIVACY_ERROR_CODES as readonly string[]).includes(code);
}
