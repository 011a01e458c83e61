import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentAlice, makeTicket } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { QueueList } from './QueueList.tsx';

const MIN = 60_000;
const OTHER_AGENT = '44444444-4444-4444-8444-444444444444';
let ws: TestWorkspace;

beforeEach(() => {
  ws = createTestWorkspace();
});
afterEach(async () => {
  await closeTestWorkspace(ws);
});

const callback = (agentId: string, dueAt: number) => ({ callbackId: crypto.randomUUID(), agentId, dueAt });

describe('callbacks due view', () => {
  it('lists my callbacks due soon or overdue with their time, and counts them', async () => {
    const now = Date.now();
    const tickets = [
      makeTicket({
        number: 'CD-800001',
        subject: '回访：过敏好转了吗',
        nextCallback: callback(agentAlice.id, now + 10 * MIN),
      }),
      makeTicket({
        number: 'CD-800002',
        subject: '回访：换货收到了吗',
        nextCallback: callback(agentAlice.id, now - 20 * MIN),
      }),
      makeTicket({
        number: 'CD-800003',
        subject: '明天再回访',
        nextCallback: callback(agentAlice.id, now + 24 * 60 * MIN),
      }),
      makeTicket({
        number: 'CD-800004',
        subject: '同事的回访',
        nextCallback: callback(OTHER_AGENT, now - MIN),
      }),
    ];
    for (const t of tickets) ws.api.server.put({ op: 'put', entity: 'ticket', value: t });
    await ws.engine.pullNow();
    const user = userEvent.setup();
    renderWithWorkspace(<QueueList />, ws);
    act(() => useAppStore.getState().setAgent(agentAlice));

    const views = await screen.findByRole('group', { name: '队列视图' });
    await user.click(await within(views).findByRole('button', { name: '待回访 2' }));
    const list = await screen.findByRole('listbox', { name: '工单队列列表' });
    await expect
      .poll(() =>
        within(list)
          .getAllByRole('option')
          .map((o) => o.getAttribute('aria-label')),
      )
      .toEqual(['CD-800002 回访：换货收到了吗', 'CD-800001 回访：过敏好转了吗']);
    const [overdue, soon] = within(list).getAllByRole('option');
    // A time, with the date when it falls on another day (this test may run just before midnight).
    expect(overdue).toHaveTextContent(/回访已逾期 (\d{4}\/\d\d\/\d\d )?\d\d:\d\d/);
    expect(soon).toHaveTextContent(/回访 (\d{4}\/\d\d\/\d\d )?\d\d:\d\d/);
    expect(soon).not.toHaveTextContent('逾期');
  });
});
