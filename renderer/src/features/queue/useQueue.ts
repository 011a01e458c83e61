import { useLiveQuery } from 'dexie-react-hooks';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { ACTIVE_QUEUE_RANGE } from '../../db/derive.ts';
import type { CachedTicket } from '../../db/types.ts';

/** Rows read at most; the list virtualises what it shows, the count says how many more there are. */
export const QUEUE_LIMIT = 500;

export interface QueueRowData {
  ticket: CachedTicket;
  customerName: string | null;
}

export interface QueueData {
  rows: QueueRowData[];
  total: number;
}

/** Reads the active queue from the `[queueRank+dueAt]` index: priority first, then nearest SLA deadline. */
export async function readQueue(db: CareDeskDb, limit = QUEUE_LIMIT): Promise<QueueData> {
  const range = () =>
    db.tickets
      .where('[queueRank+dueAt]')
      .between(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper, true, true);
  const [tickets, total] = await Promise.all([range().limit(limit).toArray(), range().count()]);
  const customerIds = [...new Set(tickets.map((t) => t.customerId))];
  const customers = await db.customers.bulkGet(customerIds);
  const names = new Map(customers.flatMap((c) => (c ? [[c.id, c.pii.name.masked] as const] : [])));
  return {
    rows: tickets.map((ticket) => ({ ticket, customerName: names.get(ticket.customerId) ?? null })),
    total,
  };
}

export function useQueue(db: CareDeskDb): QueueData | undefined {
  return useLiveQuery(() => readQueue(db), [db]);
}
