import { Dexie } from 'dexie';
import { mutationEventId } from '@shared/sync/mutations.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedAgent, CachedCustomer, CachedEvent, CachedOrder, CachedTicket } from '../../db/types.ts';

export interface CaseData {
  ticket: CachedTicket;
  customer: CachedCustomer | null;
  order: CachedOrder | null;
  /** The customer's cached orders by id (refunds and returns name any of them). */
  orders: Map<string, CachedOrder>;
  /** Oldest first, so the newest entry is last (next to the reply box). */
  events: CachedEvent[];
  /** Authors of the events, agents they name (take-overs) and the assignee. */
  agents: Map<string, CachedAgent>;
  /** Event ids written by mutations the server has not confirmed yet. */
  pendingEventIds: Set<string>;
}

export async function readCase(db: CareDeskDb, ticketId: string): Promise<CaseData | null> {
  // Two rounds of parallel reads (what needs the ticket or the events waits for them): each round
  // trip waits for a free main thread, which a case open shares with the render of the selection.
  const [ticket, events, outbox] = await Promise.all([
    db.tickets.get(ticketId),
    db.events
      .where('[ticketId+createdAt]')
      .between([ticketId, Dexie.minKey], [ticketId, Dexie.maxKey], true, true)
      .toArray(),
    db.outbox.toArray(),
  ]);
  if (!ticket) return null;
  const named = events.flatMap((e) => [e.authorId, e.kind === 'take_over' ? e.fromAgentId : null]);
  const authorIds = [...new Set([...named, ticket.assigneeId].filter((id): id is string => id !== null))];
  const [customer, orders, agents, ticketOrder] = await Promise.all([
    db.customers.get(ticket.customerId),
    db.orders.where('customerId').equals(ticket.customerId).toArray(),
    db.agents.bulkGet(authorIds),
    // The ticket's order is normally the customer's; it is read on its own in case it is not.
    ticket.orderId ? db.orders.get(ticket.orderId) : undefined,
  ]);
  const order = orders.find((o) => o.id === ticket.orderId) ?? ticketOrder;
  return {
    ticket,
    customer: customer ?? null,
    order: order ?? null,
    orders: new Map(orders.map((o) => [o.id, o])),
    events,
    agents: new Map(agents.flatMap((a) => (a ? [[a.id, a] as const] : []))),
    pendingEventIds: new Set(
      outbox.flatMap((m) => {
        const eventId =
          m.state === 'pending' && 'ticketId' in m.args && m.args.ticketId === ticketId
            ? mutationEventId(m)
            : null;
        return eventId ? [eventId] : [];
      }),
    ),
  };
}
