import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket, TicketEvent } from '@shared/domain/index.ts';
import { mutationEventId } from '@shared/sync/mutations.ts';
import {
  agentAlice,
  makeCustomer,
  makeMessage,
  makeOrder,
  makeTicket,
  T0,
  uid,
} from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { CaseView } from './CaseView.tsx';
import { openCase as openCaseById } from './openCase.ts';
import { cachedEvent } from '../../../test/timelines.ts';

let ws: TestWorkspace;
let ticket: Ticket;

beforeEach(async () => {
  ws = createTestWorkspace();
  const customer = makeCustomer();
  const order = makeOrder(customer.id, { orderNo: 'SO20251125888' });
  ticket = makeTicket({
    number: 'CD-000042',
    subject: '面霜使用后过敏',
    customerId: customer.id,
    orderId: order.id,
  });
  const s = ws.api.server;
  s.put({
    op: 'put',
    entity: 'agent',
    value: {
      id: agentAlice.id,
      displayName: agentAlice.displayName,
      role: 'agent',
      teamId: agentAlice.teamId,
    },
  });
  s.put({ op: 'put', entity: 'customer', value: customer });
  s.put({ op: 'put', entity: 'order', value: order });
  s.put({ op: 'put', entity: 'ticket', value: ticket });
  s.put({
    op: 'put',
    entity: 'event',
    value: makeMessage(ticket.id, { body: '用了三天脸上起红疹', createdAt: T0 }),
  });
  s.put({
    op: 'put',
    entity: 'event',
    value: {
      id: uid(),
      ticketId: ticket.id,
      kind: 'note',
      body: '已联系质检',
      authorType: 'agent',
      authorId: agentAlice.id,
      createdAt: T0 + 1_000,
    },
  });
  s.put({
    op: 'put',
    entity: 'event',
    value: {
      id: uid(),
      ticketId: ticket.id,
      kind: 'call',
      direction: 'outbound',
      durationSec: 95,
      wrapUpCode: 'FOLLOWUP',
      summary: '回访客户',
      authorType: 'agent',
      authorId: agentAlice.id,
      createdAt: T0 + 2_000,
    },
  });
  await ws.engine.pullNow();
});

afterEach(async () => {
  await closeTestWorkspace(ws);
});

function openCase() {
  renderWithWorkspace(<CaseView />, ws);
  act(() => useAppStore.getState().selectTicket(ticket.id));
}

describe('case view', () => {
  it('asks to pick a ticket when none is selected', () => {
    renderWithWorkspace(<CaseView />, ws);
    expect(screen.getByText('从左侧队列选择一个工单')).toBeInTheDocument();
  });

  it('shows the header with masked customer data and the timeline oldest first', async () => {
    openCase();
    expect(await screen.findByRole('heading', { name: '面霜使用后过敏' })).toBeInTheDocument();
    const region = screen.getByRole('region', { name: '工单详情' });
    expect(region).toHaveTextContent('CD-000042');
    expect(region).toHaveTextContent('王**');
    expect(region).toHaveTextContent('138****5678');
    expect(region).toHaveTextContent('SO20251125888');
    expect(region).toHaveTextContent('在线客服');
    expect(region).not.toHaveTextContent('env:phone');

    const timeline = screen.getByRole('region', { name: '处理记录' });
    const items = within(timeline).getAllByRole('article');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      '客户来信 · 客户',
      '内部备注 · 李娜',
      '外呼 · 李娜',
    ]);
    expect(items[0]).toHaveTextContent('用了三天脸上起红疹');
    expect(items[2]).toHaveTextContent('通话 1 分 35 秒');
  });

  it('opens through openCase: the prefetched read renders with the selection, then the case stays live', async () => {
    renderWithWorkspace(<CaseView />, ws);
    await act(() => openCaseById(ws.db, ticket.id));
    expect(useAppStore.getState().selectedTicketId).toBe(ticket.id);
    // Rendered from the prefetch, in the selection's own commit: no spinner in between.
    const timeline = screen.getByRole('region', { name: '处理记录' });
    expect(within(timeline).getAllByRole('article')).toHaveLength(3);
    // The live query's equal first read is skipped; later changes still arrive.
    ws.api.server.put({
      op: 'put',
      entity: 'event',
      value: makeMessage(ticket.id, { body: '红疹已经消了', createdAt: T0 + 3_000 }),
    });
    await act(() => ws.engine.pullNow());
    expect(await within(timeline).findByText('红疹已经消了')).toBeInTheDocument();
    expect(within(timeline).getAllByRole('article')).toHaveLength(4);
  });

  it('switches cases: the one left is hidden at once and gone right after, never shown beside the new one', async () => {
    const other = makeTicket({
      number: 'CD-000043',
      subject: '卫生巾漏发一包',
      customerId: ticket.customerId,
    });
    ws.api.server.put({ op: 'put', entity: 'ticket', value: other });
    await ws.engine.pullNow();
    openCase();
    expect(await screen.findByRole('heading', { name: '面霜使用后过敏' })).toBeInTheDocument();
    const slotOf = (id: string) => document.querySelector(`[data-case-id="${id}"]`)?.closest('.cd-case-slot');

    await act(() => openCaseById(ws.db, other.id));
    expect(screen.getByRole('heading', { name: '卫生巾漏发一包' })).toBeInTheDocument();
    // Either already unmounted or hidden: never two cases on screen.
    expect(screen.queryByRole('heading', { name: '面霜使用后过敏' })).not.toBeInTheDocument();
    expect(slotOf(ticket.id)?.hasAttribute('hidden') ?? true).toBe(true);
    await waitFor(() => expect(slotOf(ticket.id)).toBeUndefined());
    expect(
      within(screen.getByRole('region', { name: '工单详情' })).getAllByRole('heading', { level: 2 }),
    ).toHaveLength(1);
  });

  it('sends a reply that appears at once and waits in the outbox', async () => {
    ws.api.server.holdPushes = new Promise(() => undefined); // the server never answers
    const user = userEvent.setup();
    openCase();
    const box = await screen.findByRole('textbox', { name: '回复内容' });
    const send = screen.getByRole('button', { name: '发送' });
    expect(send).toBeDisabled();
    await user.type(box, '   ');
    expect(send).toBeDisabled();
    await user.clear(box);
    await user.type(box, '非常抱歉，请先停用，我们为您安排退货');
    expect(send).toBeEnabled();
    await user.click(send);

    const timeline = screen.getByRole('region', { name: '处理记录' });
    const reply = await within(timeline).findByRole('article', { name: '回复客户 · 李娜' });
    expect(reply).toHaveTextContent('非常抱歉，请先停用，我们为您安排退货');
    expect(reply).toHaveTextContent('待同步');
    expect(box).toHaveValue('');
    expect(send).toBeDisabled();

    const outbox = await ws.db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      name: 'replyToTicket',
      state: 'pending',
      args: { ticketId: ticket.id, body: '非常抱歉，请先停用，我们为您安排退货' },
    });
    expect(reply).toHaveAttribute('data-event-id', mutationEventId(outbox[0]!));
    // The status follows the reply (new → open) before the server has seen it.
    expect(screen.getByRole('region', { name: '工单详情' })).toHaveTextContent('处理中');
  });

  it('draws a sent reply from memory before it is sealed and stored, then hands over to the cache', async () => {
    const sealText = ws.api.privacy.sealText.bind(ws.api.privacy);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(ws.api.privacy, 'sealText').mockImplementation(async (input) => {
      await held; // the main process has not answered yet: nothing is in IndexedDB
      return sealText(input);
    });
    const user = userEvent.setup();
    openCase();
    act(() => useAppStore.getState().setAgent(agentAlice)); // signed in: the echo's author
    const box = await screen.findByRole('textbox', { name: '回复内容' });
    await user.type(box, '您好，已登记，回电 13812345678');
    await user.click(screen.getByRole('button', { name: '发送' }));

    const timeline = screen.getByRole('region', { name: '处理记录' });
    const echo = await within(timeline).findByRole('article', { name: '回复客户 · 李娜' });
    expect(await ws.db.outbox.count()).toBe(0);
    expect(echo).toHaveTextContent('待同步');
    // Masked like the cached entry will be: the agent's own text is personal data too.
    expect(echo).toHaveTextContent('138****5678');
    expect(echo).not.toHaveTextContent('13812345678');
    const eventId = echo.getAttribute('data-event-id');

    release();
    await expect.poll(() => cachedEvent(ws.db, eventId!)).toBeTruthy();
    await waitFor(() => expect(box).toHaveValue(''));
    const replies = within(timeline).getAllByRole('article', { name: '回复客户 · 李娜' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toHaveAttribute('data-event-id', eventId);
  });

  it('takes the echo back when the reply cannot be stored, keeping the text to send again', async () => {
    vi.spyOn(ws.api.privacy, 'sealText').mockRejectedValue(new Error('vault locked'));
    const user = userEvent.setup();
    openCase();
    act(() => useAppStore.getState().setAgent(agentAlice));
    const box = await screen.findByRole('textbox', { name: '回复内容' });
    await user.type(box, '已登记，回电 13812345678');
    await user.click(screen.getByRole('button', { name: '发送' }));

    expect(await screen.findByText(/回复未能保存/)).toBeInTheDocument();
    const timeline = screen.getByRole('region', { name: '处理记录' });
    expect(within(timeline).queryByRole('article', { name: '回复客户 · 李娜' })).not.toBeInTheDocument();
    expect(box).toHaveValue('已登记，回电 13812345678');
    expect(await ws.db.outbox.count()).toBe(0);
  });

  it('sends with Ctrl+Enter and syncs when the server answers', async () => {
    const user = userEvent.setup();
    openCase();
    const box = await screen.findByRole('textbox', { name: '回复内容' });
    await user.type(box, '已为您登记{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('article', { name: '回复客户 · 李娜' })).toBeInTheDocument();
    await expect.poll(() => ws.db.outbox.count()).toBe(0);
    expect(ws.api.server.pushes).toHaveLength(1);
  });

  it('does not offer a reply on a closed ticket', async () => {
    await ws.db.tickets.update(ticket.id, { status: 'closed' });
    openCase();
    expect(await screen.findByText('工单已解决或关闭，需先重新打开才能回复')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '回复内容' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '发送' })).toBeDisabled();
  });
});

describe('case SLA and timeline', () => {
  const MIN = 60_000;

  function seedConversation(overrides: Partial<Ticket> = {}) {
    const now = Date.now();
    const createdAt = now - 10 * MIN;
    const t = makeTicket({
      number: 'CD-000077',
      subject: '卫生巾包装破损',
      channel: 'chat',
      status: 'open',
      createdAt,
      firstResponseAt: createdAt + 20_000,
      firstResponseDueAt: createdAt + 30_000,
      resolutionDueAt: createdAt + 24 * 3_600_000,
      ...overrides,
    });
    const s = ws.api.server;
    s.put({ op: 'put', entity: 'ticket', value: t });
    s.put({ op: 'put', entity: 'event', value: makeMessage(t.id, { body: '包装破了', createdAt }) });
    s.put({
      op: 'put',
      entity: 'event',
      value: makeMessage(t.id, {
        direction: 'outbound',
        authorType: 'agent',
        authorId: agentAlice.id,
        body: '抱歉，请拍照给我们',
        createdAt: createdAt + 20_000,
      } as Partial<TicketEvent>),
    });
    return { t, now };
  }

  async function openTicket(id: string) {
    await ws.engine.pullNow();
    renderWithWorkspace(<CaseView />, ws);
    act(() => useAppStore.getState().selectTicket(id));
    return screen.findByRole('region', { name: 'SLA 时限' });
  }

  const clock = (panel: HTMLElement, name: string) => {
    const item = within(panel).getByRole('listitem', { name });
    return {
      state: item.querySelector('[data-sla-state]')?.getAttribute('data-sla-state'),
      text: item.textContent,
    };
  };

  it('shows first response, next response and resolution, each with its state', async () => {
    const { t, now } = seedConversation();
    ws.api.server.put({
      op: 'put',
      entity: 'event',
      value: makeMessage(t.id, { body: '照片发你了', createdAt: now - MIN }),
    });
    const panel = await openTicket(t.id);
    await waitFor(() => expect(clock(panel, '下次响应').state).toBe('due_soon'));
    expect(clock(panel, '首次响应')).toMatchObject({
      state: 'met',
      text: expect.stringContaining('首次响应已达标'),
    });
    expect(clock(panel, '下次响应').text).toContain('下次响应即将到期');
    expect(clock(panel, '解决')).toMatchObject({ state: 'ok', text: expect.stringContaining('解决') });
    // The header names the clock that matters next.
    const header = screen.getByRole('region', { name: '工单详情' });
    expect(within(header).getAllByText(/下次响应即将到期/).length).toBeGreaterThan(0);
  });

  it('says when no customer message awaits a reply', async () => {
    const { t } = seedConversation();
    const panel = await openTicket(t.id);
    await waitFor(() => expect(clock(panel, '下次响应').text).toBe('下次响应：无待回复消息'));
  });

  it('pauses every running clock while waiting on the customer', async () => {
    const { t, now } = seedConversation({ status: 'pending_customer' });
    ws.api.server.put({
      op: 'put',
      entity: 'event',
      value: {
        id: uid(),
        ticketId: t.id,
        kind: 'status_change',
        from: 'open',
        to: 'pending_customer',
        reason: '等客户拍照',
        authorType: 'agent',
        authorId: agentAlice.id,
        createdAt: now - 5 * MIN,
      },
    });
    const panel = await openTicket(t.id);
    await waitFor(() => expect(clock(panel, '解决').state).toBe('paused'));
    expect(clock(panel, '解决').text).toContain('解决已暂停，等待客户回复');
    expect(clock(panel, '首次响应').state).toBe('met');

    const timeline = screen.getByRole('region', { name: '处理记录' });
    const change = within(timeline).getByRole('article', { name: '状态变更：处理中 → 等待客户 · 李娜' });
    expect(change).toHaveTextContent('原因：等客户拍照');
  });

  it('shows the channel of messages, calls with duration and wrap-up, and marks notes internal', async () => {
    openCase();
    const timeline = await screen.findByRole('region', { name: '处理记录' });
    const message = within(timeline).getByRole('article', { name: '客户来信 · 客户' });
    expect(message).toHaveTextContent('在线客服');
    const note = within(timeline).getByRole('article', { name: '内部备注 · 李娜' });
    expect(note).toHaveTextContent('仅内部可见');
    expect(note).toHaveClass('cd-event-note');
    expect(message).not.toHaveTextContent('仅内部可见');
    const call = within(timeline).getByRole('article', { name: '外呼 · 李娜' });
    expect(call).toHaveTextContent('通话 1 分 35 秒 · 小结代码：FOLLOWUP');
    expect(call).toHaveTextContent('回访客户');
  });
});
