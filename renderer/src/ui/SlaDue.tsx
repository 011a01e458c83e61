import type { Ticket } from '@shared/domain/index.ts';
import { nextDeadline, slaState } from '@shared/sla/computeSlaDeadlines.ts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatRelative } from './formatTime.ts';

type SlaTicket = Pick<Ticket, 'firstResponseAt' | 'firstResponseDueAt' | 'resolvedAt' | 'resolutionDueAt'>;

const TEXT_TYPE = { ok: 'secondary', met: 'success', due_soon: 'warning', breached: 'danger' } as const;

/** The next SLA deadline as relative time, coloured by its state (amber due soon, red breached). */
export function SlaDue({ ticket, now }: { ticket: SlaTicket; now: number }) {
  const { t, i18n } = useTranslation();
  const next = nextDeadline(ticket);
  if (!next) return <Typography.Text type="secondary">{t('sla.none')}</Typography.Text>;
  const state = slaState(next.dueAt, null, now);
  const kind = t(next.kind === 'first_response' ? 'sla.firstResponse' : 'sla.resolution');
  const time = formatRelative(next.dueAt, now, i18n.language);
  return (
    <Typography.Text type={TEXT_TYPE[state]} data-sla-state={state} title={t(`sla.state.${state}`)}>
      {state === 'breached' ? t('sla.overdue', { kind, time }) : t('sla.dueIn', { kind, time })}
    </Typography.Text>
  );
}
