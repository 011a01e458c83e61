import { Alert, Button, Drawer, List, Progress, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorCode } from '../../api/apiError.ts';
import { useWorkspace } from '../../app/services.tsx';
import type { OutboxEntry, RejectedMutation } from '../../db/types.ts';
import type { ReviewedRejection } from '../../sync/rejectedRetention.ts';
import { initialSyncPercent, type SyncStatus } from '../../sync/syncStatus.ts';
import { useAppStore } from '../../store/index.ts';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { mayRetryAsNew, rejectionParams } from './rejectionActions.ts';
import { useSyncQueues, type QueuedChange } from './useSyncQueues.ts';

/** "在线" / "自 14:05 起离线" / "正在同步第 3 条，共 12 条" … for the panel's first line. */
function statusLine(status: SyncStatus, t: TFunction, language: string, now: number): string {
  const time = (ms: number) => formatTimestamp(ms, now, language);
  if (status.upgradeRequired) return t('syncPanel.status.upgradeRequired');
  if (!status.online) {
    return status.offlineSince === null
      ? t('syncPanel.status.offline')
      : t('syncPanel.status.offlineSince', { time: time(status.offlineSince) });
  }
  if (status.initialSync) return t('syncPanel.status.initialSync');
  if (status.push)
    return t('syncPanel.status.pushing', { pushed: status.push.pushed + 1, total: status.push.total });
  if (status.syncing) return t('syncPanel.status.syncing');
  return status.lastSyncedAt === null
    ? t('syncPanel.status.online')
    : t('syncPanel.status.onlineAt', { time: time(status.lastSyncedAt) });
}

function ticketLabel(change: QueuedChange<unknown>, t: TFunction): string {
  if (change.ticketNumber !== null) return t('syncPanel.ticket', { number: change.ticketNumber });
  return change.ticketMissing ? t('syncPanel.ticketUnknown') : t('syncPanel.noTicket');
}

function InitialSyncProgress({ progress }: { progress: NonNullable<SyncStatus['initialSync']> }) {
  const { t } = useTranslation();
  const { applied, estimatedTotal } = progress;
  const percent = initialSyncPercent(progress) ?? 0;
  return (
    <div>
      <Typography.Text strong>{t('syncPanel.initialSync')}</Typography.Text>
      <Progress percent={percent} status="active" aria-label={t('syncPanel.initialSync')} />
      <Typography.Text type="secondary">
        {estimatedTotal === null
          ? t('syncPanel.initialSyncCountUnknown', { applied })
          : t('syncPanel.initialSyncCount', { applied, total: estimatedTotal })}
      </Typography.Text>
    </div>
  );
}

function PendingList({ items, now }: { items: QueuedChange<OutboxEntry>[]; now: number }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-label={t('syncPanel.pending.list')}>
      <Typography.Title level={5}>{t('syncPanel.pending.title', { count: items.length })}</Typography.Title>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('syncPanel.pending.empty') }}
        rowKey={(item) => item.mutation.id}
        renderItem={(item) => (
          <List.Item
            aria-label={`${t(`syncPanel.mutation.${item.mutation.name}`)} · ${ticketLabel(item, t)}`}
          >
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{t(`syncPanel.mutation.${item.mutation.name}`)}</Typography.Text>
              <Typography.Text type="secondary">
                {ticketLabel(item, t)} · {formatTimestamp(item.mutation.clientTime, now, i18n.language)}
              </Typography.Text>
              {item.mutation.state === 'acked' && <Tag color="blue">{t('syncPanel.pending.acked')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
    </section>
  );
}

function RejectedItem({ item, now }: { item: QueuedChange<RejectedMutation>; now: number }) {
  const { t, i18n } = useTranslation();
  const { engine } = useWorkspace();
  const [retryError, setRetryError] = useState<string | null>(null);
  const { mutation } = item;
  const name = t(`syncPanel.mutation.${mutation.name}`);
  const reason = t(`sync.reject.${mutation.reason}`, {
    ...rejectionParams(mutation.details, i18n.language, now),
    defaultValue: t('sync.reject.unknown'),
  });

  async function retry() {
    setRetryError(null);
    try {
      await engine.retryRejectedAsNew(mutation.id);
    } catch (err) {
      const code = errorCode(err);
      const details = (err as { details?: Record<string, never> }).details ?? null;
      const why = t(`sync.reject.${code}`, {
        ...rejectionParams(details, i18n.language, now),
        defaultValue: t('sync.reject.unknown'),
      });
      setRetryError(t('syncPanel.rejected.retryFailed', { message: why }));
    }
  }

  return (
    <List.Item
      aria-label={`${name} · ${ticketLabel(item, t)}`}
      actions={[
        ...(mayRetryAsNew(mutation.reason)
          ? [
              <Button
                key="retry"
                size="small"
                type="primary"
                aria-label={t('syncPanel.rejected.retryLabel', { mutation: name })}
                onClick={() => void retry()}
              >
                {t('syncPanel.rejected.retry')}
              </Button>,
            ]
          : []),
        <Button
          key="discard"
          size="small"
          aria-label={t('syncPanel.rejected.discardLabel', { mutation: name })}
          onClick={() => void engine.discardRejected(mutation.id)}
        >
          {t('syncPanel.rejected.discard')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" size={0}>
        <Typography.Text strong>{name}</Typography.Text>
        <Typography.Text type="secondary">
          {ticketLabel(item, t)} · {formatTimestamp(mutation.clientTime, now, i18n.language)}
        </Typography.Text>
        <Typography.Text type="danger">{reason}</Typography.Text>
        {retryError && (
          <Typography.Text type="danger" role="alert">
            {retryError}
          </Typography.Text>
        )}
      </Space>
    </List.Item>
  );
}

function RejectedList({ items, now }: { items: QueuedChange<RejectedMutation>[]; now: number }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t('syncPanel.rejected.list')}>
      <Typography.Title level={5}>{t('syncPanel.rejected.title', { count: items.length })}</Typography.Title>
      <List
        size="small"
        dataSource={items}
        locale={{ emptyText: t('syncPanel.rejected.empty') }}
        rowKey={(item) => item.mutation.id}
        renderItem={(item) => <RejectedItem item={item} now={now} />}
      />
    </section>
  );
}

/** Errors already said elsewhere in the panel (offline, upgrade) or by the storage alert. */
const SHOWN_ELSEWHERE = new Set(['network', 'client_too_old', 'storage_full']);

/** The panel's body: status, first-sync progress, storage alert, pending and rejected changes. */
function SyncPanelBody() {
  const { t, i18n } = useTranslation();
  // Read once per opening (the body mounts with the drawer): times of day only need "today or not".
  const [now] = useState(() => Date.now());
  const { db, engine } = useWorkspace();
  const status = useAppStore((s) => s.syncStatus);
  const queues = useSyncQueues(db);

  // Listing a refusal counts as the agent having seen it (it may be pruned 30 days after rejection).
  const unseen = (queues?.rejected ?? [])
    .filter((r) => (r.mutation as ReviewedRejection).acknowledgedAt === undefined)
    .map((r) => r.mutation.id)
    .join(',');
  useEffect(() => {
    if (unseen) void engine.acknowledgeRejected(unseen.split(',').map(Number)).catch(() => undefined);
  }, [engine, unseen]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text>{statusLine(status, t, i18n.language, now)}</Typography.Text>
      {status.initialSync && <InitialSyncProgress progress={status.initialSync} />}
      {status.lastError === 'storage_full' && (
        <Alert type="error" showIcon role="alert" title={t('syncPanel.storageFull')} />
      )}
      {status.lastError !== null && !SHOWN_ELSEWHERE.has(status.lastError) && (
        <Alert
          type="warning"
          showIcon
          title={t('syncPanel.lastError', {
            message: t(`errors.${status.lastError}`, { defaultValue: t('errors.unknown') }),
          })}
        />
      )}
      {queues && <PendingList items={queues.pending} now={now} />}
      {queues && <RejectedList items={queues.rejected} now={now} />}
    </Space>
  );
}

/** The sync details drawer, opened from the header's sync indicator. */
export function SyncPanel({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Drawer title={t('syncPanel.title')} open={open} onClose={onClose} destroyOnHidden size={420}>
      {open && <SyncPanelBody />}
    </Drawer>
  );
}
