import type { Agent } from '@shared/domain/index.ts';
import { useMemo, useSyncExternalStore } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedTicket } from '../../db/types.ts';
import { activeTicketsStore } from './activeTickets.ts';
import { summariseQueue, type QueueQuery, type QueueSummary } from './queueModel.ts';

/**
 * Every active ticket in queue order, live (activeTickets.ts: read once, then patched with the rows
 * each write touched). Undefined until the first read.
 */
export function useActiveTickets(db: CareDeskDb): CachedTicket[] | undefined {
  const store = activeTicketsStore(db);
  const tickets = useSyncExternalStore(store.subscribe, store.get);
  const failure = store.failure();
  if (failure) throw failure; // as useLiveQuery: a failing read surfaces in the component
  return tickets;
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
