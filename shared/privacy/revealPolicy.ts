import type { RevealReason } from './reveal.ts';

/**
 * Who may see full personal data, and on what grounds: the one place this rule lives. Roles are an
 * allow-list, so a role added later (`qa`, say) can never reveal until someone decides it here, and
 * `admin` (who configures, not serves) does not either.
 */
const REVEALING_ROLES: ReadonlySet<string> = new Set(['agent', 'lead']);

export type RevealDecision =
  { allowed: true } | { allowed: false; code: 'reveal_forbidden' | 'reveal_reason_required' };

export interface RevealAsk {
  reason: RevealReason;
  reasonText?: string | undefined;
}

export function revealPolicy(role: string, ask: RevealAsk): RevealDecision {
  if (!REVEALING_ROLES.has(role)) return { allowed: false, code: 'reveal_forbidden' };
  if (ask.reason === 'other' && !ask.reasonText?.trim()) {
    return { allowed: false, code: 'reveal_reason_required' };
  }
  return { allowed: true };
}

/** What the UI asks before offering the reveal button at all (the main process decides again). */
export function mayReveal(role: string): boolean {
  return REVEALING_ROLES.has(role);
}
