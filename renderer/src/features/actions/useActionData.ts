import { useLiveQuery } from 'dexie-react-hooks';
import { refundedTotal } from '@shared/ticket/afterSalesRules.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { readCustomerOrders } from '../../db/customerOrders.ts';
import { readTimelines } from '../../db/ticketTimeline.ts';
import type { CachedOrder, CachedTicket, RejectedMutation } from '../../db/types.ts';

export interface ActionData {
  /** The ticket customer's cached orders, newest first: the only ones an action may name. */
  orders: CachedOrder[];
  /** Fen already refunded per order, over all of the customer's cached tickets. */
  refunded: ReadonlyMap<string, number>;
  /** This ticket's mutations the server refused, newest first. */
  rejected: RejectedMutation[];
}

const EMPTY: ActionData = { orders: [], refunded: new Map(), rejected: [] };

export async function readActionData(db: CareDeskDb, ticket: CachedTicket): Promise<ActionData> {
  const [orders, ticketIds, rejected] = await Promise.all([
    readCustomerOrders(db, ticket.customerId),
    db.tickets.where('customerId').equals(ticket.customerId).primaryKeys(),
    db.rejected.where('args.ticketId').equals(ticket.id).toArray(),
  ]);
  const events = (await readTimelines(db, ticketIds)).filter((e) => e.kind === 'refund');
  return {
    orders: orders.sort((a, b) => b.placedAt - a.placedAt),
    refunded: new Map(orders.map((o) => [o.id, refundedTotal(events, o.id)])),
    rejected: rejected.sort((a, b) => b.id - a.id),
  };
}

/** What the action forms need beyond the case itself, live. */
export function useActionData(db: CareDeskDb, ticket: CachedTicket): ActionData {
  return useLiveQuery(() => readActionData(db, ticket), [db, ticket]) ?? EMPTY;
}
