import type { CareDeskDb } from './CareDeskDb.ts';
import type { CachedEvent, CachedTimeline } from './types.ts';

/** Timeline order: server time, then id (the order the `[ticketId+createdAt]` index of v1–v5 gave). */
export function timelineOrder(a: CachedEvent, b: CachedEvent): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A ticket's cached events, oldest first: one case's timeline. */
export async function readTimeline(db: CareDeskDb, ticketId: string): Promise<CachedEvent[]> {
  return (await db.timelines.get(ticketId))?.events ?? [];
}

/**
 * `events` with each of `puts` in place of the event with its id (or added), without the ids in
 * `dels`, in timeline order. `events` is not changed.
 */
export function mergeTimeline(
  events: readonly CachedEvent[],
  puts: readonly CachedEvent[],
  dels: ReadonlySet<string> = new Set(),
): CachedEvent[] {
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const id of dels) byId.delete(id);
  for (const e of puts) byId.set(e.id, e);
  return [...byId.values()].sort(timelineOrder);
}

/** The timeline row for `events`, or null when there are none (a ticket without events has no row). */
export function timelineRow(ticketId: string, events: CachedEvent[]): CachedTimeline | null {
  return events.length ? { ticketId, events } : null;
}

/** Event changes for one ticket's timeline. */
export interface TimelineChange {
  puts: CachedEvent[];
  dels?: ReadonlySet<string>;
}

/**
 * Writes event changes into their tickets' timeline rows: one read and one write per ticket, however
 * many of its events change. Call inside a transaction over `timelines`.
 */
export async function patchTimelines(
  db: CareDeskDb,
  changes: ReadonlyMap<string, TimelineChange>,
): Promise<void> {
  if (changes.size === 0) return;
  const ticketIds = [...changes.keys()];
  const current = await db.timelines.bulkGet(ticketIds);
  const puts: CachedTimeline[] = [];
  const dels: string[] = [];
  ticketIds.forEach((ticketId, i) => {
    const change = changes.get(ticketId)!;
    const row = timelineRow(ticketId, mergeTimeline(current[i]?.events ?? [], change.puts, change.dels));
    if (row) puts.push(row);
    else if (current[i]) dels.push(ticketId);
  });
  if (dels.length) await db.timelines.bulkDelete(dels);
  if (puts.length) await db.timelines.bulkPut(puts);
}

/** The events of several tickets' timelines, one ticket after another. */
export async function readTimelines(db: CareDeskDb, ticketIds: readonly string[]): Promise<CachedEvent[]> {
  return (await db.timelines.bulkGet([...ticketIds])).flatMap((t) => t?.events ?? []);
}
