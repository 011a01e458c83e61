import { Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { SlaDue } from '../../ui/SlaDue.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import type { CaseData } from './useCase.ts';

/** Number, subject and the facts an agent needs before replying; personal data only masked. */
export function CaseHeader({ data, now }: { data: CaseData; now: number }) {
  const { t } = useTranslation();
  const { ticket, customer, order } = data;
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
        column={{ xs: 1, sm: 2, lg: 4 }}
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
          { key: 'phone', label: t('case.phone'), children: customer?.pii.phone.masked ?? '—' },
          { key: 'order', label: t('case.order'), children: order?.orderNo ?? t('case.noOrder') },
          { key: 'sla', label: t('case.sla'), children: <SlaDue ticket={ticket} now={now} /> },
        ]}
      />
    </header>
  );
}
