import type { CareDeskDb } from './CareDeskDb.ts';
import {
  groupChangeOf,
  mergeById,
  patchGroups,
  type CollectedGroupChange,
  type GroupChange,
} from './groupedRows.ts';
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
  return mergeById(events, puts, dels, timelineOrder);
}

/** The timeline row for `events`, or null when there are none (a ticket without events has no row). */
export function timelineRow(ticketId: string, events: CachedEvent[]): CachedTimeline | null {
  return events.length ? { ticketId, events } : null;
}

/** Event changes for one ticket's timeline. */
export type TimelineChange = GroupChange<CachedEvent>;

/** A timeline change still being collected (deletes may be added). */
export type CollectedChange = CollectedGroupChange<CachedEvent>;

/** The changes to `ticketId`'s timeline in `changes`, added empty when there are none yet. */
export const changeOf = groupChangeOf<CachedEvent>;

/**
 * Writes event changes into their tickets' timeline rows: one read and one write per ticket, however
 * many of its events change. Call inside a transaction over `timelines`.
 */
export function patchTimelines(db: CareDeskDb, changes: ReadonlyMap<string, TimelineChange>): Promise<void> {
  return patchGroups(db.timelines, changes, (ticketId, current, change) =>
    timelineRow(ticketId, mergeTimeline(current?.events ?? [], change.puts, change.dels)),
  );
}

/** The events of several tickets' timelines, one ticket after another. */
export async function readTimelines(db: CareDeskDb, ticketIds: readonly string[]): Promise<CachedEvent[]> {
  return (await db.timelines.bulkGet([...ticketIds])).flatMap((t) => t?.events ?? []);
}
