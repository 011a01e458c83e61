import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
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
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { CaseView } from './CaseView.tsx';

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
  ws.engine.stop();
  await ws.db.delete();
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
    expect(reply).toHaveAttribute('data-event-id', outbox[0]!.args.eventId);
    // The status follows the reply (new → open) before the server has seen it.
    expect(screen.getByRole('region', { name: '工单详情' })).toHaveTextContent('处理中');
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
