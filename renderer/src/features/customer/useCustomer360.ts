import { useLiveQuery } from 'dexie-react-hooks';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { readCustomerOrders } from '../../db/customerOrders.ts';
import type { CachedCustomer, CachedOrder, CachedTicket } from '../../db/types.ts';

export interface Customer360 {
  customerId: string;
  /** Null when the customer is not (yet) in the cache. */
  customer: CachedCustomer | null;
  /** Newest first. */
  orders: CachedOrder[];
  /** The customer's other tickets, newest first (the open one excluded). */
  otherTickets: CachedTicket[];
}

/** The open ticket's customer with their orders and other tickets, read by `customerId`. */
export async function readCustomer360(db: CareDeskDb, ticketId: string): Promise<Customer360 | null> {
  const ticket = await db.tickets.get(ticketId);
  if (!ticket) return null;
  const { customerId } = ticket;
  const [customer, orders, tickets] = await Promise.all([
    db.customers.get(customerId),
    readCustomerOrders(db, customerId),
    db.tickets.where('customerId').equals(customerId).toArray(),
  ]);
  return {
    customerId,
    customer: customer ?? null,
    orders: orders.sort((a, b) => b.placedAt - a.placedAt),
    otherTickets: tickets.filter((t) => t.id !== ticketId).sort((a, b) => b.createdAt - a.createdAt),
  };
}

export function useCustomer360(db: CareDeskDb, ticketId: string | null): Customer360 | null | undefined {
  return useLiveQuery(async () => (ticketId ? readCustomer360(db, ticketId) : null), [db, ticketId]);
}
