import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { agentAlice, makeCustomer, makeOrder, makeTicket, T0 } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import { useAppStore } from '../../store/index.ts';
import { CustomerPanel } from '../customer/CustomerPanel.tsx';
import { IncomingCallButton } from './IncomingCallButton.tsx';

/** Blind indexes the fake main process hands out, by the digits of the number. */
const INDEX = { '13800001111': 'A'.repeat(43), '13900002222': 'B'.repeat(43) } as Record<string, string>;
const HOUR = 3_600_000;

let ws: TestWorkspace;
let phoneIndex: MockInstance<TestWorkspace['api']['privacy']['phoneIndex']>;

beforeEach(async () => {
  ws = createTestWorkspace();
  phoneIndex = vi.spyOn(ws.api.privacy, 'phoneIndex').mockImplementation(async ({ phone }) => ({
    phoneIndex: INDEX[phone.replace(/\D/g, '').replace(/^86/, '')] ?? null,
  }));
});
afterEach(async () => {
  await closeTestWorkspace(ws);
});

async function seed() {
  const caller = makeCustomer({ phoneIndex: INDEX['13800001111'] });
  const order = makeOrder(caller.id, { orderNo: 'SO-CALLER', placedAt: T0 - HOUR });
  const tickets = {
    // Newer but resolved: an active ticket wins over it.
    resolved: makeTicket({
      number: 'CD-500003',
      subject: '发票已开',
      status: 'resolved',
      customerId: caller.id,
      createdAt: T0,
      updatedAt: T0 + 3 * HOUR,
    }),
    activeOld: makeTicket({
      number: 'CD-500001',
      subject: '面霜过敏',
      status: 'open',
      customerId: caller.id,
      orderId: order.id,
      createdAt: T0 - 5 * HOUR,
      updatedAt: T0 - HOUR,
    }),
    activeRecent: makeTicket({
      number: 'CD-500002',
      subject: '退货进度',
      status: 'pending_customer',
      customerId: caller.id,
      orderId: order.id,
      createdAt: T0 - 6 * HOUR,
      updatedAt: T0 + HOUR,
    }),
  };
  // A second customer with the other number and only closed tickets.
  const past = makeCustomer({ phoneIndex: INDEX['13900002222'] });
  const closedOld = makeTicket({
    number: 'CD-400001',
    status: 'closed',
    customerId: past.id,
    createdAt: T0 - 9 * HOUR,
  });
  const closedNew = makeTicket({
    number: 'CD-400002',
    status: 'closed',
    customerId: past.id,
    createdAt: T0 - 2 * HOUR,
  });
  const s = ws.api.server;
  for (const c of [caller, past]) s.put({ op: 'put', entity: 'customer', value: c });
  s.put({ op: 'put', entity: 'order', value: order });
  for (const t of [...Object.values(tickets), closedOld, closedNew])
    s.put({ op: 'put', entity: 'ticket', value: t });
  await ws.engine.pullNow();
  return { ...tickets, closedNew };
}

function renderHeaderAndPanel() {
  renderWithWorkspace(
    <>
      <IncomingCallButton />
      <CustomerPanel />
    </>,
    ws,
  );
  act(() => useAppStore.getState().setAgent(agentAlice));
}

async function call(user: ReturnType<typeof userEvent.setup>, number: string) {
  await user.click(screen.getByRole('button', { name: '来电' }));
  const box = await screen.findByRole('textbox', { name: '来电号码' });
  await user.clear(box);
  await user.type(box, `${number}{Enter}`);
}

describe('screen pop', () => {
  it('opens the caller’s most recent active ticket with their customer 360 and order', async () => {
    const { activeRecent } = await seed();
    const user = userEvent.setup();
    renderHeaderAndPanel();
    act(() => useAppStore.getState().setCustomerPanelCollapsed(true));
    await call(user, '+86 138-0000-1111');

    await expect.poll(() => useAppStore.getState().selectedTicketId).toBe(activeRecent.id);
    expect(phoneIndex).toHaveBeenCalledWith({ phone: '+86 138-0000-1111' });
    expect(useAppStore.getState().customerPanelCollapsed).toBe(false);
    expect(await screen.findByText('已打开 CD-500002')).toBeInTheDocument();
    const panel = screen.getByRole('complementary', { name: '客户 360' });
    expect(await within(panel).findByRole('listitem', { name: '订单 SO-CALLER' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('textbox', { name: '来电号码' })).not.toBeInTheDocument());
  });

  it('falls back to the newest ticket when none is active', async () => {
    const { closedNew } = await seed();
    const user = userEvent.setup();
    renderHeaderAndPanel();
    await call(user, '139 0000 2222');
    await expect.poll(() => useAppStore.getState().selectedTicketId).toBe(closedNew.id);
  });

  it('says so when no cached customer has the number, and opens nothing', async () => {
    await seed();
    const user = userEvent.setup();
    renderHeaderAndPanel();
    await call(user, '021-5555 0000');
    expect(await screen.findByRole('status')).toHaveTextContent('本地没有该号码的客户');
    expect(useAppStore.getState().selectedTicketId).toBeNull();
  });

  it('works offline: the number is matched in the local cache', async () => {
    const { activeRecent } = await seed();
    ws.api.server.offline = true;
    const user = userEvent.setup();
    renderHeaderAndPanel();
    await call(user, '13800001111');
    await expect.poll(() => useAppStore.getState().selectedTicketId).toBe(activeRecent.id);
  });
});
