import {
  CloudDownloadOutlined,
  CloudOutlined,
  CloudSyncOutlined,
  DisconnectOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { initialSyncPercent, type SyncStatus } from '../../sync/syncStatus.ts';
import { SyncPanel } from './SyncPanel.tsx';

/** The header moves in tenths: a polite live region that spoke every chunk's percent would never stop. */
const HEADER_PERCENT_STEP = 10;

/** "首次同步 30%" (or the rows so far when the server sent no estimate). */
function initialSyncLabel(progress: NonNullable<SyncStatus['initialSync']>, t: TFunction): string {
  const percent = initialSyncPercent(progress, HEADER_PERCENT_STEP);
  return percent === null
    ? t('sync.initialSyncRows', { applied: progress.applied })
    : t('sync.initialSync', { percent });
}

/**
 * Online / offline / syncing, plus how many changes wait for the server (role=status, polite), as a
 * button that opens the sync details panel (pending and rejected changes).
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.syncStatus);
  const [open, setOpen] = useState(false);
  const state = !status.online ? 'offline' : status.syncing ? 'syncing' : 'online';
  const initialSync = state === 'syncing' ? status.initialSync : null;
  // A first sync shows its percentage, not a spinner: the spin redraws 60 frames a second for the
  // whole download (a minute at 100k tickets), and on two cores that compositing took CPU from
  // IndexedDB's writes.
  const icon =
    state === 'offline' ? (
      <DisconnectOutlined aria-hidden />
    ) : initialSync ? (
      <CloudDownloadOutlined aria-hidden />
    ) : state === 'syncing' ? (
      <CloudSyncOutlined aria-hidden spin />
    ) : (
      <CloudOutlined aria-hidden />
    );
  const color = state === 'offline' ? 'default' : state === 'syncing' ? 'processing' : 'success';
  return (
    <>
      <Button
        type="text"
        aria-label={t('syncPanel.open')}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <Space
          size={4}
          role="status"
          aria-label={t('sync.indicator')}
          aria-live="polite"
          data-sync-state={state}
        >
          <Tag color={color} icon={icon}>
            {initialSync ? initialSyncLabel(initialSync, t) : t(`sync.${state}`)}
          </Tag>
          {status.pending > 0 && <Tag color="gold">{t('sync.pending', { count: status.pending })}</Tag>}
          {status.rejected > 0 && (
            <Tag color="error" icon={<WarningOutlined aria-hidden />}>
              {t('sync.rejected', { count: status.rejected })}
            </Tag>
          )}
        </Space>
      </Button>
      <SyncPanel open={open} onClose={() => setOpen(false)} />
    </>
  );
}
