import { nextDeadline } from '@shared/sla/computeSlaDeadlines.ts';
import { PhoneOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import { memo, type KeyboardEvent } from 'react';
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
  /** The row's place in the current view, handed back to the (stable) handlers below. */
  index: number;
  onOpen(index: number, ticketId: string): void;
  onKeyDown(index: number, event: KeyboardEvent<HTMLDivElement>): void;
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

/**
 * One ticket: channel, number, subject, masked customer, status, priority + reasons, nearest SLA clock.
 * Memoised: a scroll re-renders the list on every frame, and only rows whose props changed may redo
 * their antd tags (the handlers are stable and take the row's index).
 */
export const QueueRow = memo(function QueueRow({
  ticket,
  customerName,
  id,
  selected,
  focusable,
  index,
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
      onClick={() => onOpen(index, ticket.id)}
      onKeyDown={(event) => onKeyDown(index, event)}
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
});
