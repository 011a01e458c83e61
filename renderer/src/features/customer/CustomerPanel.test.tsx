import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentAlice, makeCustomer, makeOrder, makeTicket, T0 } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { RevealableField } from '../privacy/index.ts';
import { CustomerPanel, type RevealSlot } from './CustomerPanel.tsx';

let ws: TestWorkspace;
const DAY = 86_400_000;

beforeEach(() => {
  ws = createTestWorkspace();
});
afterEach(async () => {
  await closeTestWorkspace(ws);
});

async function seed() {
  const customer = makeCustomer({
    loyaltyTier: 'vip',
    flags: ['allergy_history', 'night_calls_only'],
    pii: {
      ...makeCustomer().pii,
      email: { masked: 'w***@example.com', sealed: 'env:email' },
      address: { masked: '浙江省杭州市****', sealed: 'env:address' },
    },
  });
  const stranger = makeCustomer();
  const older = makeOrder(customer.id, {
    orderNo: 'SO-OLD',
    status: 'delivered',
    placedAt: T0 - 30 * DAY,
    items: [{ sku: 'A1', name: '卫生巾日用 10 片', qty: 3, unitPrice: 1_990 }],
    total: 5_970,
  });
  const newer = makeOrder(customer.id, {
    orderNo: 'SO-NEW',
    status: 'shipped',
    placedAt: T0 - DAY,
    items: [
      { sku: 'B1', name: '保湿面霜', qty: 1, unitPrice: 12_900 },
      { sku: 'B2', name: '洁面乳', qty: 2, unitPrice: 5_900 },
    ],
    total: 24_700,
  });
  const current = makeTicket({ number: 'CD-300003', subject: '面霜过敏', customerId: customer.id });
  const earlier = makeTicket({
    number: 'CD-300001',
    subject: '卫生巾漏发',
    status: 'closed',
    customerId: customer.id,
    createdAt: T0 - 20 * DAY,
  });
  const recent = makeTicket({
    number: 'CD-300002',
    subject: '面霜何时发货',
    status: 'resolved',
    customerId: customer.id,
    createdAt: T0 - 2 * DAY,
  });
  const someoneElse = makeTicket({ number: 'CD-399999', subject: '别人的工单', customerId: stranger.id });
  const s = ws.api.server;
  for (const value of [customer, stranger]) s.put({ op: 'put', entity: 'customer', value });
  for (const value of [older, newer, makeOrder(stranger.id, { orderNo: 'SO-STRANGER' })])
    s.put({ op: 'put', entity: 'order', value });
  for (const value of [current, earlier, recent, someoneElse]) s.put({ op: 'put', entity: 'ticket', value });
  await ws.engine.pullNow();
  return { customer, current, earlier, recent };
}

describe('customer 360', () => {
  it('asks for a ticket when none is open', async () => {
    renderWithWorkspace(<CustomerPanel />, ws);
    expect(await screen.findByText('选择工单后显示客户信息')).toBeInTheDocument();
  });

  it('shows the masked identity, tier, flags, orders with items and the other tickets', async () => {
    const { current } = await seed();
    renderWithWorkspace(<CustomerPanel />, ws);
    act(() => useAppStore.getState().selectTicket(current.id));
    const panel = screen.getByRole('complementary', { name: '客户 360' });

    expect(await within(panel).findByText('王**')).toBeInTheDocument();
    expect(panel).toHaveTextContent('138****5678');
    expect(panel).toHaveTextContent('w***@example.com');
    expect(panel).toHaveTextContent('浙江省杭州市****');
    expect(panel).not.toHaveTextContent('env:');
    expect(panel).toHaveTextContent('VIP 会员');
    const flags = within(panel).getByRole('list', { name: '敏感标记' });
    expect(
      within(flags)
        .getAllByRole('listitem')
        .map((f) => f.textContent),
    ).toEqual(['有过敏史', 'night_calls_only']);

    const orders = within(panel).getAllByRole('listitem', { name: /^订单 SO-/ });
    expect(orders.map((o) => o.getAttribute('aria-label'))).toEqual(['订单 SO-NEW', '订单 SO-OLD']);
    expect(orders[0]).toHaveTextContent('已发货');
    expect(orders[0]).toHaveTextContent('合计 ¥247.00');
    const items = within(orders[0]!).getByRole('list', { name: '订单 SO-NEW 的商品' });
    expect(
      within(items)
        .getAllByRole('listitem')
        .map((i) => i.textContent),
    ).toEqual(['保湿面霜 × 1（单价 ¥129.00）', '洁面乳 × 2（单价 ¥59.00）']);
    expect(orders[1]).toHaveTextContent('已签收');
    expect(panel).not.toHaveTextContent('SO-STRANGER');

    const tickets = within(panel)
      .getAllByRole('button', { name: /^打开工单/ })
      .map((b) => b.getAttribute('aria-label'));
    expect(tickets).toEqual(['打开工单 CD-300002 面霜何时发货', '打开工单 CD-300001 卫生巾漏发']);
  });

  it('opens a previous ticket on click', async () => {
    const { current, earlier } = await seed();
    const user = userEvent.setup();
    renderWithWorkspace(<CustomerPanel />, ws);
    act(() => useAppStore.getState().selectTicket(current.id));
    await user.click(await screen.findByRole('button', { name: '打开工单 CD-300001 卫生巾漏发' }));
    expect(useAppStore.getState().selectedTicketId).toBe(earlier.id);
    // The panel follows: now the current ticket is among the "other" ones.
    expect(await screen.findByRole('button', { name: '打开工单 CD-300003 面霜过敏' })).toBeInTheDocument();
  });

  it('renders the privacy reveal slot in place of each masked value', async () => {
    const { current, customer } = await seed();
    renderWithWorkspace(
      <CustomerPanel
        renderReveal={({ customerId, field, sealedValue }) => (
          <button type="button">{`reveal ${field} of ${customerId === customer.id ? 'customer' : '?'}: ${sealedValue.masked}`}</button>
        )}
      />,
      ws,
    );
    act(() => useAppStore.getState().selectTicket(current.id));
    expect(await screen.findByRole('button', { name: 'reveal name of customer: 王**' })).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'reveal address of customer: 浙江省杭州市****' }),
    ).toBeInTheDocument();
  });

  it('reveals the phone for a reason and queues its audit as a revealAudit mutation', async () => {
    const { current, customer } = await seed();
    const user = userEvent.setup();
    let release!: () => void;
    ws.api.server.holdPushes = new Promise<void>((resolve) => (release = resolve));
    const renderReveal: RevealSlot = (props) => <RevealableField {...props} />;
    renderWithWorkspace(<CustomerPanel renderReveal={renderReveal} />, ws);
    act(() => {
      useAppStore.getState().setAgent(agentAlice);
      useAppStore.getState().selectTicket(current.id);
    });

    await user.click(await screen.findByRole('button', { name: '显示完整手机号' }));
    const dialog = await screen.findByRole('dialog', { name: '查看完整手机号' });
    await user.click(within(dialog).getByRole('radio', { name: '回拨客户' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));

    const shown = await screen.findByRole('group', { name: '完整手机号' });
    expect(shown).toHaveTextContent('revealed:phone');
    expect(ws.api.calls).toContain('privacy.reveal');
    const outbox = await ws.db.outbox.toArray();
    expect(outbox).toEqual([
      expect.objectContaining({
        name: 'revealAudit',
        state: 'pending',
        args: expect.objectContaining({
          agentId: agentAlice.id,
          customerId: customer.id,
          field: 'phone',
          reason: 'callback',
        }),
      }),
    ]);
    // Nothing changes in the cache; the server records the audit once the push goes through.
    release();
    await waitFor(() => expect(ws.api.server.audits.size).toBe(1));
  });

  it('folds away and back', async () => {
    const { current } = await seed();
    const user = userEvent.setup();
    renderWithWorkspace(<CustomerPanel />, ws);
    act(() => useAppStore.getState().selectTicket(current.id));
    expect(await screen.findByText('王**')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '收起客户面板' }));
    expect(screen.queryByText('王**')).not.toBeInTheDocument();
    const expand = screen.getByRole('button', { name: '展开客户面板' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await user.click(expand);
    expect(await screen.findByText('王**')).toBeInTheDocument();
  });
});
