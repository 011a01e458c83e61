import { nextDeadline } from '@shared/sla/computeSlaDeadlines.ts';
import { PhoneOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CachedTicket } from '../../db/types.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
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
  /** When the signed-in agent's callback on this ticket is due (null: none of theirs). */
  callbackDueAt?: number | null;
  /** The queue's clock, for "overdue" and the time format. */
  now: number;
}

function CallbackTime({ dueAt, now }: { dueAt: number; now: number }) {
  const { t, i18n } = useTranslation();
  const time = formatTimestamp(dueAt, now, i18n.language);
  const overdue = dueAt <= now;
  return (
    <Tag color={overdue ? 'red' : 'blue'} icon={<PhoneOutlined aria-hidden />} className="cd-queue-callback">
      {t(overdue ? 'workspace.callbacks.rowOverdue' : 'workspace.callbacks.rowDue', { time })}
    </Tag>
  );
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
  callbackDueAt = null,
  now,
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
        <Flex align="center" gap={4}>
          {callbackDueAt !== null && <CallbackTime dueAt={callbackDueAt} now={now} />}
          <StatusTag status={ticket.status} />
        </Flex>
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
