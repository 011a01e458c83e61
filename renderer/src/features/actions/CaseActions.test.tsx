import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import { agentAlice } from '../../../test/fixtures.ts';
import type { TestWorkspace } from '../../../test/renderWorkspace.tsx';
import {
  agentEvent,
  bob,
  disposeCase,
  openAction,
  openCase as openHarnessCase,
  seedCase,
  submit,
  timeline,
  type CaseHarness,
} from './caseActionsHarness.tsx';

let h: CaseHarness | undefined;
let ws: TestWorkspace;
let ticket: Ticket;
let order: Order;

async function seed(
  overrides: Partial<Ticket> = {},
  events: (seeded: { order: Order }) => TicketEvent[] = () => [],
) {
  h = await seedCase(overrides, events);
  ({ ws, ticket, order } = h);
}

afterEach(async () => {
  await disposeCase(h);
  h = undefined;
});

const openCase = () => openHarnessCase(h!);
const outbox = () => ws.db.outbox.toArray();

describe('refund', () => {
  it('shows total and refunded, refuses more than the remainder and sends yuan as fen', async () => {
    await seed({}, ({ order }) => [
      agentEvent({ kind: 'refund', orderId: order.id, amount: 10_000, reason: '部分退款' } as never),
    ]);
    ws.api.server.holdPushes = new Promise(() => undefined);
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '退款');
    expect(dialog).toHaveTextContent('订单金额 ¥129.00');
    expect(dialog).toHaveTextContent('已退 ¥100.00');
    expect(dialog).toHaveTextContent('可退 ¥29.00');

    await user.type(within(dialog).getByLabelText('退款金额（元）'), '30');
    await user.type(within(dialog).getByLabelText('原因'), '破损');
    await submit(user, dialog);
    expect(await within(dialog).findByText('超过可退金额 ¥29.00')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);

    const amount = within(dialog).getByLabelText('退款金额（元）');
    await user.clear(amount);
    await user.type(amount, '12.345');
    await submit(user, dialog);
    expect(await within(dialog).findByText('金额最多保留两位小数')).toBeInTheDocument();

    await user.clear(amount);
    await user.type(amount, '29');
    await submit(user, dialog);
    await expect.poll(async () => (await outbox()).length).toBe(1);
    expect((await outbox())[0]).toMatchObject({
      name: 'issueRefund',
      args: { orderId: order.id, amount: 2_900, reason: '破损' },
    });
    expect(await within(timeline()).findByRole('article', { name: '退款 ¥29.00 · 李娜' })).toHaveTextContent(
      'SO20251125777',
    );
  });

  it('refuses a refund without a reason', async () => {
    await seed();
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '退款');
    await user.type(within(dialog).getByLabelText('退款金额（元）'), '10');
    await submit(user, dialog);
    expect(await within(dialog).findByText('请填写原因')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
  });
});

describe('returns and logistics', () => {
  it('refuses a malformed tracking number, then opens the return under the RMA it showed', async () => {
    await seed();
    ws.api.server.holdPushes = new Promise(() => undefined);
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '退货/换货');
    const rma = within(dialog).getByTestId('rma-number').textContent ?? '';
    expect(rma).toMatch(/^RMA-\d{6}-[0-9A-Z]{6}$/);
    await user.click(within(dialog).getByRole('radio', { name: '换货' }));
    await user.type(within(dialog).getByLabelText('原因'), '尺码偏小');
    await user.type(within(dialog).getByLabelText('承运商'), '顺丰速运');
    await user.type(within(dialog).getByLabelText('运单号'), 'SF 123');
    await submit(user, dialog);
    expect(await within(dialog).findByText('运单号为 6–32 位字母、数字或短横线')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);

    const tracking = within(dialog).getByLabelText('运单号');
    await user.clear(tracking);
    await user.type(tracking, 'SF1234567890');
    await submit(user, dialog);
    await expect.poll(async () => (await outbox()).length).toBe(1);
    expect((await outbox())[0]).toMatchObject({
      name: 'createReturn',
      args: {
        rmaNo: rma,
        returnKind: 'exchange',
        orderId: order.id,
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
      },
    });
    const card = await screen.findByRole('article', { name: `换货 ${rma}` });
    expect(card).toHaveTextContent('顺丰速运 SF1234567890');
    expect(within(card).getByRole('group', { name: `${rma} 的物流进度` })).toHaveTextContent('换货已发出');
  });

  it('logs a logistics step of the ticket’s RMA and moves its steps on', async () => {
    const rmaNo = 'RMA-251125-AB12CD';
    await seed({}, ({ order }) => [
      agentEvent({
        kind: 'return_request',
        rmaNo,
        returnKind: 'return',
        orderId: order.id,
        reason: '过敏退货',
        carrier: null,
        trackingNo: null,
      } as never),
    ]);
    const user = userEvent.setup();
    await openCase();
    const card = await screen.findByRole('article', { name: `退货退款 ${rmaNo}` });
    expect(card).toHaveAttribute('data-logistics-status', 'none');
    expect(card).toHaveTextContent('暂无运单号');

    const dialog = await openAction(user, '更新退换货物流');
    await user.click(within(dialog).getByRole('combobox', { name: '物流状态' }));
    await user.click(await screen.findByTitle('仓库已签收'));
    await user.type(within(dialog).getByLabelText('承运商'), '中通');
    await user.type(within(dialog).getByLabelText('运单号'), 'ZT-998877');
    await submit(user, dialog);
    await expect.poll(() => card.getAttribute('data-logistics-status')).toBe('received');
    expect(card).toHaveTextContent('中通 ZT-998877');
    expect(
      within(timeline()).getByRole('article', { name: `物流更新 ${rmaNo}：仓库已签收 · 李娜` }),
    ).toBeInTheDocument();
  });
});

describe('ownership', () => {
  it('shows who owns a colleague’s ticket, keeps the composer read-only, and takes it over with a reason', async () => {
    await seed({ assigneeId: bob.id });
    const user = userEvent.setup();
    const region = await openCase();
    expect(await within(region).findByText('由张伟负责')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '回复内容' })).toBeDisabled();

    await user.click(within(region).getByRole('button', { name: '售后操作' }));
    const refund = await screen.findByRole('menuitem', { name: '退款' });
    expect(refund).toHaveAttribute('aria-disabled', 'true');
    expect(refund).toHaveAttribute('aria-description', '工单由张伟负责，接管后才能操作');
    expect(screen.getByRole('menuitem', { name: '记录通话' })).not.toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Escape}');

    await user.click(within(region).getByRole('button', { name: '接管' }));
    const dialog = await screen.findByRole('dialog', { name: '接管工单' });
    await submit(user, dialog, '接管');
    expect(await within(dialog).findByText('请填写原因')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('接管原因'), '张伟今天请假');
    await submit(user, dialog, '接管');

    expect(await within(region).findByText('由我负责')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '回复内容' })).toBeEnabled();
    const entry = await within(timeline()).findByRole('article', { name: '接管工单 · 李娜' });
    expect(entry).toHaveTextContent('从张伟接管');
    expect(entry).toHaveTextContent('原因：张伟今天请假');
    await expect.poll(() => ws.api.server.get<Ticket>(`ticket:${ticket.id}`)?.assigneeId).toBe(agentAlice.id);
  });
});

describe('health risk, escalation and classification', () => {
  it('prompts for medical advice on a health-risk ticket and tags it', async () => {
    await seed({ priority: 'urgent', priorityReasons: ['health_risk'] });
    const user = userEvent.setup();
    const region = await openCase();
    expect(within(region).getByText('此工单可能涉及健康问题')).toBeInTheDocument();
    await user.click(within(region).getByRole('button', { name: '给出就医建议' }));
    const dialog = await screen.findByRole('dialog', { name: '就医建议' });
    expect(within(dialog).getByLabelText('就医建议')).toHaveValue(
      '请先停止使用该产品；如红肿、瘙痒或不适持续，请及时到正规医院就诊，并保留产品和购买凭证。',
    );
    await submit(user, dialog);
    expect(await within(timeline()).findByRole('article', { name: '就医建议 · 李娜' })).toBeInTheDocument();
    expect((await ws.db.tickets.get(ticket.id))?.tags).toContain('medical_referral');
    expect(within(region).queryByText('此工单可能涉及健康问题')).not.toBeInTheDocument();
  });

  it('needs a reason to escalate, then makes the ticket a high-priority complaint', async () => {
    await seed();
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '升级投诉专员');
    await user.type(within(dialog).getByLabelText('原因'), '   ');
    await submit(user, dialog);
    expect(await within(dialog).findByText('请填写原因')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('原因'), '客户要求主管处理');
    await submit(user, dialog);
    expect(
      await within(timeline()).findByRole('article', { name: '升级至投诉专员 · 李娜' }),
    ).toHaveTextContent('原因：客户要求主管处理');
    expect(await ws.db.tickets.get(ticket.id)).toMatchObject({ category: 'complaint', priority: 'high' });
  });

  it('offers only the moves the state machine allows', async () => {
    await seed({ status: 'resolved' });
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '变更状态');
    await user.click(within(dialog).getByRole('combobox', { name: '新状态' }));
    expect(await screen.findByRole('option', { name: '已关闭' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: '重新打开' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: '处理中' })).not.toBeInTheDocument();
    expect(screen.getAllByRole('option')).toHaveLength(2);
  });
});

describe('callbacks, calls and surveys', () => {
  it('refuses a callback in the past, schedules one and lists it as open', async () => {
    await seed();
    const user = userEvent.setup();
    await openCase();
    let dialog = await openAction(user, '回访');
    expect(dialog).toHaveTextContent('没有待回访');
    fireEvent.change(within(dialog).getByLabelText('回访时间'), { target: { value: '2020-01-01T10:00' } });
    await submit(user, dialog);
    expect(await within(dialog).findByText('回访时间不能早于现在')).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('回访时间'), { target: { value: '2099-01-02T10:30' } });
    await submit(user, dialog);
    await expect
      .poll(async () => (await ws.db.tickets.get(ticket.id))?.nextCallback?.dueAt)
      .toBe(new Date('2099-01-02T10:30').getTime());
    expect(
      await within(timeline()).findByRole('article', { name: /^安排回访：.* · 李娜$/ }),
    ).toBeInTheDocument();

    dialog = await openAction(user, '回访');
    expect(within(dialog).getByRole('region', { name: '待回访' })).toHaveTextContent('回访');
    // The only open callback is preselected.
    await user.click(within(dialog).getByRole('radio', { name: '标记完成' }));
    await submit(user, dialog);
    await expect.poll(async () => (await ws.db.tickets.get(ticket.id))?.nextCallback).toBeNull();
    expect(await within(timeline()).findByRole('article', { name: '回访完成 · 李娜' })).toBeInTheDocument();
  });

  it('logs a call from mm:ss and puts the agent into after-call work', async () => {
    await seed();
    ws.api.server.holdPushes = new Promise(() => undefined);
    await ws.db.agents.update(agentAlice.id, { state: 'available', stateSince: 0 });
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '记录通话');
    await user.type(within(dialog).getByLabelText('通话时长（分:秒）'), '3:75');
    await submit(user, dialog);
    expect(await within(dialog).findByText('请按 分:秒 填写，例如 3:05')).toBeInTheDocument();
    const duration = within(dialog).getByLabelText('通话时长（分:秒）');
    await user.clear(duration);
    await user.type(duration, '3:05');
    await user.type(within(dialog).getByLabelText('小结代码'), 'RETURN');
    await submit(user, dialog);
    await expect.poll(async () => (await outbox()).map((m) => m.name)).toEqual(['logCall', 'setAgentState']);
    const [call, state] = await outbox();
    expect(call?.args).toMatchObject({ direction: 'outbound', durationSec: 185, wrapUpCode: 'RETURN' });
    expect(state?.args).toEqual({ state: 'after_call_work' });
    expect((await ws.db.agents.get(agentAlice.id))?.state).toBe('after_call_work');
  });

  it('offers the survey only once the ticket is resolved', async () => {
    await seed({ status: 'resolved' });
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '发送满意度调查');
    await submit(user, dialog);
    expect(
      await within(timeline()).findByRole('article', { name: '已发送满意度调查 · 李娜' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '售后操作' }));
    const again = await screen.findByRole('menuitem', { name: '发送满意度调查' });
    expect(again).toHaveAttribute('aria-disabled', 'true');
    expect(again).toHaveAttribute('aria-description', '工单解决后才能发送，且只能发送一次');
  });

  it('grants a coupon typed in yuan as fen', async () => {
    await seed();
    ws.api.server.holdPushes = new Promise(() => undefined);
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '补偿');
    await user.type(within(dialog).getByLabelText('优惠券面额（元）'), '0');
    await user.type(within(dialog).getByLabelText('原因'), '物流延误');
    await submit(user, dialog);
    expect(await within(dialog).findByText('金额必须大于 0')).toBeInTheDocument();
    const amount = within(dialog).getByLabelText('优惠券面额（元）');
    await user.clear(amount);
    await user.type(amount, '20.5');
    await submit(user, dialog);
    await expect.poll(async () => (await outbox())[0]?.args).toMatchObject({ form: 'coupon', amount: 2_050 });
    expect(
      await within(timeline()).findByRole('article', { name: '补偿优惠券 ¥20.50 · 李娜' }),
    ).toBeInTheDocument();
  });
});

describe('refusals', () => {
  it('shows the engine’s reason when the ticket changed hands while the form was open', async () => {
    await seed();
    const user = userEvent.setup();
    await openCase();
    const dialog = await openAction(user, '反馈给产品团队');
    await user.type(within(dialog).getByLabelText('问题摘要'), '同批次多起过敏反馈');
    await ws.db.tickets.update(ticket.id, { assigneeId: bob.id });
    await submit(user, dialog);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '反馈给产品团队未能保存：工单由张伟负责，请先接管',
    );
    expect(await outbox()).toHaveLength(0);
  });

  it('lists a change the server refused with its reason', async () => {
    await seed();
    ws.api.server.rejectIf = (m) => (m.name === 'classifyTicket' ? 'ticket_closed' : null);
    const user = userEvent.setup();
    const region = await openCase();
    const dialog = await openAction(user, '分类与根因');
    await user.click(within(dialog).getByRole('combobox', { name: '根因' }));
    await user.click(await screen.findByTitle('质量问题'));
    await submit(user, dialog);
    await ws.engine.pushNow();
    // The mutation may still be on its way into the outbox (mutate seals free text first): its own
    // background push brings the refusal then.
    expect(
      await within(region).findByText('分类与根因：工单已关闭', {}, { timeout: 5_000 }),
    ).toBeInTheDocument();
    // The optimistic change rolled back.
    expect((await ws.db.tickets.get(ticket.id))?.rootCause).toBeNull();
  });
});
