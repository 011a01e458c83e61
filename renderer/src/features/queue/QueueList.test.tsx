import { act, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import { agentAlice, makeCustomer, makeTicket, T0 } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { ShortcutsHelp } from '../shortcuts/ShortcutsHelp.tsx';
import { QueueList } from './QueueList.tsx';

let ws: TestWorkspace;

beforeEach(() => {
  ws = createTestWorkspace();
});
afterEach(async () => {
  await closeTestWorkspace(ws);
});

function put(...tickets: Ticket[]) {
  for (const t of tickets) ws.api.server.put({ op: 'put', entity: 'ticket', value: t });
}

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
  put(...Object.values(tickets));
  return tickets;
}

const HOUR = 3_600_000;
const MIN = 60_000;
const OTHER_TEAM = '33333333-3333-4333-8333-333333333333';
const OTHER_AGENT = '44444444-4444-4444-8444-444444444444';

/** Four active tickets, one per interesting state, with deadlines relative to the real clock. */
function seedWorkday() {
  const now = Date.now();
  const tickets = {
    health: makeTicket({
      number: 'CD-100001',
      subject: '面膜用后脸上起疹子',
      channel: 'phone',
      category: 'after_sales',
      rootCause: 'quality',
      productLine: 'cosmetics',
      priority: 'urgent',
      priorityReasons: ['health_risk'],
      tags: ['过敏'],
      createdAt: now - 4 * HOUR,
      firstResponseDueAt: now - MIN, // breached
    }),
    complaint: makeTicket({
      number: 'CD-100002',
      subject: '投诉快递员态度',
      channel: 'chat',
      category: 'complaint',
      rootCause: 'logistics',
      productLine: 'apparel',
      status: 'open',
      priority: 'high',
      priorityReasons: ['complaint'],
      tags: ['尺码'],
      assigneeId: null,
      createdAt: now - 1 * HOUR,
      firstResponseAt: now - 1 * HOUR,
      resolutionDueAt: now + 5 * MIN, // due soon
    }),
    waiting: makeTicket({
      number: 'CD-100003',
      subject: '等待客户提供照片',
      channel: 'email',
      category: 'order_query',
      productLine: 'feminine_care',
      status: 'pending_customer',
      teamId: OTHER_TEAM,
      assigneeId: null,
      createdAt: now - 3 * HOUR,
      firstResponseAt: now - 3 * HOUR,
      resolutionDueAt: now - HOUR, // overdue on paper, but paused
    }),
    routine: makeTicket({
      number: 'CD-100004',
      subject: '赠品什么时候寄出',
      channel: 'marketplace',
      category: 'product_inquiry',
      rootCause: 'usage',
      productLine: 'general',
      status: 'reopened',
      priority: 'low',
      tags: ['赠品'],
      createdAt: now - 2 * HOUR,
      firstResponseDueAt: now + 2 * HOUR, // ok
    }),
    closed: makeTicket({ number: 'CD-100005', subject: '已关闭', status: 'closed', category: 'complaint' }),
  };
  put(...Object.values(tickets));
  return tickets;
}

async function renderQueue(ui = <QueueList />) {
  await ws.engine.pullNow();
  const view = renderWithWorkspace(ui, ws);
  act(() => useAppStore.getState().setAgent(agentAlice));
  return view;
}

const rowNames = async () => {
  const list = await screen.findByRole('listbox', { name: '工单队列列表' });
  return within(list)
    .getAllByRole('option')
    .map((o) => o.getAttribute('aria-label')?.split(' ')[0]);
};

/**
 * antd dialogs are labelled by their title, but under NODE_ENV=test rc-util's useId returns the same
 * 'test-id' for every component, so the label cannot be resolved: find the dialog by its title text.
 */
async function findDialog(title: string) {
  await screen.findByText(title, { selector: '.ant-modal-title' });
  return screen.getAllByRole('dialog').find((d) => within(d).queryByText(title))!;
}
const queryDialog = (title: string) =>
  screen.queryAllByRole('dialog').find((d) => within(d).queryByText(title, { selector: '.ant-modal-title' }));

async function pick(user: ReturnType<typeof userEvent.setup>, combobox: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: combobox }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('queue', () => {
  it('lists active tickets from Dexie ordered by priority, then SLA due time', async () => {
    const t = seed();
    await renderQueue();
    const list = await screen.findByRole('listbox', { name: '工单队列列表' });
    const options = await within(list).findAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-label'))).toEqual([
      'CD-000002 使用后皮肤红肿',
      'CD-000003 物流一直没更新',
      'CD-000004 发票抬头修改',
    ]);
    const urgent = options[0]!;
    expect(urgent).toHaveTextContent('电话');
    expect(await within(urgent).findByText('李*')).toBeInTheDocument();
    expect(urgent).toHaveTextContent('新建');
    expect(within(urgent).getByLabelText('优先级：紧急 · 可能涉及健康问题')).toHaveTextContent(
      '紧急 · 可能涉及健康问题',
    );
    expect(urgent.querySelector('[data-sla-state]')).toHaveAttribute('data-sla-state', 'breached');
    expect(screen.getByText('共 3 个待处理工单')).toBeInTheDocument();
    expect(screen.queryByText(t.closed.subject)).not.toBeInTheDocument();
  });

  it('draws rows light (number and subject) while a drag flings the list, whole again once it stops', async () => {
    const customer = makeCustomer();
    ws.api.server.put({ op: 'put', entity: 'customer', value: customer });
    put(...Array.from({ length: 300 }, () => makeTicket({ customerId: customer.id })));
    await renderQueue();
    const list = await screen.findByRole('listbox', { name: '工单队列列表' });
    await waitFor(() => expect(list.querySelector('.cd-queue-row .cd-tag')).not.toBeNull());

    // A scroll-bar drag: 100 rows (far more than the ~9 on screen) in one scroll event.
    act(() => {
      list.scrollTop = 100 * 96;
      list.dispatchEvent(new Event('scroll'));
    });
    const rows = within(list).getAllByRole('option');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.classList.contains('cd-queue-row-light'))).toBe(true);
    expect(rows[0]).toHaveAccessibleName(/^CD-\d+ /);
    expect(list.querySelector('.cd-tag')).toBeNull(); // no status, priority or SLA clock yet

    // Scrolling stops (TanStack's isScrolling resets 150 ms after the last scroll event).
    await waitFor(() => expect(list.querySelector('.cd-queue-row-light')).toBeNull());
    expect(list.querySelector('.cd-queue-row .cd-tag')).not.toBeNull();
  });

  it("shows a customer's new name once a pull changes it (names are cached per database)", async () => {
    seed();
    await renderQueue();
    const list = await screen.findByRole('listbox', { name: '工单队列列表' });
    const urgent = () => within(list).getByRole('option', { name: 'CD-000002 使用后皮肤红肿' });
    expect(await within(urgent()).findByText('李*')).toBeInTheDocument();
    const li = (await ws.db.customers.toArray()).find((c) => c.pii.name.masked === '李*')!;
    const { pii, phoneIndex: _index, ...rest } = li;
    ws.api.server.put({
      op: 'put',
      entity: 'customer',
      value: { ...makeCustomer(), ...rest, pii: { ...pii, name: { masked: '黎*', sealed: 'env2' } } },
    });
    await act(() => ws.engine.pullNow());
    expect(await within(urgent()).findByText('黎*')).toBeInTheDocument();
  });

  it('updates live when a pull brings a new ticket', async () => {
    seed();
    await renderQueue();
    await screen.findAllByRole('option');
    put(
      makeTicket({
        number: 'CD-000009',
        subject: '投诉：客服态度',
        priority: 'high',
        priorityReasons: ['complaint'],
      }),
    );
    await act(() => ws.engine.pullNow());
    await expect.poll(() => screen.getAllByRole('option').length).toBe(4);
    expect(screen.getAllByRole('option')[1]).toHaveAccessibleName('CD-000009 投诉：客服态度');
  });

  it('opens a case on click and on Enter, and moves with the arrow keys', async () => {
    const t = seed();
    const user = userEvent.setup();
    await renderQueue();
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
    await renderQueue();
    expect(await screen.findByText('暂无待处理工单')).toBeInTheDocument();
  });
});

describe('queue views', () => {
  it('shows a count on every view and lists the view when chosen', async () => {
    seedWorkday();
    const user = userEvent.setup();
    await renderQueue();
    const views = await screen.findByRole('group', { name: '队列视图' });
    const expected: Array<[string, number, string[]]> = [
      ['全部待处理', 4, ['CD-100001', 'CD-100002', 'CD-100003', 'CD-100004']],
      ['我的工单', 2, ['CD-100001', 'CD-100004']],
      ['未分配', 2, ['CD-100002', 'CD-100003']],
      ['本组', 3, ['CD-100001', 'CD-100002', 'CD-100004']],
      ['即将超时', 1, ['CD-100002']],
      ['已超时', 1, ['CD-100001']],
      ['投诉', 1, ['CD-100002']],
      ['健康风险', 1, ['CD-100001']],
      ['等待客户', 1, ['CD-100003']],
    ];
    for (const [label, count, numbers] of expected) {
      const button = await within(views).findByRole('button', { name: `${label} ${count}` });
      await user.click(button);
      expect(button).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(rowNames).toEqual(numbers);
    }
  });

  it.each([
    ['渠道', '电话', ['CD-100001']],
    ['类别', '投诉', ['CD-100002']],
    ['根因', '使用问题', ['CD-100004']],
    ['状态', '等待客户', ['CD-100003']],
    ['优先级', '低', ['CD-100004']],
    ['标签', '尺码', ['CD-100002']],
    ['产品线', '女性护理', ['CD-100003']],
  ])('filters by %s', async (filter, option, numbers) => {
    seedWorkday();
    const user = userEvent.setup();
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: '筛选' }));
    await pick(user, filter, option);
    await expect.poll(rowNames).toEqual(numbers);
    expect(screen.getByRole('button', { name: '筛选（1）' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '清除筛选' }));
    await expect.poll(rowNames).toHaveLength(4);
  });

  it.each([
    ['优先级，再按 SLA', ['CD-100001', 'CD-100002', 'CD-100003', 'CD-100004']],
    ['最新创建', ['CD-100002', 'CD-100004', 'CD-100003', 'CD-100001']],
    ['最早创建', ['CD-100001', 'CD-100003', 'CD-100004', 'CD-100002']],
    ['SLA 到期时间', ['CD-100003', 'CD-100001', 'CD-100002', 'CD-100004']],
  ])('sorts by %s', async (sort, numbers) => {
    seedWorkday();
    const user = userEvent.setup();
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    if (sort !== '优先级，再按 SLA') await pick(user, '排序', sort);
    await expect.poll(rowNames).toEqual(numbers);
  });

  it('searches by ticket number or subject, and / focuses the search box', async () => {
    seedWorkday();
    const user = userEvent.setup();
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    await user.keyboard('/');
    const search = screen.getByRole('textbox', { name: '搜索工单号或标题' });
    expect(search).toHaveFocus();
    await user.keyboard('100003');
    await expect.poll(rowNames).toEqual(['CD-100003']);
    await user.clear(search);
    await user.type(search, '快递');
    await expect.poll(rowNames).toEqual(['CD-100002']);
  });

  it('saves a personal view that survives a restart', async () => {
    seedWorkday();
    const user = userEvent.setup();
    const { unmount } = await renderQueue();
    // The counts show once the first read of the cache is in: give a loaded machine time.
    await user.click(await screen.findByRole('button', { name: '我的工单 2' }, { timeout: 10_000 }));
    await pick(user, '排序', '最新创建');
    await user.click(screen.getByRole('button', { name: '保存当前视图' }));
    const dialog = await findDialog('保存当前视图');
    await user.type(within(dialog).getByRole('textbox', { name: '视图名称' }), '我的-最新');
    await user.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await screen.findByText('已保存视图“我的-最新”')).toBeInTheDocument();
    await expect
      .poll(() => ws.db.getMeta('queueSavedViews'))
      .toEqual([expect.objectContaining({ name: '我的-最新', view: 'mine', sort: 'newest', filters: {} })]);
    unmount();

    await renderQueue(); // fresh store: back to the default view
    await expect.poll(rowNames).toHaveLength(4);
    await pick(user, '我的视图', '我的-最新');
    await expect.poll(rowNames).toEqual(['CD-100004', 'CD-100001']);
    expect(screen.getByRole('button', { name: '我的工单 2' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: '删除视图“我的-最新”' }));
    await expect.poll(() => ws.db.getMeta('queueSavedViews')).toEqual([]);
  });
});

describe('queue SLA clocks', () => {
  it('shows the nearest deadline as words and colour: breached, due soon, paused, on track', async () => {
    seedWorkday();
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    const clock = (name: RegExp) => {
      const el = screen.getByRole('option', { name }).querySelector('[data-sla-state]')!;
      return { state: el.getAttribute('data-sla-state'), text: el.textContent, className: el.className };
    };
    expect(clock(/CD-100001/)).toMatchObject({
      state: 'breached',
      text: expect.stringContaining('首次响应已超时'),
      className: expect.stringContaining('cd-tone-danger'),
    });
    expect(clock(/CD-100002/)).toMatchObject({
      state: 'due_soon',
      text: expect.stringContaining('解决即将到期'),
      className: expect.stringContaining('cd-tone-warning'),
    });
    expect(clock(/CD-100003/)).toMatchObject({
      state: 'paused',
      text: expect.stringContaining('解决已暂停，等待客户回复'),
    });
    expect(clock(/CD-100004/)).toMatchObject({
      state: 'ok',
      text: expect.stringMatching(/^.*首次响应.*小时.*到期$/),
      className: expect.stringContaining('cd-tone-secondary'),
    });
  });

  it('ticks live: a clock turns red when its deadline passes', async () => {
    put(makeTicket({ number: 'CD-200001', subject: '马上到期', firstResponseDueAt: Date.now() + 1_500 }));
    await renderQueue();
    const row = await screen.findByRole('option', { name: /CD-200001/ });
    expect(row.querySelector('[data-sla-state]')).toHaveAttribute('data-sla-state', 'due_soon');
    await expect
      .poll(() => row.querySelector('[data-sla-state]')?.getAttribute('data-sla-state'), { timeout: 5_000 })
      .toBe('breached');
  });
});

describe('queue keyboard', () => {
  it('moves with j/k, opens with Enter, claims with c', async () => {
    const t = seedWorkday();
    const onClaim = vi.fn();
    const user = userEvent.setup();
    await renderQueue(<QueueList onClaim={onClaim} />);
    await expect.poll(rowNames).toHaveLength(4);
    await user.keyboard('j');
    expect(screen.getByRole('option', { name: /CD-100001/ })).toHaveFocus();
    await user.keyboard('jj');
    expect(screen.getByRole('option', { name: /CD-100003/ })).toHaveFocus();
    await user.keyboard('k');
    expect(screen.getByRole('option', { name: /CD-100002/ })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(useAppStore.getState().selectedTicketId).toBe(t.complaint.id);
    await user.keyboard('c');
    expect(onClaim).toHaveBeenCalledWith(t.complaint.id);
  });

  it('ignores single-key shortcuts while typing in the search box', async () => {
    seedWorkday();
    const onClaim = vi.fn();
    const user = userEvent.setup();
    await renderQueue(<QueueList onClaim={onClaim} />);
    await expect.poll(rowNames).toHaveLength(4);
    await user.click(screen.getByRole('textbox', { name: '搜索工单号或标题' }));
    await user.keyboard('jc');
    expect(onClaim).not.toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: '搜索工单号或标题' })).toHaveValue('jc');
  });

  it('claims the focused ticket with c through the claim mutation', async () => {
    const t = seedWorkday();
    const user = userEvent.setup();
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    await user.keyboard('jjc');
    expect(await screen.findByText('已认领，工单已分配给您')).toBeInTheDocument();
    await expect.poll(async () => (await ws.db.tickets.get(t.complaint.id))?.assigneeId).toBe(agentAlice.id);
  });

  it('says who holds a ticket another agent already claimed, and queues nothing', async () => {
    const t = seedWorkday();
    const user = userEvent.setup();
    put({ ...t.routine, assigneeId: OTHER_AGENT });
    await renderQueue();
    await expect.poll(rowNames).toHaveLength(4);
    const routine = screen.getByRole('option', { name: /CD-100004/ });
    await user.click(routine);
    await user.keyboard('c');
    expect(await screen.findByText(/认领/)).toBeInTheDocument();
    expect(await ws.db.outbox.count()).toBe(0);
    expect((await ws.db.tickets.get(t.routine.id))?.assigneeId).toBe(OTHER_AGENT);
  });

  it('opens the shortcut help with ? and closes it with Escape', async () => {
    seedWorkday();
    const user = userEvent.setup();
    await renderQueue(
      // jsdom runs no CSS animations, so a closing dialog would wait for one forever.
      <ConfigProvider theme={{ token: { motion: false } }}>
        <QueueList />
        <ShortcutsHelp />
      </ConfigProvider>,
    );
    await expect.poll(rowNames).toHaveLength(4);
    await user.keyboard('?');
    const dialog = await findDialog('键盘快捷键');
    const list = within(dialog).getByRole('list', { name: '快捷键列表' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'j / ↓下一个工单',
      'k / ↑上一个工单',
      'Enter打开工单',
      'c认领工单',
      '/搜索工单',
      '?显示本帮助',
    ]);
    await user.keyboard('{Escape}');
    await expect.poll(() => queryDialog('键盘快捷键')).toBeUndefined();
    await user.click(screen.getByRole('button', { name: '键盘快捷键' }));
    expect(await findDialog('键盘快捷键')).toBeInTheDocument();
  });
});
