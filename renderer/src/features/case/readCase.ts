import { mutationEventId } from '@shared/sync/mutations.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { readCustomerOrders, readOrder } from '../../db/customerOrders.ts';
import { readTimeline } from '../../db/ticketTimeline.ts';
import type {
  CachedAgent,
  CachedCustomer,
  CachedEvent,
  CachedOrder,
  CachedTicket,
  OutboxEntry,
} from '../../db/types.ts';

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

/** What the caller already knows of the ticket (the queue's row): lets the read start in one round. */
export type CaseHint = Pick<CachedTicket, 'customerId' | 'orderId'>;

const authorsOf = (ticket: CachedTicket, events: readonly CachedEvent[]) => {
  const named = events.flatMap((e) => [e.authorId, e.kind === 'take_over' ? e.fromAgentId : null]);
  return [...new Set([...named, ticket.assigneeId].filter((id): id is string => id !== null))];
};

/**
 * The open case. Each round trip to IndexedDB waits for a free main thread, which a case open shares
 * with the render of the selection: with a hint (the queue's copy of the ticket) everything is read in
 * one round of parallel reads (all agents: a team's worth of small rows, kept to the authors);
 * without one, or when the ticket moved to another customer or order meanwhile, in two rounds.
 */
export async function readCase(db: CareDeskDb, ticketId: string, hint?: CaseHint): Promise<CaseData | null> {
  const eventsOf = () => readTimeline(db, ticketId);
  const relatedTo = (customerId: string, orderId: string | null) =>
    Promise.all([
      db.customers.get(customerId),
      readCustomerOrders(db, customerId),
      // The ticket's order is normally the customer's; it is read on its own in case it is not.
      orderId ? readOrder(db, orderId) : undefined,
    ]);
  if (hint) {
    const [ticket, events, outbox, related, allAgents] = await Promise.all([
      db.tickets.get(ticketId),
      eventsOf(),
      db.outbox.toArray(),
      relatedTo(hint.customerId, hint.orderId),
      db.agents.toArray(),
    ]);
    if (!ticket) return null;
    if (ticket.customerId === hint.customerId && ticket.orderId === hint.orderId) {
      const authors = new Set(authorsOf(ticket, events));
      return assemble(
        ticketId,
        ticket,
        events,
        outbox,
        related,
        allAgents.filter((a) => authors.has(a.id)),
      );
    }
  }
  const [ticket, events, outbox] = await Promise.all([
    db.tickets.get(ticketId),
    eventsOf(),
    db.outbox.toArray(),
  ]);
  if (!ticket) return null;
  const [related, agents] = await Promise.all([
    relatedTo(ticket.customerId, ticket.orderId),
    db.agents.bulkGet(authorsOf(ticket, events)),
  ]);
  return assemble(
    ticketId,
    ticket,
    events,
    outbox,
    related,
    agents.filter((a): a is CachedAgent => a !== undefined),
  );
}

function assemble(
  ticketId: string,
  ticket: CachedTicket,
  events: CachedEvent[],
  outbox: readonly OutboxEntry[],
  [customer, orders, ticketOrder]: [CachedCustomer | undefined, CachedOrder[], CachedOrder | undefined],
  agents: readonly CachedAgent[],
): CaseData {
  const order = orders.find((o) => o.id === ticket.orderId) ?? ticketOrder;
  return {
    ticket,
    customer: customer ?? null,
    order: order ?? null,
    orders: new Map(orders.map((o) => [o.id, o])),
    events,
    // In id order, however they were read: equal reads compare equal (useCase).
    agents: new Map([...agents].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => [a.id, a] as const)),
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
