import { Dexie, type IntervalTree } from 'dexie';
import type { CareDeskDb } from './CareDeskDb.ts';

/**
 * Calls `listener` after every committed write to one table of `db`, this window's or another
 * window's (Dexie's storagemutated event), with the primary keys the write touched (a clear or a
 * delete by range comes as a range). For in-memory models patched from writes rather than re-read.
 * Returns the unsubscribe.
 */
export function onTableMutated(
  db: CareDeskDb,
  table: string,
  listener: (keys: IntervalTree) => void,
): () => void {
  // Dexie names each part idb://<database>/<table>/<index>; the primary key's index name is ''.
  const part = `idb://${db.name}/${table}/`;
  const handler = (parts: Record<string, IntervalTree>) => {
    const keys = parts[part];
    if (keys) listener(keys);
  };
  Dexie.on('storagemutated', handler);
  return () => Dexie.on('storagemutated').unsubscribe(handler);
}
