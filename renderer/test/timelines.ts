import type { CareDeskDb } from '../src/db/CareDeskDb.ts';
import { changeOf, patchTimelines, type CollectedChange } from '../src/db/ticketTimeline.ts';
import type { CachedEvent } from '../src/db/types.ts';

/** Caches events as a sync would: into their tickets' timeline rows. */
export async function cacheEvents(db: CareDeskDb, events: readonly CachedEvent[]): Promise<void> {
  const changes = new Map<string, CollectedChange>();
  for (const e of events) changeOf(changes, e.ticketId).puts.push(e);
  await db.transaction('rw', db.timelines, () => patchTimelines(db, changes));
}

/** Every cached event, timeline after timeline. */
export async function allCachedEvents(db: CareDeskDb): Promise<CachedEvent[]> {
  return (await db.timelines.toArray()).flatMap((t) => t.events);
}

/** The cached event with this id, in whichever timeline holds it. */
export async function cachedEvent(db: CareDeskDb, eventId: string): Promise<CachedEvent | undefined> {
  return (await allCachedEvents(db)).find((e) => e.id === eventId);
}
