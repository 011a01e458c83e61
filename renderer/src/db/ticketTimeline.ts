import { Dexie, type Collection, type InsertType } from 'dexie';
import type { CareDeskDb } from './CareDeskDb.ts';
import type { CachedEvent } from './types.ts';

/** A ticket's cached events, oldest first (the `[ticketId+createdAt]` index): one case's timeline. */
export function ticketTimeline(
  db: CareDeskDb,
  ticketId: string,
): Collection<CachedEvent, string, InsertType<CachedEvent, 'id'>> {
  return db.events
    .where('[ticketId+createdAt]')
    .between([ticketId, Dexie.minKey], [ticketId, Dexie.maxKey], true, true);
}
