import { useCallback, useEffect, useRef } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedEvent } from '../../db/types.ts';
import { readTicketEvents, unseenChanges } from './staleGuard.ts';

export interface StaleGuard {
  /** Entries from others that arrived since the composer opened (or the last send / review). */
  check(): Promise<CachedEvent[]>;
  /** The agent has seen these (reviewed them on the timeline). */
  markSeen(ids: readonly string[]): void;
  /** Everything now on the timeline counts as seen (after a send). */
  markAllSeen(): Promise<void>;
}

/** The stale-reply guard of one open ticket (see staleGuard.ts). */
export function useStaleGuard(db: CareDeskDb, ticketId: string, agentId: string | null): StaleGuard {
  const seen = useRef<Promise<Set<string>>>(Promise.resolve(new Set()));

  useEffect(() => {
    seen.current = readTicketEvents(db, ticketId).then((events) => new Set(events.map((e) => e.id)));
  }, [db, ticketId]);

  const check = useCallback(async () => {
    const [known, events] = await Promise.all([seen.current, readTicketEvents(db, ticketId)]);
    return unseenChanges(events, known, agentId);
  }, [db, ticketId, agentId]);

  const markSeen = useCallback((ids: readonly string[]) => {
    seen.current = seen.current.then((known) => new Set([...known, ...ids]));
  }, []);

  const markAllSeen = useCallback(async () => {
    const events = await readTicketEvents(db, ticketId);
    seen.current = Promise.resolve(new Set(events.map((e) => e.id)));
  }, [db, ticketId]);

  return { check, markSeen, markAllSeen };
}
