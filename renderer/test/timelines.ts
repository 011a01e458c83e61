import type { CareDeskDb } from '../src/db/CareDeskDb.ts';
import { patchTimelines, type TimelineChange } from '../src/db/ticketTimeline.ts';
import type { CachedEvent } from '../src/db/types.ts';

/** Caches events as a sync would: into their tickets' timeline rows. */
export async function cacheEvents(db: CareDeskDb, events: readonly CachedEvent[]): Promise<void> {
  const changes = new Map<string, TimelineChange>();
  for (const e of events) {
    const change = changes.get(e.ticketId);
    if (change) change.puts.push(e);
    else changes.set(e.ticketId, { puts: [e] });
  }
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
