import { EyeInvisibleOutlined } from '@ant-design/icons';
import type { PiiKind } from '@shared/privacy/pii/piiSpan.ts';
import { mayReveal } from '@shared/privacy/revealPolicy.ts';
import {
  AUDIT_FIELD_OF_KIND,
  type MaskedSpan,
  type SealedTextRef,
  type TextFieldName,
} from '@shared/privacy/sealedText.ts';
import { Button, Typography } from 'antd';
import { Fragment, useCallback, useEffect, useMemo, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useApi } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { maskPiiSpan, splitFreeText } from './maskFreeText.ts';
import { useRevealRunner } from './useRevealRunner.ts';
import { RevealReasonDialog, type RevealChoice } from './RevealReasonDialog.tsx';
import { useHideWhenHidden } from './useHideWhenHidden.ts';

export interface MaskedTextProps {
  /** A free-text field as cached: its masked text when `sealed` is given (shared/privacy/sealedText.ts). */
  text: string;
  /** Whose personal data the text is taken to be: the ticket's customer, named in each audit. */
  customerId: string;
  /** The record (event id) and field the text was sealed under. */
  recordId?: string;
  field?: TextFieldName;
  /** The cached event's `sealedText[field]`: where the masks are, and the envelope of the original. */
  sealed?: SealedTextRef | undefined;
}

type Part = { kind: 'text'; text: string } | { kind: 'mask'; index: number; span: PiiKind; mask: string };

/** The masks of a sealed text, trusted only if they lie inside the text, in order, without overlap. */
function sealedParts(text: string, spans: readonly MaskedSpan[]): Part[] | null {
  const parts: Part[] = [];
  let cursor = 0;
  for (const [index, span] of spans.entries()) {
    if (span.start < cursor || span.end > text.length || span.end <= span.start) return null;
    if (span.start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, span.start) });
    parts.push({ kind: 'mask', index, span: span.kind, mask: text.slice(span.start, span.end) });
    cursor = span.end;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return parts;
}

/** Text never sealed (nothing was detected when it was cached): anything found now is masked, not revealable. */
function plainParts(text: string): Part[] {
  return splitFreeText(text).map((part, index) =>
    part.kind === 'text'
      ? part
      : { kind: 'mask', index: -1 - index, span: part.span.kind, mask: maskPiiSpan(part.span) },
  );
}

/** `of` names the envelope a value came from: another text never shows it. */
type Shown = { of: string; value: string; until: number };

/**
 * A free-text field (message or note body, call summary…) with every piece of personal data masked,
 * as the main process sealed it. Each mask is a button: the agent gives a reason (RevealReasonDialog),
 * the main process opens the envelope (`privacy.revealSpan`: role, rate limit, audit) and returns that
 * one span; its audit record is queued through the revealAudit sink, and only then is the span shown,
 * for REVEAL_TTL_MS like a field reveal (less if the window is hidden). The plaintext is never in
 * the renderer before a reveal, and only in this component's state after one.
 */
export function MaskedText({ text, customerId, recordId, field, sealed }: MaskedTextProps) {
  const { t } = useT();
  const api = useApi();
  const agent = useAppStore((s) => s.agent);
  const revealable = sealed !== undefined && recordId !== undefined && field !== undefined;
  const parts = useMemo(
    () => (sealed ? (sealedParts(text, sealed.spans) ?? [{ kind: 'text', text } as Part]) : plainParts(text)),
    [text, sealed],
  );
  const [asking, setAsking] = useState<{ index: number; kind: PiiKind } | null>(null);
  const reveal = useRevealRunner();
  /** Span index → the value and when its reveal ends. */
  const [shown, setShown] = useState<ReadonlyMap<number, Shown>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const canReveal = revealable && agent !== null && mayReveal(agent.role);
  const identity = sealed?.sealed ?? '';

  const hide = useCallback((index?: number) => {
    setShown((current) => {
      if (index === undefined) return new Map();
      const next = new Map(current);
      next.delete(index);
      return next;
    });
  }, []);

  // The countdown; expired spans go back to their masks and their values are dropped.
  useEffect(() => {
    if (shown.size === 0) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      setShown((map) => {
        const live = [...map].filter(([, s]) => s.until > current);
        return live.length === map.size ? map : new Map(live);
      });
    }, 250);
    return () => clearInterval(timer);
  }, [shown.size]);

  useHideWhenHidden(shown.size > 0, hide);

  const confirm = async (choice: RevealChoice) => {
    const target = asking;
    if (!target || !sealed || recordId === undefined || field === undefined) return;
    const revealed = await reveal.run(() =>
      api.privacy.revealSpan({
        customerId,
        recordId,
        field,
        sealed: sealed.sealed,
        span: target.index,
        ...choice,
      }),
    );
    if (!revealed) return;
    setNow(revealed.shownAt);
    setShown((current) =>
      new Map(current).set(target.index, { of: identity, value: revealed.value, until: revealed.until }),
    );
    setAsking(null);
  };

  const askingLabel = asking ? t(`privacy.field.${AUDIT_FIELD_OF_KIND[asking.kind]}`) : '';

  return (
    <span className="cd-masked-text">
      {parts.map((part, i) => {
        if (part.kind === 'text') return <Fragment key={`t${i}`}>{part.text}</Fragment>;
        const key = `m${part.index}`;
        const auditField = AUDIT_FIELD_OF_KIND[part.span];
        const fieldLabel = t(`privacy.field.${auditField}`);
        const revealed = shown.get(part.index);
        if (revealed && revealed.of === identity && revealed.until > now) {
          const seconds = Math.max(0, Math.ceil((revealed.until - now) / 1_000));
          return (
            <span
              key={key}
              role="group"
              aria-label={t('privacy.reveal.value', { field: fieldLabel })}
              className="cd-revealed"
            >
              <Typography.Text strong>{revealed.value}</Typography.Text>{' '}
              <Typography.Text type="secondary" role="timer">
                {t('privacy.reveal.countdown', { seconds })}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                icon={<EyeInvisibleOutlined aria-hidden />}
                aria-label={t('privacy.reveal.hide', { field: fieldLabel })}
                onClick={() => hide(part.index)}
              />
            </span>
          );
        }
        if (!canReveal || part.index < 0) return <Fragment key={key}>{part.mask}</Fragment>;
        return (
          <Button
            key={key}
            type="link"
            size="small"
            className="cd-masked-span"
            aria-label={t(`privacy.reveal.button.${auditField}`)}
            onClick={() => {
              reveal.clearError();
              setAsking({ index: part.index, kind: part.span });
            }}
          >
            {part.mask}
          </Button>
        );
      })}
      {/* Mounted only while asked: a closed antd Modal per message body was a large part of a case open. */}
      {asking !== null && (
        <RevealReasonDialog
          open
          fieldLabel={askingLabel}
          busy={reveal.busy}
          error={reveal.error}
          onConfirm={(choice) => void confirm(choice)}
          onCancel={() => {
            if (!reveal.busy) setAsking(null);
          }}
        />
      )}
    </span>
  );
}
