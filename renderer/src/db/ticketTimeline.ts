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

/** Up to this many tickets' rows are read one by one; beyond, their key range is listed first. */
const READ_BY_KEY_MAX = 64;

/**
 * The current rows of `ticketIds` (undefined: none yet). A first sync walks events by ticket, so a
 * chunk's tickets form a narrow key range holding at most the ticket the previous chunk ended in:
 * listing the keys in that range and reading those few costs far less than a read per ticket.
 */
async function readExisting(db: CareDeskDb, ticketIds: readonly string[]) {
  if (ticketIds.length <= READ_BY_KEY_MAX) return db.timelines.bulkGet([...ticketIds]);
  const sorted = [...ticketIds].sort();
  const inRange = await db.timelines
    .where('ticketId')
    .between(sorted[0]!, sorted.at(-1)!, true, true)
    .primaryKeys();
  const wanted = new Set(ticketIds);
  const present = inRange.filter((id) => wanted.has(id));
  const rows = new Map((await db.timelines.bulkGet(present)).map((row, i) => [present[i]!, row]));
  return ticketIds.map((id) => rows.get(id));
}

/** Event changes for one ticket's timeline. */
export interface TimelineChange {
  puts: CachedEvent[];
  dels?: ReadonlySet<string>;
}

/** A timeline change still being collected (deletes may be added). */
export type CollectedChange = TimelineChange & { dels: Set<string> };

/** The changes to `ticketId`'s timeline in `changes`, added empty when there are none yet. */
export function changeOf(changes: Map<string, CollectedChange>, ticketId: string): CollectedChange {
  let change = changes.get(ticketId);
  if (!change) changes.set(ticketId, (change = { puts: [], dels: new Set() }));
  return change;
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
  const current = await readExisting(db, ticketIds);
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
