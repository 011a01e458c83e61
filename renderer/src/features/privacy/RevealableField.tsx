import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { mayReveal } from '@shared/privacy/revealPolicy.ts';
import type { PrivacyField, SealedValue } from '@shared/privacy/sealed.ts';
import { Button, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { useRevealRunner } from './useRevealRunner.ts';
import { RevealReasonDialog, type RevealChoice } from './RevealReasonDialog.tsx';
import { useHideWhenHidden } from './useHideWhenHidden.ts';

export interface RevealableFieldProps {
  customerId: string;
  field: PrivacyField;
  /** The cached customer's `pii[field]`; null when the customer has no such value. */
  sealedValue: SealedValue | null;
}

/** `of` names the value it belongs to: a different customer or value never shows another's. */
type Shown = { of: string; value: string; until: number };

/**
 * A privacy value as its mask, with a button to see it in full: the agent picks a reason, the main
 * process opens the envelope (role, rate limit) and returns an audit record, which is queued before
 * the value appears. The value stays for at most 30 s (less if the window is hidden), is never
 * copied anywhere, and lives only in this component's state.
 */
export function RevealableField({ customerId, field, sealedValue }: RevealableFieldProps) {
  const { t } = useTranslation();
  const api = useApi();
  const role = useAppStore((s) => s.agent?.role);
  const [dialogOpen, setDialogOpen] = useState(false);
  const reveal = useRevealRunner();
  const [revealed, setRevealed] = useState<Shown | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const container = useRef<HTMLSpanElement>(null);
  const revealButton = useRef<HTMLButtonElement>(null);
  const fieldLabel = t(`privacy.field.${field}`);
  const identity = `${customerId}:${field}:${sealedValue?.sealed ?? ''}`;
  const shown = revealed?.of === identity ? revealed : null;

  /** Back to the mask; focus follows to the reveal button if it was on the hide button. */
  const hide = useCallback(() => {
    const hadFocus = container.current?.contains(document.activeElement) ?? false;
    setRevealed(null);
    if (hadFocus) requestAnimationFrame(() => revealButton.current?.focus());
  }, []);

  // The countdown; at zero the mask comes back and the value is dropped (also one no longer shown).
  useEffect(() => {
    if (!revealed) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= revealed.until) hide();
    }, 250);
    return () => clearInterval(timer);
  }, [revealed, hide]);

  useHideWhenHidden(revealed !== null, hide);

  const confirm = async (choice: RevealChoice) => {
    if (!sealedValue) return;
    const value = await reveal.run(() =>
      api.privacy.reveal({ customerId, field, sealed: sealedValue.sealed, ...choice }),
    );
    if (!value) return;
    setDialogOpen(false);
    setNow(value.shownAt);
    setRevealed({ of: identity, value: value.value, until: value.until });
  };

  if (!sealedValue) return <Typography.Text type="secondary">{t('privacy.reveal.empty')}</Typography.Text>;

  if (shown) {
    const seconds = Math.max(0, Math.ceil((shown.until - now) / 1_000));
    return (
      <span
        ref={container}
        role="group"
        aria-label={t('privacy.reveal.value', { field: fieldLabel })}
        className="cd-revealable cd-revealed"
      >
        <Space size={4} wrap>
          <Typography.Text strong className="cd-revealed-value">
            {shown.value}
          </Typography.Text>
          <Typography.Text type="secondary" role="timer">
            {t('privacy.reveal.countdown', { seconds })}
          </Typography.Text>
          <Button
            size="small"
            type="text"
            icon={<EyeInvisibleOutlined aria-hidden />}
            aria-label={t('privacy.reveal.hide', { field: fieldLabel })}
            onClick={hide}
          />
        </Space>
      </span>
    );
  }

  return (
    <Space size={4} wrap className="cd-revealable">
      <span>{sealedValue.masked}</span>
      {role !== undefined && mayReveal(role) && (
        <Button
          ref={revealButton}
          size="small"
          type="text"
          icon={<EyeOutlined aria-hidden />}
          aria-label={t(`privacy.reveal.button.${field}`)}
          onClick={() => {
            reveal.clearError();
            setDialogOpen(true);
          }}
        />
      )}
      <RevealReasonDialog
        open={dialogOpen}
        fieldLabel={fieldLabel}
        busy={reveal.busy}
        error={reveal.error}
        onConfirm={(choice) => void confirm(choice)}
        onCancel={() => {
          if (!reveal.busy) setDialogOpen(false);
        }}
      />
    </Space>
  );
}
