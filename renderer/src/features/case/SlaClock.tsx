import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  PauseCircleOutlined,
} from '@ant-design/icons';
import type { EpochMs } from '@shared/domain/index.ts';
import { slaClockState, type SlaClockState, type SlaDeadlineKind } from '@shared/sla/computeSlaDeadlines.ts';
import type { ComponentType } from 'react';
import { useT } from '../../i18n/useT.ts';
import { formatRelative } from '../../ui/formatTime.ts';
import { useSecondTicker } from './useSecondTicker.ts';

const TEXT_TONE = {
  ok: 'secondary',
  met: 'success',
  due_soon: 'warning',
  breached: 'danger',
  paused: 'secondary',
} as const satisfies Record<SlaClockState, string>;

const ICON: Record<SlaClockState, ComponentType<{ 'aria-hidden'?: boolean }>> = {
  ok: ClockCircleOutlined,
  met: CheckCircleOutlined,
  due_soon: ExclamationCircleOutlined,
  breached: CloseCircleOutlined,
  paused: PauseCircleOutlined,
};

export const SLA_KIND_KEY = {
  first_response: 'sla.firstResponse',
  next_response: 'sla.nextResponse',
  resolution: 'sla.resolution',
} as const satisfies Record<SlaDeadlineKind, string>;

export interface SlaClockProps {
  kind: SlaDeadlineKind;
  dueAt: EpochMs | null;
  doneAt?: EpochMs | null;
  paused?: boolean;
}

/**
 * One SLA clock as colour, icon and words (never colour alone): "首次响应 3 分钟后到期" in grey,
 * "即将到期" amber, "已超时" red, "已达标" green, "已暂停" while waiting on the customer. Ticks every
 * second on its own (useSecondTicker): nothing around it re-renders for the countdown.
 */
export function SlaClock({ kind, dueAt, doneAt = null, paused = false }: SlaClockProps) {
  const { t, language } = useT();
  const now = useSecondTicker();
  if (dueAt === null) {
    return (
      <span className="cd-tone-secondary" data-sla-state="none">
        {t('sla.none')}
      </span>
    );
  }
  const state = slaClockState(dueAt, doneAt, now, paused);
  const Icon = ICON[state];
  const late = doneAt !== null && state === 'breached';
  const text = t(late ? 'sla.clock.metLate' : `sla.clock.${state}`, {
    kind: t(SLA_KIND_KEY[kind]),
    time: formatRelative(dueAt, now, language),
  });
  return (
    // A plain span (tones in styles.css): one is on every queue row and ticks every second.
    <span
      data-sla-state={state}
      className={`cd-sla-clock cd-tone-${TEXT_TONE[state]}`}
      title={new Date(dueAt).toLocaleString(language)}
    >
      <Icon aria-hidden /> {text}
    </span>
  );
}
