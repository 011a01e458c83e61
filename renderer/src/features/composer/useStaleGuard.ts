import { useCallback, useEffect, useRef } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedEvent } from '../../db/types.ts';
import { readTimeline } from '../../db/ticketTimeline.ts';
import { readTicketEventIds, unseenChanges } from './staleGuard.ts';

export interface StaleGuard {
  /** Entries from others that arrived since the composer opened (or the last send / review). */
  check(): Promise<CachedEvent[]>;
  /**
   * The same among `shown` (the events the case shows), at once: null while the composer's first
   * read has not answered. Catches what the agent could have seen; `check` also what only the cache
   * has yet.
   */
  checkShown(shown: readonly CachedEvent[]): CachedEvent[] | null;
  /** The agent has seen these (reviewed them on the timeline). */
  markSeen(ids: readonly string[]): void;
  /** Everything now on the timeline counts as seen (after a send). */
  markAllSeen(): Promise<void>;
}

/** The stale-reply guard of one open ticket (see staleGuard.ts). */
export function useStaleGuard(db: CareDeskDb, ticketId: string, agentId: string | null): StaleGuard {
  const seen = useRef<Promise<Set<string>>>(Promise.resolve(new Set()));
  /** What `seen` resolved to, for checkShown; null until then. */
  const seenNow = useRef<Set<string> | null>(null);
  const remember = useCallback((known: Promise<Set<string>>) => {
    seen.current = known;
    seenNow.current = null;
    void known.then((set) => {
      if (seen.current === known) seenNow.current = set;
    });
  }, []);

  useEffect(() => {
    remember(readTicketEventIds(db, ticketId).then((ids) => new Set(ids)));
  }, [db, ticketId, remember]);

  const check = useCallback(async () => {
    const [known, events] = await Promise.all([seen.current, readTimeline(db, ticketId)]);
    return unseenChanges(events, known, agentId);
  }, [db, ticketId, agentId]);

  const checkShown = useCallback(
    (shown: readonly CachedEvent[]) => {
      const known = seenNow.current;
      return known ? unseenChanges(shown, known, agentId) : null;
    },
    [agentId],
  );

  const markSeen = useCallback(
    (ids: readonly string[]) => remember(seen.current.then((known) => new Set([...known, ...ids]))),
    [remember],
  );

  const markAllSeen = useCallback(async () => {
    remember(Promise.resolve(new Set(await readTicketEventIds(db, ticketId))));
  }, [db, ticketId, remember]);

  return { check, checkShown, markSeen, markAllSeen };
}
