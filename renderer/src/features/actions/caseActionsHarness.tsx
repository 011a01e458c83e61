import { act, screen, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import type { Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
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
import { CaseView } from '../case/CaseView.tsx';

/** Test support for the actions area (imported by tests only): a seeded case, opened as Alice. */

export type User = ReturnType<typeof userEvent.setup>;

export const bob = { id: uid(), displayName: '张伟', role: 'agent' as const, teamId: agentAlice.teamId };

/** An event by Alice; `seed` puts it on the seeded ticket. */
export function agentEvent(overrides: Partial<TicketEvent>): TicketEvent {
  return {
    id: uid(),
    ticketId: '',
    authorType: 'agent',
    authorId: agentAlice.id,
    createdAt: T0 + 5_000,
    ...overrides,
  } as TicketEvent;
}

export interface CaseHarness {
  ws: TestWorkspace;
  ticket: Ticket;
  order: Order;
}

/**
 * A workspace whose fake server holds Alice and Bob, a customer with one order (¥129.00, one SKU),
 * an open ticket assigned to Alice (unless overridden) with the customer's first message, pulled.
 */
export async function seedCase(
  overrides: Partial<Ticket> = {},
  events: (seeded: { order: Order }) => TicketEvent[] = () => [],
): Promise<CaseHarness> {
  const ws = createTestWorkspace();
  const s = ws.api.server;
  const customer = makeCustomer();
  const order = makeOrder(customer.id, {
    orderNo: 'SO20251125777',
    total: 12_900,
    items: [{ sku: 'SKU-CREAM', name: '保湿面霜', qty: 1, unitPrice: 12_900 }],
  });
  const ticket = makeTicket({
    subject: '面霜过敏',
    customerId: customer.id,
    orderId: order.id,
    status: 'open',
    ...overrides,
  });
  for (const a of [agentAlice, bob])
    s.put({
      op: 'put',
      entity: 'agent',
      value: { id: a.id, displayName: a.displayName, role: 'agent', teamId: a.teamId },
    });
  s.put({ op: 'put', entity: 'customer', value: customer });
  s.put({ op: 'put', entity: 'order', value: order });
  s.put({ op: 'put', entity: 'ticket', value: ticket });
  s.put({
    op: 'put',
    entity: 'event',
    value: makeMessage(ticket.id, { body: '用了以后脸上发红', createdAt: T0 }),
  });
  for (const e of events({ order }))
    s.put({ op: 'put', entity: 'event', value: { ...e, ticketId: ticket.id } });
  await ws.engine.pullNow();
  return { ws, ticket, order };
}

export async function disposeCase(h: CaseHarness | undefined): Promise<void> {
  if (!h) return;
  h.ws.engine.stop();
  await h.ws.db.delete();
}

/** Renders the case view signed in as Alice with the ticket open; resolves to the actions region. */
export async function openCase(h: CaseHarness) {
  renderWithWorkspace(<CaseView />, h.ws);
  act(() => {
    useAppStore.getState().setAgent(agentAlice);
    useAppStore.getState().selectTicket(h.ticket.id);
  });
  return screen.findByRole('region', { name: '售后操作' });
}

/** Opens the Actions menu, picks `name`, resolves to its dialog. */
export async function openAction(user: User, name: string) {
  await user.click(await screen.findByRole('button', { name: '售后操作' }));
  await user.click(await screen.findByRole('menuitem', { name }));
  return screen.findByRole('dialog', { name });
}

export const submit = (user: User, dialog: HTMLElement, name = '确定') =>
  user.click(within(dialog).getByRole('button', { name }));

export const timeline = () => screen.getByRole('region', { name: '处理记录' });
