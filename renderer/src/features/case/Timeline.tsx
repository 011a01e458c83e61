import {
  CustomerServiceOutlined,
  FileTextOutlined,
  LockOutlined,
  PhoneOutlined,
  SendOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Empty, Flex, Tag, Timeline as AntTimeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CachedEvent } from '../../db/types.ts';
import { ChannelLabel } from '../../ui/ChannelLabel.tsx';
import { formatTimestamp } from '../../ui/formatTime.ts';
import type { CaseData } from './useCase.ts';

function kindLabel(event: CachedEvent, t: TFunction): string {
  switch (event.kind) {
    case 'message':
      return t(event.direction === 'inbound' ? 'case.event.inbound' : 'case.event.outbound');
    case 'note':
      return t('case.event.note');
    case 'call':
      return t(event.direction === 'inbound' ? 'case.event.callInbound' : 'case.event.callOutbound');
    case 'status_change':
      return t('case.event.statusChange', { from: t(`status.${event.from}`), to: t(`status.${event.to}`) });
  }
}

function body(event: CachedEvent, t: TFunction) {
  switch (event.kind) {
    case 'message':
    case 'note':
      return <Typography.Paragraph className="cd-event-body">{event.body}</Typography.Paragraph>;
    case 'call':
      return (
        <>
          <Typography.Text type="secondary">
            {t('case.event.callDuration', {
              minutes: Math.floor(event.durationSec / 60),
              seconds: event.durationSec % 60,
            })}
            {event.wrapUpCode ? ` · ${t('case.event.wrapUp', { code: event.wrapUpCode })}` : ''}
          </Typography.Text>
          {event.summary && (
            <Typography.Paragraph className="cd-event-body">{event.summary}</Typography.Paragraph>
          )}
        </>
      );
    case 'status_change':
      return event.reason ? (
        <Typography.Text type="secondary">
          {t('case.event.statusReason', { reason: event.reason })}
        </Typography.Text>
      ) : null;
  }
}

function icon(event: CachedEvent) {
  if (event.kind === 'call') return <PhoneOutlined aria-hidden />;
  if (event.kind === 'note') return <FileTextOutlined aria-hidden />;
  if (event.kind === 'status_change') return <SwapOutlined aria-hidden />;
  return event.direction === 'inbound' ? <UserOutlined aria-hidden /> : <SendOutlined aria-hidden />;
}

const COLOR = { message: 'blue', note: 'orange', call: 'green', status_change: 'gray' } as const;

/**
 * The case's history, oldest first so the newest entry sits next to the reply box: messages with their
 * channel, calls with duration and wrap-up code, status changes with reason, and internal notes set
 * apart (tinted, locked, labelled "internal") so nobody mistakes one for a customer reply.
 */
export function Timeline({ data, now }: { data: CaseData; now: number }) {
  const { t, i18n } = useTranslation();
  const author = (event: CachedEvent) => {
    if (event.authorType === 'customer') return t('case.author.customer');
    if (event.authorType === 'system') return t('case.author.system');
    return (event.authorId && data.agents.get(event.authorId)?.displayName) || t('case.author.unknownAgent');
  };
  if (data.events.length === 0) return <Empty description={t('case.timelineEmpty')} />;
  return (
    <section aria-label={t('case.timeline')} className="cd-timeline">
      <AntTimeline
        items={data.events.map((event) => ({
          key: event.id,
          icon: icon(event),
          color: event.kind === 'message' && event.direction === 'outbound' ? 'green' : COLOR[event.kind],
          content: (
            <article
              className={`cd-event cd-event-${event.kind}`}
              data-event-id={event.id}
              aria-label={`${kindLabel(event, t)} · ${author(event)}`}
            >
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{kindLabel(event, t)}</Typography.Text>
                <Typography.Text type="secondary">
                  {event.authorType === 'agent' ? <CustomerServiceOutlined aria-hidden /> : null}{' '}
                  {author(event)}
                </Typography.Text>
                <Typography.Text type="secondary">
                  <time dateTime={new Date(event.createdAt).toISOString()}>
                    {formatTimestamp(event.createdAt, now, i18n.language)}
                  </time>
                </Typography.Text>
                {event.kind === 'message' && <ChannelLabel channel={event.channel} />}
                {event.kind === 'note' && (
                  <Tag color="orange" icon={<LockOutlined aria-hidden />}>
                    {t('case.event.internal')}
                  </Tag>
                )}
                {data.pendingEventIds.has(event.id) && <Tag color="gold">{t('case.pending')}</Tag>}
              </Flex>
              {body(event, t)}
            </article>
          ),
        }))}
      />
    </section>
  );
}
