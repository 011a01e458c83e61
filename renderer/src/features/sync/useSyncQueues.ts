import { useLiveQuery } from 'dexie-react-hooks';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { OutboxEntry, RejectedMutation } from '../../db/types.ts';

export interface QueuedChange<M> {
  mutation: M;
  /** The ticket's number when the mutation is about a cached ticket; null when it names none. */
  ticketNumber: string | null;
  /** The mutation names a ticket that is not in the cache. */
  ticketMissing: boolean;
}

export interface SyncQueues {
  /** Outbox, push order: pending and acknowledged-but-unconfirmed. */
  pending: QueuedChange<OutboxEntry>[];
  /** Refusals, newest first. */
  rejected: QueuedChange<RejectedMutation>[];
}

const ticketIdOf = (m: { args: unknown }): string | null => {
  const id = (m.args as { ticketId?: unknown }).ticketId;
  return typeof id === 'string' ? id : null;
};

/**
 * The outbox and the refusals with their tickets' numbers. Reads only the two small tables and the
 * tickets they name, so a pull that touches other rows does not re-run it; mount it only while shown.
 */
export async function readSyncQueues(db: CareDeskDb): Promise<SyncQueues> {
  const [outbox, rejected] = await Promise.all([db.outbox.orderBy('id').toArray(), db.rejected.toArray()]);
  const ids = [...new Set([...outbox, ...rejected].flatMap((m) => ticketIdOf(m) ?? []))];
  const tickets = await db.tickets.bulkGet(ids);
  const numbers = new Map(tickets.flatMap((t) => (t ? [[t.id, t.number] as const] : [])));
  const describe = <M extends { args: unknown }>(mutation: M): QueuedChange<M> => {
    const ticketId = ticketIdOf(mutation);
    const ticketNumber = ticketId ? (numbers.get(ticketId) ?? null) : null;
    return { mutation, ticketNumber, ticketMissing: ticketId !== null && ticketNumber === null };
  };
  return {
    pending: outbox.map(describe),
    rejected: rejected.sort((a, b) => b.rejectedAt - a.rejectedAt || b.id - a.id).map(describe),
  };
}

export function useSyncQueues(db: CareDeskDb): SyncQueues | undefined {
  return useLiveQuery(() => readSyncQueues(db), [db]);
}
