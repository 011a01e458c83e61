import type { Agent } from '@shared/domain/index.ts';
import { useMemo } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { ACTIVE_QUEUE_RANGE } from '../../db/derive.ts';
import type { CachedTicket } from '../../db/types.ts';
import { useDeferredTableQuery } from '../sync/useDeferredTableQuery.ts';
import { summariseQueue, type QueueQuery, type QueueSummary } from './queueModel.ts';

/**
 * Every active ticket, in `[queueRank+dueAt]` order (priority, then nearest SLA deadline). One read
 * per change to the tickets table; counts, filters, search and sort all work on this array in memory
 * (summariseQueue), so typing in the search box or switching views never touches IndexedDB.
 */
export async function readActiveTickets(db: CareDeskDb): Promise<CachedTicket[]> {
  return db.tickets
    .where('[queueRank+dueAt]')
    .between(ACTIVE_QUEUE_RANGE.lower, ACTIVE_QUEUE_RANGE.upper, true, true)
    .toArray();
}

export function useActiveTickets(db: CareDeskDb): CachedTicket[] | undefined {
  // Deferred, not a liveQuery: re-reading the whole active queue after every local write (a reply, a
  // note) kept the case view's small reads waiting; it catches up 100 ms later, throttled during bootstrap.
  return useDeferredTableQuery(db, [db.tickets], () => readActiveTickets(db), []);
}

/** The queue for a query: every view's count and the current view's rows (undefined while loading). */
export function useQueueSummary(
  db: CareDeskDb,
  query: QueueQuery,
  agent: Pick<Agent, 'id' | 'teamId'> | null,
  now: number,
): QueueSummary | undefined {
  const active = useActiveTickets(db);
  const agentId = agent?.id ?? null;
  const teamId = agent?.teamId ?? null;
  return useMemo(
    () =>
      active &&
      summariseQueue(active, query, {
        agent: agentId !== null && teamId !== null ? { id: agentId, teamId } : null,
        now,
      }),
    [active, query, agentId, teamId, now],
  );
}
