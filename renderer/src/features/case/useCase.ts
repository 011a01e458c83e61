import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import { mutationEventId } from '@shared/sync/mutations.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedAgent, CachedCustomer, CachedEvent, CachedOrder, CachedTicket } from '../../db/types.ts';

export interface CaseData {
  ticket: CachedTicket;
  customer: CachedCustomer | null;
  order: CachedOrder | null;
  /** Oldest first, so the newest entry is last (next to the reply box). */
  events: CachedEvent[];
  agents: Map<string, CachedAgent>;
  /** Event ids written by mutations the server has not confirmed yet. */
  pendingEventIds: Set<string>;
}

export async function readCase(db: CareDeskDb, ticketId: string): Promise<CaseData | null> {
  const ticket = await db.tickets.get(ticketId);
  if (!ticket) return null;
  const [customer, order, events, outbox] = await Promise.all([
    db.customers.get(ticket.customerId),
    ticket.orderId ? db.orders.get(ticket.orderId) : Promise.resolve(undefined),
    db.events
      .where('[ticketId+createdAt]')
      .between([ticketId, Dexie.minKey], [ticketId, Dexie.maxKey], true, true)
      .toArray(),
    db.outbox.toArray(),
  ]);
  const authorIds = [...new Set(events.flatMap((e) => (e.authorId ? [e.authorId] : [])))];
  const agents = await db.agents.bulkGet(authorIds);
  return {
    ticket,
    customer: customer ?? null,
    order: order ?? null,
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
