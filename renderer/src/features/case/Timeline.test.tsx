import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketEvent } from '@shared/domain/index.ts';
import { agentAlice, makeCustomer, makeOrder, makeTicket, T0, uid } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { CaseView } from './CaseView.tsx';
import { TIMELINE_PAGE } from './Timeline.tsx';

const bob = { id: uid(), displayName: '张伟', role: 'agent' as const, teamId: agentAlice.teamId };
let ws: TestWorkspace;

beforeEach(() => {
  ws = createTestWorkspace();
});

afterEach(async () => {
  await closeTestWorkspace(ws);
});

describe('timeline of after-sales actions', () => {
  it('renders every event kind with its author, figures and attachments', async () => {
    const s = ws.api.server;
    const customer = makeCustomer();
    const order = makeOrder(customer.id, { orderNo: 'SO20251125999' });
    const ticket = makeTicket({ customerId: customer.id, orderId: order.id, status: 'resolved' });
    for (const a of [agentAlice, bob])
      s.put({
        op: 'put',
        entity: 'agent',
        value: { id: a.id, displayName: a.displayName, role: 'agent', teamId: a.teamId },
      });
    s.put({ op: 'put', entity: 'customer', value: customer });
    s.put({ op: 'put', entity: 'order', value: order });
    s.put({ op: 'put', entity: 'ticket', value: ticket });
    const rmaNo = 'RMA-251125-K7Q2ZX';
    const callbackId = uid();
    const bodies: Array<Partial<TicketEvent>> = [
      {
        kind: 'message',
        direction: 'inbound',
        channel: 'chat',
        body: '用后红肿',
        authorType: 'customer',
        authorId: null,
        attachments: [{ name: '红肿照片.jpg', sizeBytes: 2_048 }],
      },
      { kind: 'note', body: '附上质检单', attachments: [{ name: '质检单.pdf', sizeBytes: 3 * 1024 * 1024 }] },
      { kind: 'classification', category: 'after_sales', rootCause: 'quality' },
      { kind: 'take_over', fromAgentId: bob.id, reason: '张伟休假' },
      { kind: 'refund', orderId: order.id, amount: 5_000, reason: '部分退款' },
      {
        kind: 'return_request',
        rmaNo,
        returnKind: 'return',
        orderId: order.id,
        reason: '过敏',
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
      },
      {
        kind: 'logistics_update',
        rmaNo,
        status: 'in_transit',
        carrier: null,
        trackingNo: null,
        note: '客户已寄出',
      },
      { kind: 'repair', orderId: null, sku: 'SKU-1', description: '泵头损坏' },
      { kind: 'compensation', form: 'points', amount: 500, reason: '致歉' },
      { kind: 'medical_referral', advice: '请停用并就医' },
      { kind: 'escalation', reason: '客户要求主管' },
      { kind: 'callback', callbackId, action: 'scheduled', dueAt: T0 + 3_600_000, note: '' },
      { kind: 'callback', callbackId, action: 'done', dueAt: null, note: '已回访' },
      { kind: 'survey_request' },
      { kind: 'survey_result', score: 4, comment: '处理及时', authorType: 'customer', authorId: null },
      { kind: 'product_feedback', sku: 'SKU-1', summary: '同批次过敏', severity: 'high' },
    ];
    bodies.forEach((body, i) =>
      s.put({
        op: 'put',
        entity: 'event',
        value: {
          id: uid(),
          ticketId: ticket.id,
          authorType: 'agent',
          authorId: agentAlice.id,
          createdAt: T0 + i * 1_000,
          ...body,
        } as TicketEvent,
      }),
    );
    await ws.engine.pullNow();
    renderWithWorkspace(<CaseView />, ws);
    act(() => useAppStore.getState().selectTicket(ticket.id));
    const timeline = await screen.findByRole('region', { name: '处理记录' });
    // More kinds than one page: bring the earlier ones in.
    await userEvent.click(within(timeline).getByRole('button', { name: /显示更早/ }));
    const items = within(timeline).getAllByRole('article');
    expect(items.map((i) => i.getAttribute('aria-label'))).toEqual([
      '客户来信 · 客户',
      '内部备注 · 李娜',
      '分类：售后服务 · 李娜',
      '接管工单 · 李娜',
      '退款 ¥50.00 · 李娜',
      `退货退款申请 ${rmaNo} · 李娜`,
      `物流更新 ${rmaNo}：运输中 · 李娜`,
      '申请维修 · 李娜',
      '补偿积分 500 · 李娜',
      '就医建议 · 李娜',
      '升级至投诉专员 · 李娜',
      expect.stringMatching(/^安排回访：.+ · 李娜$/),
      '回访完成 · 李娜',
      '已发送满意度调查 · 李娜',
      '满意度评价：4 分 · 客户',
      '反馈产品团队（高） · 李娜',
    ]);
    const [message, note, classification, takeOver, refund, ret, logistics, repair] = items;
    expect(within(message!).getByRole('list', { name: '附件' })).toHaveTextContent('红肿照片.jpg');
    expect(within(note!).getByRole('list', { name: '附件' })).toHaveTextContent('质检单.pdf');
    expect(classification).toHaveTextContent('根因：质量问题');
    expect(takeOver).toHaveTextContent('从张伟接管');
    expect(refund).toHaveTextContent('订单 SO20251125999');
    expect(ret).toHaveTextContent('顺丰速运 SF1234567890');
    expect(logistics).toHaveTextContent('客户已寄出');
    expect(repair).toHaveTextContent('商品：SKU-1');
    expect(items[14]).toHaveTextContent('处理及时');
    for (const item of items) expect(item.querySelector('time')).not.toBeNull();
  });

  it('opens a long case on its newest entries and shows earlier ones a page at a time', async () => {
    const s = ws.api.server;
    const customer = makeCustomer();
    const ticket = makeTicket({ customerId: customer.id });
    s.put({ op: 'put', entity: 'customer', value: customer });
    s.put({ op: 'put', entity: 'ticket', value: ticket });
    for (let i = 0; i < TIMELINE_PAGE * 2 + 10; i++)
      s.put({
        op: 'put',
        entity: 'event',
        value: {
          id: uid(),
          ticketId: ticket.id,
          kind: 'note',
          body: `备注 ${i}`,
          authorType: 'agent',
          authorId: agentAlice.id,
          createdAt: T0 + i * 1_000,
        },
      });
    await ws.engine.pullNow();
    renderWithWorkspace(<CaseView />, ws);
    act(() => useAppStore.getState().selectTicket(ticket.id));
    const timeline = await screen.findByRole('region', { name: '处理记录' });
    const notes = () => within(timeline).getAllByRole('article');
    expect(notes()).toHaveLength(TIMELINE_PAGE);
    expect(notes().at(-1)).toHaveTextContent(`备注 ${TIMELINE_PAGE * 2 + 9}`);

    await userEvent.click(
      within(timeline).getByRole('button', {
        name: `显示更早的 ${TIMELINE_PAGE} 条记录（共 ${TIMELINE_PAGE + 10} 条未显示）`,
      }),
    );
    expect(notes()).toHaveLength(TIMELINE_PAGE * 2);
    await userEvent.click(
      within(timeline).getByRole('button', { name: '显示更早的 10 条记录（共 10 条未显示）' }),
    );
    expect(notes()).toHaveLength(TIMELINE_PAGE * 2 + 10);
    expect(notes()[0]).toHaveTextContent('备注 0');
    expect(within(timeline).queryByRole('button', { name: /显示更早/ })).not.toBeInTheDocument();
  });
});
