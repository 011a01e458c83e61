import { EyeInvisibleOutlined } from '@ant-design/icons';
import { redactPii } from '@shared/privacy/pii/redactPii.ts';
import { REVEAL_TTL_MS, RevealAudit } from '@shared/privacy/reveal.ts';
import { mayReveal } from '@shared/privacy/revealPolicy.ts';
import { Button, Typography } from 'antd';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { AUDIT_FIELD_OF, maskPiiSpan, splitFreeText } from './maskFreeText.ts';
import { useRevealAuditSink } from './revealAudit.tsx';
import { RevealReasonDialog, type RevealChoice } from './RevealReasonDialog.tsx';
import { useHideWhenHidden } from './useHideWhenHidden.ts';

export interface MaskedTextProps {
  /** A message or note body as stored (free text is not sealed; see docs/privacy.md). */
  text: string;
  /** Whose personal data the text is taken to be: the ticket's customer, named in each audit. */
  customerId: string;
}

/** A span is known by its place and its text, so an edited body never shows a stale reveal. */
const keyOf = (start: number, value: string) => `${start}:${value}`;

/**
 * A message or note body with every piece of personal data masked (shared detectPii, the shared
 * masks). Each mask is a button: the agent gives a reason (RevealReasonDialog), an audit record is
 * queued through the revealAudit sink, and only then is that one span shown, for REVEAL_TTL_MS like
 * a field reveal (less if the window is hidden). The text itself is already in the renderer, so no
 * envelope is opened and the audit is made here; the main process's reveal limit does not apply.
 */
export function MaskedText({ text, customerId }: MaskedTextProps) {
  const { t } = useTranslation();
  const audit = useRevealAuditSink();
  const agent = useAppStore((s) => s.agent);
  const parts = useMemo(() => splitFreeText(text), [text]);
  const [asking, setAsking] = useState<{ key: string; kind: keyof typeof AUDIT_FIELD_OF } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Span key → when its reveal ends. */
  const [shown, setShown] = useState<ReadonlyMap<string, number>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const canReveal = agent !== null && mayReveal(agent.role);

  const hide = useCallback((key?: string) => {
    setShown((current) => {
      if (key === undefined) return new Map();
      const next = new Map(current);
      next.delete(key);
      return next;
    });
  }, []);

  // The countdown; expired spans go back to their masks.
  useEffect(() => {
    if (shown.size === 0) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      setShown((map) => {
        const live = [...map].filter(([, until]) => until > current);
        return live.length === map.size ? map : new Map(live);
      });
    }, 250);
    return () => clearInterval(timer);
  }, [shown.size]);

  useHideWhenHidden(shown.size > 0, hide);

  const confirm = async (choice: RevealChoice) => {
    const target = asking;
    if (!target || !agent) return;
    setBusy(true);
    setError(null);
    const at = Date.now();
    try {
      await audit(
        RevealAudit.parse({
          id: crypto.randomUUID(),
          agentId: agent.id,
          customerId,
          field: AUDIT_FIELD_OF[target.kind],
          reason: choice.reason,
          // As the main process does: the reason's own personal data is masked before it is kept.
          reasonText: choice.reasonText ? redactPii(choice.reasonText) : null,
          at,
        }),
      );
    } catch {
      setError(t('privacy.errors.reveal_audit_failed'));
      setBusy(false);
      return;
    }
    setBusy(false);
    setNow(at);
    setShown((current) => new Map(current).set(target.key, at + REVEAL_TTL_MS));
    setAsking(null);
  };

  const askingLabel = asking ? t(`privacy.field.${AUDIT_FIELD_OF[asking.kind]}`) : '';

  return (
    <span className="cd-masked-text">
      {parts.map((part, i) => {
        // Parts come from the text alone, in order: their position is a stable key.
        if (part.kind === 'text') return <Fragment key={`t${i}`}>{part.text}</Fragment>;
        const { span } = part;
        const key = keyOf(span.start, span.value);
        const fieldLabel = t(`privacy.field.${AUDIT_FIELD_OF[span.kind]}`);
        const until = shown.get(key);
        if (until !== undefined && until > now) {
          const seconds = Math.max(0, Math.ceil((until - now) / 1_000));
          return (
            <span
              key={key}
              role="group"
              aria-label={t('privacy.reveal.value', { field: fieldLabel })}
              className="cd-revealed"
            >
              <Typography.Text strong>{span.value}</Typography.Text>{' '}
              <Typography.Text type="secondary" role="timer">
                {t('privacy.reveal.countdown', { seconds })}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                icon={<EyeInvisibleOutlined aria-hidden />}
                aria-label={t('privacy.reveal.hide', { field: fieldLabel })}
                onClick={() => hide(key)}
              />
            </span>
          );
        }
        const mask = maskPiiSpan(span);
        if (!canReveal) return <Fragment key={key}>{mask}</Fragment>;
        return (
          <Button
            key={key}
            type="link"
            size="small"
            className="cd-masked-span"
            aria-label={t(`privacy.reveal.button.${AUDIT_FIELD_OF[span.kind]}`)}
            onClick={() => {
              setError(null);
              setAsking({ key, kind: span.kind });
            }}
          >
            {mask}
          </Button>
        );
      })}
      <RevealReasonDialog
        open={asking !== null}
        fieldLabel={askingLabel}
        busy={busy}
        error={error}
        onConfirm={(choice) => void confirm(choice)}
        onCancel={() => {
          if (!busy) setAsking(null);
        }}
      />
    </span>
  );
}
