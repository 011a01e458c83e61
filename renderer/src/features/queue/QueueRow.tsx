import { Flex, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { SlaDue } from '../../ui/SlaDue.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import type { QueueRowData } from './useQueue.ts';

export interface QueueRowProps {
  row: QueueRowData;
  id: string;
  selected: boolean;
  focusable: boolean;
  now: number;
  onOpen(): void;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
}

/** One ticket in the queue: channel, number, subject, masked customer, status, priority + reason, SLA. */
export function QueueRow({ row, id, selected, focusable, now, onOpen, onKeyDown }: QueueRowProps) {
  const { t } = useTranslation();
  const { ticket } = row;
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={t('queue.rowLabel', { number: ticket.number, subject: ticket.subject })}
      tabIndex={focusable ? 0 : -1}
      className={`cd-queue-row${selected ? ' cd-queue-row-selected' : ''}`}
      data-ticket-id={ticket.id}
      onClick={onOpen}
      onKeyDown={onKeyDown}
    >
      <Flex justify="space-between" align="center" gap={8}>
        <Flex align="center" gap={8}>
          <ChannelLabel channel={ticket.channel} />
          <Typography.Text code>{ticket.number}</Typography.Text>
        </Flex>
        <StatusTag status={ticket.status} />
      </Flex>
      <Typography.Text strong ellipsis className="cd-queue-subject">
        {ticket.subject}
      </Typography.Text>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex align="center" gap={8}>
          <PriorityTag priority={ticket.priority} reasons={ticket.priorityReasons} />
          <Typography.Text type="secondary">{row.customerName ?? t('queue.unknownCustomer')}</Typography.Text>
        </Flex>
        <SlaDue ticket={ticket} now={now} />
      </Flex>
    </div>
  );
}
