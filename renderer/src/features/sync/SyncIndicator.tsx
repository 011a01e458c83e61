import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';
import { SyncPanel } from './SyncPanel.tsx';

/**
 * Online / offline / syncing, plus how many changes wait for the server (role=status, polite), as a
 * button that opens the sync details panel (pending and rejected changes).
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.syncStatus);
  const [open, setOpen] = useState(false);
  const state = !status.online ? 'offline' : status.syncing ? 'syncing' : 'online';
  const icon =
    state === 'offline' ? (
      <DisconnectOutlined aria-hidden />
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
            {t(`sync.${state}`)}
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
