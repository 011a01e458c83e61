import { CustomerServiceOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Empty, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CachedEvent } from '../../db/types.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
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
  const { t, i18n } = useTranslation();
  const [shown, setShown] = useState(TIMELINE_PAGE);
  const events = useEchoedEvents(echoes, data.events);
  // Echoes (the agent's entries not cached yet) follow the cached events: pending like the outbox's.
  const pending = (event: CachedEvent, index: number) =>
    index >= data.events.length || data.pendingEventIds.has(event.id);
  const ctx: EntryContext = { t, language: i18n.language, now, data };
  const author = (event: CachedEvent) => {
    if (event.authorType === 'customer') return t('case.author.customer');
    if (event.authorType === 'system') return t('case.author.system');
    return (event.authorId && data.agents.get(event.authorId)?.displayName) || t('case.author.unknownAgent');
  };
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
        {events.slice(earlier).map((event, i) => {
          const label = kindLabel(event, ctx);
          return (
            <li key={event.id} className={`cd-timeline-item cd-dot-${eventColor(event)}`}>
              <span className="cd-timeline-dot">{eventIcon(event)}</span>
              <article
                className={`cd-event cd-event-${event.kind}`}
                data-event-id={event.id}
                aria-label={`${label} · ${author(event)}`}
              >
                <div className="cd-event-head">
                  <strong>{label}</strong>
                  <span className="cd-text-secondary">
                    {event.authorType === 'agent' ? <CustomerServiceOutlined aria-hidden /> : null}{' '}
                    {author(event)}
                  </span>
                  <time className="cd-text-secondary" dateTime={new Date(event.createdAt).toISOString()}>
                    {formatTimestamp(event.createdAt, now, i18n.language)}
                  </time>
                  {event.kind === 'message' && <ChannelLabel channel={event.channel} />}
                  {event.kind === 'note' && (
                    <Tag color="orange" icon={<LockOutlined aria-hidden />}>
                      {t('case.event.internal')}
                    </Tag>
                  )}
                  {pending(event, earlier + i) && <Tag color="gold">{t('case.pending')}</Tag>}
                </div>
                <EventBody event={event} ctx={ctx} />
              </article>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
