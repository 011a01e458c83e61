import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { agentAlice } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { AgentStateControl } from './AgentStateControl.tsx';
import { formatElapsed } from './formatElapsed.ts';

const NOW = Date.UTC(2025, 10, 25, 9, 0, 0);
let ws: TestWorkspace;

beforeEach(async () => {
  // Only the clock and intervals are fake: Dexie, antd and user-event keep their real timeouts.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
  ws = createTestWorkspace();
  const { id, displayName, role, teamId } = agentAlice;
  ws.api.server.put({ op: 'put', entity: 'agent', value: { id, displayName, role, teamId } });
  await ws.engine.pullNow();
  // The server never answers pushes: the change stays optimistic, as it would offline.
  ws.api.server.holdPushes = new Promise(() => undefined);
});
afterEach(async () => {
  vi.useRealTimers();
  await closeTestWorkspace(ws);
});

function renderControl(session = agentAlice) {
  renderWithWorkspace(<AgentStateControl />, ws);
  act(() => useAppStore.getState().setAgent(session));
}

const shown = () => screen.getByRole('combobox', { name: '坐席状态' }).closest('.ant-select')?.textContent;

async function choose(user: ReturnType<typeof userEvent.setup>, state: string) {
  await user.click(screen.getByRole('combobox', { name: '坐席状态' }));
  await user.click(await screen.findByRole('option', { name: state }));
}

describe('agent state', () => {
  it('shows the signed-in agent’s state and changes it through the setAgentState mutation', async () => {
    const user = userEvent.setup();
    renderControl({ ...agentAlice, state: 'busy', stateSince: NOW - 60_000 });
    expect(shown()).toBe('忙碌');
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();

    await choose(user, '小休');
    await expect.poll(shown).toBe('小休');
    const outbox = await ws.db.outbox.toArray();
    expect(outbox.map((m) => [m.name, m.args])).toEqual([['setAgentState', { state: 'break' }]]);
    expect(await ws.db.agents.get(agentAlice.id)).toMatchObject({ state: 'break', stateSince: NOW });
  });

  it('follows the cached agents row as pulls change it', async () => {
    renderControl();
    expect(shown()).toBe('空闲');
    const { id, displayName, role, teamId } = agentAlice;
    ws.api.server.put({
      op: 'put',
      entity: 'agent',
      value: { id, displayName, role, teamId, state: 'after_call_work', stateSince: NOW - 90_000 },
    });
    await act(() => ws.engine.pullNow());
    await expect.poll(shown).toBe('话后处理');
    expect(screen.getByRole('timer')).toHaveTextContent('01:30');
  });

  it('runs an mm:ss timer while in after-call work', async () => {
    const user = userEvent.setup();
    renderControl();
    await choose(user, '话后处理');
    const timer = await screen.findByRole('timer');
    expect(timer).toHaveTextContent('00:00');
    act(() => vi.advanceTimersByTime(65_000));
    expect(timer).toHaveTextContent('01:05');
    expect(timer).toHaveAccessibleName('话后处理已用时 01:05');

    await choose(user, '空闲');
    await expect.poll(() => screen.queryByRole('timer')).toBeNull();
  });

  it('changes state offline; the change waits in the outbox', async () => {
    ws.api.server.offline = true;
    const user = userEvent.setup();
    renderControl();
    await choose(user, '忙碌');
    await expect.poll(shown).toBe('忙碌');
    expect(await ws.db.outbox.count()).toBe(1);
  });
});

describe('formatElapsed', () => {
  it('counts minutes past the hour and never goes negative', () => {
    expect(formatElapsed(0, 4_999)).toBe('00:04');
    expect(formatElapsed(0, (75 * 60 + 3) * 1000)).toBe('75:03');
    expect(formatElapsed(10_000, 0)).toBe('00:00');
  });
});
