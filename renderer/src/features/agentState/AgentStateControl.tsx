import { AgentState } from '@shared/domain/index.ts';
import { App, Badge, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { replyErrorKey } from '../composer/replyErrorKey.ts';
import { useSecondTicker } from '../case/useSecondTicker.ts';
import { formatElapsed } from './formatElapsed.ts';
import { useMyAgentState } from './useMyAgentState.ts';

const DOT: Record<AgentState, 'success' | 'error' | 'warning' | 'default'> = {
  available: 'success',
  busy: 'error',
  after_call_work: 'warning',
  break: 'default',
};

/** The running after-call-work clock; its own component so the tick re-renders nothing else. */
function AfterCallWorkTimer({ since }: { since: number }) {
  const { t } = useTranslation();
  const elapsed = formatElapsed(since, useSecondTicker());
  return (
    <Typography.Text
      type="warning"
      role="timer"
      aria-label={t('workspace.agentState.acwTimer', { elapsed })}
      className="cd-agent-state-timer"
    >
      {elapsed}
    </Typography.Text>
  );
}

/**
 * The header's agent state (available / busy / after-call work / break). A change is the
 * `setAgentState` mutation like any other: applied to the cached row at once, queued while offline.
 */
export function AgentStateControl() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { engine } = useWorkspace();
  const current = useMyAgentState();
  if (!current) return null;

  async function change(state: AgentState) {
    try {
      await engine.mutate('setAgentState', { state });
    } catch (err) {
      void message.error(t('workspace.agentState.failed', { reason: t(replyErrorKey(err)) }));
    }
  }

  return (
    <Space size={6} className="cd-agent-state">
      <Select<AgentState>
        aria-label={t('workspace.agentState.label')}
        value={current.state}
        onChange={(state) => void change(state)}
        popupMatchSelectWidth={false}
        variant="borderless"
        prefix={<Badge status={DOT[current.state]} aria-hidden />}
        options={AgentState.options.map((state) => ({
          value: state,
          label: t(`workspace.agentState.${state}`),
        }))}
      />
      {current.state === 'after_call_work' && <AfterCallWorkTimer since={current.since} />}
    </Space>
  );
}
