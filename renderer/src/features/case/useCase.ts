import { useLiveQuery } from 'dexie-react-hooks';
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
  const ticket = await db.tickets.get(ticketId);
  if (!ticket) return null;
  const [customer, orders, events, outbox] = await Promise.all([
    db.customers.get(ticket.customerId),
    db.orders.where('customerId').equals(ticket.customerId).toArray(),
    db.events
      .where('[ticketId+createdAt]')
      .between([ticketId, Dexie.minKey], [ticketId, Dexie.maxKey], true, true)
      .toArray(),
    db.outbox.toArray(),
  ]);
  const named = events.flatMap((e) => [e.authorId, e.kind === 'take_over' ? e.fromAgentId : null]);
  const authorIds = [...new Set([...named, ticket.assigneeId].filter((id): id is string => id !== null))];
  // The ticket's order is normally the customer's; look it up on its own when it is not.
  const order =
    orders.find((o) => o.id === ticket.orderId) ??
    (ticket.orderId ? await db.orders.get(ticket.orderId) : undefined);
  const agents = await db.agents.bulkGet(authorIds);
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

/** The open case, live: undefined while loading, null when the ticket is not cached. */
export function useCase(db: CareDeskDb, ticketId: string): CaseData | null | undefined {
  return useLiveQuery(() => readCase(db, ticketId), [db, ticketId]);
}
