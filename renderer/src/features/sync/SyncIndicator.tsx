import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, WarningOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/index.ts';

/** Online / offline / syncing, plus how many changes wait for the server (role=status, polite). */
export function SyncIndicator() {
  const { t } = useTranslation();
  const status = useAppStore((s) => s.syncStatus);
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
    <Space size={4} role="status" aria-label={t('sync.indicator')} aria-live="polite" data-sync-state={state}>
      <Tag color={color} icon={icon}>
        {t(`sync.${state}`)}
      </Tag>
      {status.pending > 0 && <Tag color="gold">{t('sync.pending', { count: status.pending })}</Tag>}
      {status.rejected > 0 && (
        <Tooltip title={t('sync.reject.unknown')}>
          <Tag color="error" icon={<WarningOutlined aria-hidden />}>
            {t('sync.rejected', { count: status.rejected })}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}
