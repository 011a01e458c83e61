import { nextDeadline } from '@shared/sla/computeSlaDeadlines.ts';
import { Flex, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CachedTicket } from '../../db/types.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import { SlaClock } from '../case/SlaClock.tsx';
import { isPaused } from './queueModel.ts';

export interface QueueRowProps {
  ticket: CachedTicket;
  /** The masked name; undefined while it loads, null when the customer is not cached. */
  customerName: string | null | undefined;
  id: string;
  selected: boolean;
  focusable: boolean;
  onOpen(): void;
  onKeyDown(event: KeyboardEvent<HTMLDivElement>): void;
}

/** One ticket: channel, number, subject, masked customer, status, priority + reasons, nearest SLA clock. */
export function QueueRow({
  ticket,
  customerName,
  id,
  selected,
  focusable,
  onOpen,
  onKeyDown,
}: QueueRowProps) {
  const { t } = useTranslation();
  const next = nextDeadline(ticket);
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
          <Typography.Text type="secondary">
            {customerName === undefined ? '…' : (customerName ?? t('queue.unknownCustomer'))}
          </Typography.Text>
        </Flex>
        {next ? (
          <SlaClock kind={next.kind} dueAt={next.dueAt} paused={isPaused(ticket)} />
        ) : (
          <SlaClock kind="resolution" dueAt={null} />
        )}
      </Flex>
    </div>
  );
}
