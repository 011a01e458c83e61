import type { CareDeskDb } from './CareDeskDb.ts';
import type { CachedTicket } from './types.ts';

/** What one committed transaction did to the tickets table: the rows it put, the ids it deleted. */
export interface TicketWrite {
  puts: readonly CachedTicket[];
  dels: readonly string[];
}

/** A write announced before its transaction starts (announceTicketWrite). */
export interface AnnouncedTicketWrite {
  /**
   * Call as soon as the transaction has settled, before yielding to another task: what it wrote to
   * the tickets table, or null when it did not write exactly that (it aborted, wrote nothing, or
   * also replayed local work): the model then re-reads.
   */
  settle(write: TicketWrite | null): void;
}

interface Announcement {
  /** Set by the model that took this write's change notification as its own. */
  claimedBy: ((write: TicketWrite | null) => void) | null;
}

const announced = new WeakMap<CareDeskDb, Announcement[]>();

/**
 * From this many rows a `bulkPut` is notified with no keys (Dexie 4's observability middleware; a
 * test pins it). Only such a write may be announced: its own notification is then sure to claim.
 */
export const KEYLESS_BULK_PUT = 50;

const NOTHING_ANNOUNCED: AnnouncedTicketWrite = { settle: () => undefined };

/**
 * Announces a bulk write (`puts` rows in one bulkPut) to this window's in-memory model of the
 * tickets table (the active queue).
 *
 * Dexie's change notification for such a write names no keys, so a model patched from
 * notifications has to read the whole table back; during a first sync of 100k tickets those re-reads
 * cost seconds of the very CPU the writes need. A model that claims the notification instead takes
 * the rows from `settle`, read from memory, not IndexedDB.
 *
 * Why claiming in order is safe though the model cannot tell whose notification it got (another
 * window's bulk write looks the same): each claim is settled by exactly one of this window's writes.
 * If another window's notification took the claim, this write's own notification finds none and the
 * model re-reads, which covers both. `settle` comes before any other task can run, because Dexie
 * fires the notification in the transaction's complete event and the writer's await resumes in the
 * microtasks that follow: no later write can be patched in before these rows.
 */
export function announceTicketWrite(db: CareDeskDb, puts: number): AnnouncedTicketWrite {
  // A smaller write is notified with its keys; were it announced, another window's keyless
  // notification could claim it and then never be read.
  if (puts < KEYLESS_BULK_PUT) return NOTHING_ANNOUNCED;
  let list = announced.get(db);
  if (!list) announced.set(db, (list = []));
  const entry: Announcement = { claimedBy: null };
  list.push(entry);
  return {
    settle(write) {
      const at = list.indexOf(entry);
      if (at < 0) return;
      list.splice(at, 1);
      entry.claimedBy?.(write);
    },
  };
}

/**
 * For the model of the tickets table, on a notification that names no keys: takes the oldest
 * announced write nobody has claimed. `onSettle` then gets its rows (null: re-read). False when
 * there is none: the notification is someone else's, re-read.
 */
export function claimTicketWrite(db: CareDeskDb, onSettle: (write: TicketWrite | null) => void): boolean {
  const entry = announced.get(db)?.find((a) => a.claimedBy === null);
  if (!entry) return false;
  entry.claimedBy = onSettle;
  return true;
}
