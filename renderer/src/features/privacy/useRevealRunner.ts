import { REVEAL_TTL_MS, type RevealResult } from '@shared/privacy/reveal.ts';
import { useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { privacyErrorMessage } from './privacyErrorMessage.ts';
import { useRevealAuditSink } from './revealAudit.tsx';

/** A value to show: until when (the main process's expiry, never beyond REVEAL_TTL_MS from now). */
export interface RevealedValue {
  value: string;
  shownAt: number;
  until: number;
}

/**
 * The one reveal flow of a field (RevealableField) and of a span of free text (MaskedText): the
 * main-process call, then its audit queued through the revealAudit sink, and only then the value.
 * A refused call or an audit that cannot be queued leaves an error text and shows nothing.
 */
export function useRevealRunner(): {
  busy: boolean;
  error: string | null;
  clearError(): void;
  run(call: () => Promise<RevealResult>): Promise<RevealedValue | null>;
} {
  const { t, language } = useT();
  const audit = useRevealAuditSink();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (call: () => Promise<RevealResult>): Promise<RevealedValue | null> => {
    setBusy(true);
    setError(null);
    try {
      let result: RevealResult;
      try {
        result = await call();
      } catch (err) {
        setError(privacyErrorMessage(err, t, Date.now(), language));
        return null;
      }
      try {
        await audit(result.audit);
      } catch {
        setError(t('privacy.errors.reveal_audit_failed'));
        return null;
      }
      const shownAt = Date.now();
      return { value: result.value, shownAt, until: Math.min(result.expiresAt, shownAt + REVEAL_TTL_MS) };
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, clearError: () => setError(null), run };
}
