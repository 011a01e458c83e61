import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import { useNow } from '../../ui/useNow.ts';
import { RevealableField } from '../privacy/index.ts';
import { caseSla } from './caseSla.ts';
import { SlaClock } from './SlaClock.tsx';
import { SlaPanel } from './SlaPanel.tsx';
import type { CaseData } from './readCase.ts';

/** Number, subject, every SLA clock and the facts an agent needs before replying; personal data only masked. */
export function CaseHeader({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  // Deadlines move with the clock only while paused (as if the customer answered now): a coarse
  // clock is enough here; the countdown texts tick every second on their own (SlaClock).
  const now = useNow();
  const { ticket, customer, order } = data;
  const sla = caseSla(ticket, data.events, now);
  const facts: ReadonlyArray<readonly [key: string, label: string, value: ReactNode]> = [
    ['status', t('case.status'), <StatusTag status={ticket.status} />],
    [
      'priority',
      t('case.priority'),
      <PriorityTag priority={ticket.priority} reasons={ticket.priorityReasons} />,
    ],
    ['channel', t('case.channel'), <ChannelLabel channel={ticket.channel} />],
    ['category', t('case.category'), t(`category.${ticket.category}`)],
    ['customer', t('case.customer'), customer?.pii.name.masked ?? t('queue.unknownCustomer')],
    [
      'phone',
      t('case.phone'),
      customer ? (
        <RevealableField customerId={customer.id} field="phone" sealedValue={customer.pii.phone} />
      ) : (
        '—'
      ),
    ],
    ['order', t('case.order'), order?.orderNo ?? t('case.noOrder')],
    [
      'sla',
      t('case.sla'),
      sla.nearest ? (
        <SlaClock
          kind={sla.nearest.kind}
          dueAt={sla.nearest.dueAt}
          doneAt={sla.nearest.doneAt}
          paused={sla.paused}
        />
      ) : (
        <span className="cd-text-secondary">{t('sla.none')}</span>
      ),
    ],
  ];
  // Plain elements (case.css), not antd Descriptions and Typography: the header renders on every open.
  return (
    <header className="cd-case-header">
      <div className="cd-case-title">
        <code className="cd-case-number">{ticket.number}</code>
        <h2 className="cd-case-subject">{ticket.subject}</h2>
      </div>
      <dl className="cd-case-facts">
        {facts.map(([key, label, value]) => (
          <div key={key} className="cd-case-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <SlaPanel sla={sla} now={now} />
    </header>
  );
}
