import { useCallback, useEffect, useRef } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedEvent } from '../../db/types.ts';
import { readTicketEventIds, readUnseenEvents, unseenChanges } from './staleGuard.ts';

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
    seen.current = readTicketEventIds(db, ticketId).then((ids) => new Set(ids));
  }, [db, ticketId]);

  const check = useCallback(async () => {
    const [known, ids] = await Promise.all([seen.current, readTicketEventIds(db, ticketId)]);
    return unseenChanges(await readUnseenEvents(db, ids, known), known, agentId);
  }, [db, ticketId, agentId]);

  const markSeen = useCallback((ids: readonly string[]) => {
    seen.current = seen.current.then((known) => new Set([...known, ...ids]));
  }, []);

  const markAllSeen = useCallback(async () => {
    seen.current = Promise.resolve(new Set(await readTicketEventIds(db, ticketId)));
  }, [db, ticketId]);

  return { check, markSeen, markAllSeen };
}
