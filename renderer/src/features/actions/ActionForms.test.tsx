import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import {
  agentEvent,
  disposeCase,
  openAction,
  openCase,
  seedCase,
  submit,
  timeline,
  type CaseHarness,
} from './caseActionsHarness.tsx';

let h: CaseHarness | undefined;

afterEach(async () => {
  await disposeCase(h);
  h = undefined;
});

const outbox = () => h!.ws.db.outbox.toArray();

describe('action forms: valid and invalid input', () => {
  it('repair: needs a description, then sends the order and product chosen', async () => {
    h = await seedCase();
    const user = userEvent.setup();
    await openCase(h);
    const dialog = await openAction(user, '申请维修');
    await submit(user, dialog);
    expect(await within(dialog).findByText('请描述问题')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    await user.click(within(dialog).getByRole('combobox', { name: '商品' }));
    await user.click(await screen.findByTitle('保湿面霜（SKU-CREAM）'));
    await user.type(within(dialog).getByLabelText('问题描述'), '泵头按不下去');
    await submit(user, dialog);
    await expect
      .poll(async () => (await outbox())[0]?.args)
      .toMatchObject({
        orderId: h.order.id,
        sku: 'SKU-CREAM',
        description: '泵头按不下去',
      });
    expect(await within(timeline()).findByRole('article', { name: '申请维修 · 李娜' })).toHaveTextContent(
      '商品：SKU-CREAM',
    );
  });

  it('forward to product: needs a summary, then sends product and severity', async () => {
    h = await seedCase();
    const user = userEvent.setup();
    await openCase(h);
    const dialog = await openAction(user, '反馈给产品团队');
    await user.click(within(dialog).getByRole('radio', { name: '高' }));
    await submit(user, dialog);
    expect(await within(dialog).findByText('请填写摘要')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
    await user.click(within(dialog).getByRole('combobox', { name: '商品' }));
    await user.click(await screen.findByTitle('保湿面霜（SKU-CREAM）'));
    await user.type(within(dialog).getByLabelText('问题摘要'), '同批次三起过敏');
    await submit(user, dialog);
    await expect
      .poll(async () => (await outbox())[0]?.args)
      .toMatchObject({
        sku: 'SKU-CREAM',
        summary: '同批次三起过敏',
        severity: 'high',
      });
    expect(
      await within(timeline()).findByRole('article', { name: '反馈产品团队（高） · 李娜' }),
    ).toBeInTheDocument();
  });

  it('logistics: needs a status; the menu entry waits for a return on the ticket', async () => {
    h = await seedCase();
    const user = userEvent.setup();
    await openCase(h);
    await user.click(await screen.findByRole('button', { name: '售后操作' }));
    expect(await screen.findByRole('menuitem', { name: '更新退换货物流' })).toHaveAttribute(
      'aria-description',
      '此工单还没有退换货单',
    );
    await disposeCase(h);

    h = await seedCase({}, ({ order }) => [
      agentEvent({
        kind: 'return_request',
        rmaNo: 'RMA-251125-ZZ99AA',
        returnKind: 'exchange',
        orderId: order.id,
        reason: '尺码',
        carrier: null,
        trackingNo: null,
      } as never),
    ]);
    cleanup();
    await openCase(h);
    const dialog = await openAction(user, '更新退换货物流');
    expect(within(dialog).getByRole('combobox', { name: '退换货单' })).toBeInTheDocument();
    await submit(user, dialog);
    expect(await within(dialog).findByText('请选择状态')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
  });

  it('medical advice: refuses empty advice', async () => {
    h = await seedCase();
    const user = userEvent.setup();
    await openCase(h);
    const dialog = await openAction(user, '就医建议');
    await user.clear(within(dialog).getByLabelText('就医建议'));
    await submit(user, dialog);
    expect(await within(dialog).findByText('请填写建议内容')).toBeInTheDocument();
    expect(await outbox()).toHaveLength(0);
  });

  it('classification and status: the header follows the new category and status', async () => {
    h = await seedCase();
    const user = userEvent.setup();
    await openCase(h);
    let dialog = await openAction(user, '分类与根因');
    await user.click(within(dialog).getByRole('combobox', { name: '类别' }));
    await user.click(await screen.findByTitle('售后服务'));
    await submit(user, dialog);
    expect(
      await within(timeline()).findByRole('article', { name: '分类：售后服务 · 李娜' }),
    ).toHaveTextContent('根因：未确定');

    dialog = await openAction(user, '变更状态');
    await submit(user, dialog);
    expect(await within(dialog).findByText('请选择状态')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('combobox', { name: '新状态' }));
    await user.click(await screen.findByTitle('已解决'));
    await user.type(within(dialog).getByLabelText('原因'), '已退款');
    await submit(user, dialog);
    const header = screen.getByRole('region', { name: '工单详情' });
    await expect.poll(async () => (await h!.ws.db.tickets.get(h!.ticket.id))?.status).toBe('resolved');
    expect(header).toHaveTextContent('售后服务');
    expect(
      await within(timeline()).findByRole('article', { name: '状态变更：处理中 → 已解决 · 李娜' }),
    ).toHaveTextContent('原因：已退款');
  });

  it('a closed ticket offers no action', async () => {
    h = await seedCase({ status: 'closed' } satisfies Partial<Ticket>);
    const user = userEvent.setup();
    await openCase(h);
    await user.click(await screen.findByRole('button', { name: '售后操作' }));
    const items = await screen.findAllByRole('menuitem');
    for (const item of items) expect(item).toHaveAttribute('aria-disabled', 'true');
  });
});
