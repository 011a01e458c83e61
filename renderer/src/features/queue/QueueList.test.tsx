import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCustomer, makeTicket, T0 } from '../../../test/fixtures.ts';
import {
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { QueueList } from './QueueList.tsx';

let ws: TestWorkspace;

beforeEach(() => {
  ws = createTestWorkspace();
});
afterEach(async () => {
  ws.engine.stop();
  await ws.db.delete();
});

function seed() {
  const wang = makeCustomer();
  const li = makeCustomer({
    pii: { ...makeCustomer().pii, name: { masked: '李*', sealed: 'env' } },
  });
  const tickets = {
    normalLater: makeTicket({
      number: 'CD-000004',
      subject: '发票抬头修改',
      customerId: wang.id,
      firstResponseDueAt: T0 + 90_000,
    }),
    urgent: makeTicket({
      number: 'CD-000002',
      subject: '使用后皮肤红肿',
      priority: 'urgent',
      priorityReasons: ['health_risk'],
      channel: 'phone',
      customerId: li.id,
      firstResponseDueAt: T0 + 500_000,
    }),
    normalSooner: makeTicket({
      number: 'CD-000003',
      subject: '物流一直没更新',
      customerId: wang.id,
      firstResponseDueAt: T0 + 20_000,
    }),
    closed: makeTicket({
      number: 'CD-000001',
      subject: '已关闭的工单',
      status: 'closed',
      priority: 'urgent',
    }),
  };
  ws.api.server.put({ op: 'put', entity: 'customer', value: wang });
  ws.api.server.put({ op: 'put', entity: 'customer', value: li });
  for (const t of Object.values(tickets)) ws.api.server.put({ op: 'put', entity: 'ticket', value: t });
  return tickets;
}

describe('queue', () => {
  it('lists active tickets from Dexie ordered by priority, then SLA due time', async () => {
    const t = seed();
    await ws.engine.pullNow();
    renderWithWorkspace(<QueueList />, ws);
    const list = await screen.findByRole('listbox', { name: '工单队列列表' });
    const options = await within(list).findAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual([
      'CD-000002 使用后皮肤红肿',
      'CD-000003 物流一直没更新',
      'CD-000004 发票抬头修改',
    ]);
    const urgent = options[0]!;
    expect(urgent).toHaveTextContent('电话');
    expect(urgent).toHaveTextContent('李*');
    expect(urgent).toHaveTextContent('新建');
    expect(within(urgent).getByLabelText('优先级：紧急')).toHaveTextContent('紧急 · 可能涉及健康问题');
    expect(urgent.querySelector('[data-sla-state]')).toHaveAttribute('data-sla-state', 'breached');
    expect(screen.getByText('共 3 个待处理工单')).toBeInTheDocument();
    expect(screen.queryByText(t.closed.subject)).not.toBeInTheDocument();
  });

  it('updates live when a pull brings a new ticket', async () => {
    seed();
    await ws.engine.pullNow();
    renderWithWorkspace(<QueueList />, ws);
    await screen.findAllByRole('option');
    ws.api.server.put({
      op: 'put',
      entity: 'ticket',
      value: makeTicket({
        number: 'CD-000009',
        subject: '投诉：客服态度',
        priority: 'high',
        priorityReasons: ['complaint'],
      }),
    });
    await act(() => ws.engine.pullNow());
    const options = await screen.findAllByRole('option');
    await expect.poll(() => screen.getAllByRole('option').length).toBe(4);
    expect(screen.getAllByRole('option')[1]).toHaveAccessibleName('CD-000009 投诉：客服态度');
    expect(options.length).toBeGreaterThan(0);
  });

  it('opens a case on click and on Enter, and moves with the arrow keys', async () => {
    const t = seed();
    await ws.engine.pullNow();
    const user = userEvent.setup();
    renderWithWorkspace(<QueueList />, ws);
    const first = await screen.findByRole('option', { name: 'CD-000002 使用后皮肤红肿' });
    await user.click(first);
    expect(useAppStore.getState().selectedTicketId).toBe(t.urgent.id);
    expect(first).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: 'CD-000003 物流一直没更新' })).toHaveFocus();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useAppStore.getState().selectedTicketId).toBe(t.normalLater.id);
  });

  it('says so when the queue is empty', async () => {
    renderWithWorkspace(<QueueList />, ws);
    expect(await screen.findByText('暂无待处理工单')).toBeInTheDocument();
  });
});
