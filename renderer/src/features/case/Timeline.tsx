import { CustomerServiceOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Empty } from 'antd';
import { memo, useState } from 'react';
import type { CachedEvent } from '../../db/types.ts';
import { useT } from '../../i18n/useT.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { Tag } from '../../ui/Tag.tsx';
import { EventBody, eventColor, eventIcon, kindLabel, type EntryContext } from './timelineEntries.tsx';
import { useEchoedEvents, type LocalEchoes } from './localEchoes.ts';
import type { CaseData } from './readCase.ts';

/**
 * Entries rendered when a case opens: the newest, next to the reply box — more than the pane shows.
 * Older entries come a page at a time on request: rendering a 200-entry case whole took ~0.7 s.
 */
export const TIMELINE_PAGE = 12;

/**
 * The case's history, oldest first so the newest entry sits next to the reply box: messages with their
 * channel and attachments, calls with duration and wrap-up code, status changes with reason, every
 * after-sales action with its figures, and internal notes set apart (tinted, locked, labelled
 * "internal") so nobody mistakes one for a customer reply. Plain elements styled by case.css rather
 * than antd's Timeline and Typography: an entry is rendered on every case open, and per-entry antd
 * components (a style hook each) were most of the open's cost.
 */
export function Timeline({ data, now, echoes }: { data: CaseData; now: number; echoes?: LocalEchoes }) {
  const { t } = useT();
  const [shown, setShown] = useState(TIMELINE_PAGE);
  const events = useEchoedEvents(echoes, data.events);
  if (events.length === 0) return <Empty description={t('case.timelineEmpty')} />;
  const earlier = Math.max(0, events.length - shown);
  return (
    <section aria-label={t('case.timeline')} className="cd-timeline">
      {earlier > 0 && (
        <Button
          type="link"
          className="cd-timeline-earlier"
          onClick={() => setShown((n) => n + TIMELINE_PAGE)}
        >
          {t('case.showEarlier', { count: Math.min(earlier, TIMELINE_PAGE), total: earlier })}
        </Button>
      )}
      <ol className="cd-timeline-list">
        {events.slice(earlier).map((event, i) => (
          <TimelineEntry
            key={event.id}
            event={event}
            // Echoes (the agent's entries not cached yet) follow the cached events: pending like the outbox's.
            pending={earlier + i >= data.events.length || data.pendingEventIds.has(event.id)}
            data={data}
            now={now}
          />
        ))}
      </ol>
    </section>
  );
}

/**
 * One entry. Memoised: a sent reply's echo, or a page of earlier entries, renders only what is new.
 */
const TimelineEntry = memo(function TimelineEntry({
  event,
  pending,
  data,
  now,
}: {
  event: CachedEvent;
  pending: boolean;
  data: CaseData;
  now: number;
}) {
  const { t, language } = useT();
  const ctx: EntryContext = { t, language, now, data };
  const label = kindLabel(event, ctx);
  const author =
    event.authorType === 'customer'
      ? t('case.author.customer')
      : event.authorType === 'system'
        ? t('case.author.system')
        : (event.authorId && data.agents.get(event.authorId)?.displayName) || t('case.author.unknownAgent');
  return (
    <li className={`cd-timeline-item cd-dot-${eventColor(event)}`}>
      <span className="cd-timeline-dot">{eventIcon(event)}</span>
      <article
        className={`cd-event cd-event-${event.kind}`}
        data-event-id={event.id}
        aria-label={`${label} · ${author}`}
      >
        <div className="cd-event-head">
          <strong>{label}</strong>
          <span className="cd-text-secondary">
            {event.authorType === 'agent' ? <CustomerServiceOutlined aria-hidden /> : null} {author}
          </span>
          <time className="cd-text-secondary" dateTime={new Date(event.createdAt).toISOString()}>
            {formatTimestamp(event.createdAt, now, language)}
          </time>
          {event.kind === 'message' && <ChannelLabel channel={event.channel} />}
          {event.kind === 'note' && (
            <Tag color="orange" icon={<LockOutlined aria-hidden />}>
              {t('case.event.internal')}
            </Tag>
          )}
          {pending && <Tag color="gold">{t('case.pending')}</Tag>}
        </div>
        <EventBody event={event} ctx={ctx} />
      </article>
    </li>
  );
});
