import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AgentStateControl } from '../features/agentState/AgentStateControl.tsx';
import { IncomingCallButton } from '../features/screenPop/IncomingCallButton.tsx';
import { SyncIndicator } from '../features/sync/SyncIndicator.tsx';
import { useAppStore } from '../store/index.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

export function AppHeader({ onLogout }: { onLogout(): void }) {
  const { t } = useTranslation();
  const agent = useAppStore((s) => s.agent);
  return (
    <Layout.Header className="cd-header">
      <Typography.Title level={1} className="cd-header-title">
        {t('app.title')}
      </Typography.Title>
      <Space size="middle" className="cd-header-right">
        <IncomingCallButton />
        <AgentStateControl />
        <SyncIndicator />
        <LanguageSwitch />
        {agent && (
          <Typography.Text aria-label={t('header.agent', { name: agent.displayName })}>
            <UserOutlined aria-hidden /> {agent.displayName}
          </Typography.Text>
        )}
        <Button icon={<LogoutOutlined aria-hidden />} onClick={onLogout}>
          {t('header.logout')}
        </Button>
      </Space>
    </Layout.Header>
  );
}
