import { nextDeadline } from '@shared/sla/computeSlaDeadlines.ts';
import { PhoneOutlined } from '@ant-design/icons';
import { memo, type KeyboardEvent } from 'react';
import { useT } from '../../i18n/useT.ts';
import type { CachedTicket } from '../../db/types.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { PriorityTag } from '../../ui/PriorityTag.tsx';
import { StatusTag } from '../../ui/StatusTag.tsx';
import { Tag } from '../../ui/Tag.tsx';
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
  /**
   * Number and subject only: the list is being flung (a scroll-bar drag moves a screenful or more a
   * frame), so no row stays long enough to be read; full rows return when scrolling stops.
   */
  light?: boolean;
}

function CallbackTime({ dueAt, now }: { dueAt: number; now: number }) {
  const { t, language } = useT();
  const time = formatTimestamp(dueAt, now, language);
  const overdue = dueAt <= now;
  return (
    <Tag color={overdue ? 'red' : 'blue'} icon={<PhoneOutlined aria-hidden />}>
      {t(overdue ? 'workspace.callbacks.rowOverdue' : 'workspace.callbacks.rowDue', { time })}
    </Tag>
  );
}

/**
 * One ticket: channel, number, subject, masked customer, status, priority + reasons, nearest SLA clock.
 * Memoised: a scroll re-renders the list on every frame, and only rows whose props changed re-render
 * (the handlers are stable and take the row's index). Plain elements of a fixed height (queue.css):
 * a fast scroll renders a screenful of new rows per frame, and antd's per-component hooks and a
 * measured height per row made those frames long.
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
  light = false,
}: QueueRowProps) {
  const { t } = useT();
  const next = nextDeadline(ticket);
  const option = {
    id,
    role: 'option',
    'aria-selected': selected,
    'aria-label': t('queue.rowLabel', { number: ticket.number, subject: ticket.subject }),
    tabIndex: focusable ? 0 : -1,
    'data-ticket-id': ticket.id,
    onClick: () => onOpen(index, ticket.id),
    onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => onKeyDown(index, event),
  };
  const className = `cd-queue-row${selected ? ' cd-queue-row-selected' : ''}`;
  if (light) {
    return (
      <div {...option} className={`${className} cd-queue-row-light`}>
        <code className="cd-queue-number">{ticket.number}</code>
        <strong className="cd-queue-subject">{ticket.subject}</strong>
      </div>
    );
  }
  return (
    <div {...option} className={className}>
      <div className="cd-queue-line">
        <span className="cd-queue-cell">
          <ChannelLabel channel={ticket.channel} />
          <code className="cd-queue-number">{ticket.number}</code>
        </span>
        <span className="cd-queue-cell">
          {callbackDueAt !== null && <CallbackTime dueAt={callbackDueAt} now={now} />}
          <StatusTag status={ticket.status} />
        </span>
      </div>
      <strong className="cd-queue-subject" title={ticket.subject}>
        {ticket.subject}
      </strong>
      <div className="cd-queue-line">
        <span className="cd-queue-cell cd-queue-cell-yields">
          <PriorityTag priority={ticket.priority} reasons={ticket.priorityReasons} />
          <span className="cd-text-secondary cd-queue-customer">
            {customerName === undefined ? '…' : (customerName ?? t('queue.unknownCustomer'))}
          </span>
        </span>
        {next ? (
          <SlaClock kind={next.kind} dueAt={next.dueAt} paused={isPaused(ticket)} />
        ) : (
          <SlaClock kind="resolution" dueAt={null} />
        )}
      </div>
    </div>
  );
});
