import type { Agent, Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import type { SealedCustomer } from '@shared/privacy/sealed.ts';

let counter = 0;
/** A deterministic UUID-shaped id for fixtures (valid for zod's uuid check). */
export function uid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export const T0 = Date.UTC(2025, 10, 25, 8, 0, 0);

export const agentAlice: Agent = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'alice',
  displayName: '李娜',
  role: 'agent',
  teamId: '22222222-2222-4222-8222-222222222222',
  state: 'available',
  stateSince: 0,
};

export function makeCustomer(overrides: Partial<SealedCustomer> = {}): SealedCustomer {
  return {
    id: uid(),
    loyaltyTier: 'regular',
    flags: [],
    createdAt: T0,
    updatedAt: T0,
    pii: {
      name: { masked: '王**', sealed: 'env:name' },
      phone: { masked: '138****5678', sealed: 'env:phone' },
      email: null,
      address: null,
      idNumber: null,
      healthNotes: null,
    },
    ...overrides,
  };
}

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: uid(),
    number: `CD-${String(++counter).padStart(6, '0')}`,
    channel: 'chat',
    category: 'order_query',
    rootCause: null,
    status: 'new',
    priority: 'normal',
    priorityReasons: ['routine'],
    subject: '订单什么时候发货',
    customerId: uid(),
    orderId: null,
    productLine: null,
    teamId: agentAlice.teamId,
    assigneeId: agentAlice.id,
    tags: [],
    createdAt: T0,
    updatedAt: T0,
    firstResponseAt: null,
    resolvedAt: null,
    nextCallback: null,
    firstResponseDueAt: T0 + 30_000,
    resolutionDueAt: T0 + 86_400_000,
    lastCustomerMessageAt: T0,
    ...overrides,
  };
}

export function makeMessage(ticketId: string, overrides: Partial<TicketEvent> = {}): TicketEvent {
  return {
    id: uid(),
    ticketId,
    kind: 'message',
    direction: 'inbound',
    channel: 'chat',
    body: '你好，我的订单还没发货',
    authorType: 'customer',
    authorId: null,
    createdAt: T0,
    ...overrides,
  } as TicketEvent;
}

export function makeOrder(customerId: string, overrides: Partial<Order> = {}): Order {
  return {
    id: uid(),
    orderNo: 'SO20251125001',
    customerId,
    productLine: 'cosmetics',
    items: [{ sku: 'SKU-1', name: '保湿面霜', qty: 1, unitPrice: 12_900 }],
    total: 12_900,
    status: 'paid',
    placedAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}
