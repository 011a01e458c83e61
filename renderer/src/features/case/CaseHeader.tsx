import { Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import { useNow } from '../../ui/useNow.ts';
import { RevealableField } from '../privacy/index.ts';
import { caseSla } from './caseSla.ts';
import { SlaClock } from './SlaClock.tsx';
import { SlaPanel } from './SlaPanel.tsx';
import type { CaseData } from './useCase.ts';

/** Number, subject, every SLA clock and the facts an agent needs before replying; personal data only masked. */
export function CaseHeader({ data }: { data: CaseData }) {
  const { t } = useTranslation();
  // Deadlines move with the clock only while paused (as if the customer answered now): a coarse
  // clock is enough here; the countdown texts tick every second on their own (SlaClock).
  const now = useNow();
  const { ticket, customer, order } = data;
  const sla = caseSla(ticket, data.events, now);
  return (
    <header className="cd-case-header">
      <Flex align="baseline" gap={12} wrap>
        <Typography.Text code className="cd-case-number">
          {ticket.number}
        </Typography.Text>
        <Typography.Title level={2} className="cd-case-subject">
          {ticket.subject}
        </Typography.Title>
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, xxl: 3 }}
        items={[
          { key: 'status', label: t('case.status'), children: <StatusTag status={ticket.status} /> },
          {
            key: 'priority',
            label: t('case.priority'),
            children: <PriorityTag priority={ticket.priority} reasons={ticket.priorityReasons} />,
          },
          { key: 'channel', label: t('case.channel'), children: <ChannelLabel channel={ticket.channel} /> },
          { key: 'category', label: t('case.category'), children: t(`category.${ticket.category}`) },
          {
            key: 'customer',
            label: t('case.customer'),
            children: customer?.pii.name.masked ?? t('queue.unknownCustomer'),
          },
          {
            key: 'phone',
            label: t('case.phone'),
            children: customer ? (
              <RevealableField customerId={customer.id} field="phone" sealedValue={customer.pii.phone} />
            ) : (
              '—'
            ),
          },
          { key: 'order', label: t('case.order'), children: order?.orderNo ?? t('case.noOrder') },
          {
            key: 'sla',
            label: t('case.sla'),
            children: sla.nearest ? (
              <SlaClock
                kind={sla.nearest.kind}
                dueAt={sla.nearest.dueAt}
                doneAt={sla.nearest.doneAt}
                paused={sla.paused}
              />
            ) : (
              <Typography.Text type="secondary">{t('sla.none')}</Typography.Text>
            ),
          },
        ]}
      />
      <SlaPanel sla={sla} now={now} />
    </header>
  );
}
