import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import { agentAlice, makeTicket } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { useCallbackReminders } from './useCallbackReminders.tsx';

const NOW = Date.UTC(2025, 10, 25, 9, 0, 0);
const MIN = 60_000;
const OTHER_AGENT = '44444444-4444-4444-8444-444444444444';
let ws: TestWorkspace;

function Reminders() {
  useCallbackReminders();
  return null;
}

const callback = (agentId: string, dueAt: number) => ({ callbackId: crypto.randomUUID(), agentId, dueAt });

beforeEach(() => {
  // Fake timeouts move with real time too, so Dexie and antd keep working; the test jumps ahead.
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(NOW);
  ws = createTestWorkspace();
});
afterEach(async () => {
  vi.useRealTimers();
  await closeTestWorkspace(ws);
});

async function seed(...tickets: Ticket[]) {
  for (const t of tickets) ws.api.server.put({ op: 'put', entity: 'ticket', value: t });
  await ws.engine.pullNow();
}

function renderReminders() {
  renderWithWorkspace(<Reminders />, ws);
  act(() => useAppStore.getState().setAgent(agentAlice));
}

const reminders = () => screen.queryAllByText('回访时间到了');

describe('callback reminders', () => {
  it('reminds once when my callback falls due, and the button opens the ticket', async () => {
    const mine = makeTicket({
      number: 'CD-700001',
      subject: '回访：退款到账了吗',
      nextCallback: callback(agentAlice.id, NOW + 2 * MIN),
    });
    const theirs = makeTicket({ number: 'CD-700002', nextCallback: callback(OTHER_AGENT, NOW + MIN) });
    await seed(mine, theirs);
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderReminders();
    await act(() => vi.advanceTimersByTimeAsync(MIN + 30_000));
    expect(reminders()).toHaveLength(0);

    await act(() => vi.advanceTimersByTimeAsync(30_000));
    await expect.poll(reminders).toHaveLength(1);
    expect(screen.getByText('CD-700001 回访：退款到账了吗')).toBeInTheDocument();

    // Later changes to the ticket and the passing time do not remind again.
    ws.api.server.put({ op: 'put', entity: 'ticket', value: { ...mine, subject: '回访：退款到账了吗？' } });
    await act(() => ws.engine.pullNow());
    await act(() => vi.advanceTimersByTimeAsync(10 * MIN));
    expect(reminders()).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: '打开工单 CD-700001' }));
    await waitFor(() => expect(useAppStore.getState().selectedTicketId).toBe(mine.id));
  });

  it('reminds at once of a callback already overdue, and again when it is moved and falls due', async () => {
    const cb = callback(agentAlice.id, NOW - 5 * MIN);
    const ticket = makeTicket({ number: 'CD-700003', nextCallback: cb });
    await seed(ticket);
    renderReminders();
    await expect.poll(reminders).toHaveLength(1);

    ws.api.server.put({
      op: 'put',
      entity: 'ticket',
      value: { ...ticket, nextCallback: { ...cb, dueAt: NOW + 5 * MIN } },
    });
    await act(() => ws.engine.pullNow());
    await act(() => vi.advanceTimersByTimeAsync(6 * MIN));
    await expect.poll(reminders).toHaveLength(2);
  });
});
