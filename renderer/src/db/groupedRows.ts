import type { Table } from 'dexie';

/**
 * Records kept many to a row, under the key of what they belong to: a ticket's events (timelines), a
 * customer's orders (customerOrders). IndexedDB's cost is mostly per row and per index entry, so a
 * first sync writes a group once rather than a row per record.
 */

/** Changes to one group: records put (added or replacing the one with their id) and ids deleted. */
export interface GroupChange<T> {
  puts: T[];
  dels?: ReadonlySet<string>;
}

/** A group change still being collected (deletes may be added). */
export type CollectedGroupChange<T> = GroupChange<T> & { dels: Set<string> };

/** The changes to group `key` in `changes`, added empty when there are none yet. */
export function groupChangeOf<T>(
  changes: Map<string, CollectedGroupChange<T>>,
  key: string,
): CollectedGroupChange<T> {
  let change = changes.get(key);
  if (!change) changes.set(key, (change = { puts: [], dels: new Set() }));
  return change;
}

/**
 * `items` with each of `puts` in place of the item with its id (or added), without the ids in
 * `dels`, sorted by `order`. `items` is not changed.
 */
export function mergeById<T extends { id: string }>(
  items: readonly T[],
  puts: readonly T[],
  dels: ReadonlySet<string>,
  order: (a: T, b: T) => number,
): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const id of dels) byId.delete(id);
  for (const item of puts) byId.set(item.id, item);
  return [...byId.values()].sort(order);
}

/** What a group table is used for here (an EntityTable of any key name fits). */
type GroupTable<Row> = Pick<Table<Row, string>, 'bulkGet' | 'bulkPut' | 'bulkDelete' | 'where'>;

/** Up to this many groups are read one by one; beyond, their key range is listed first. */
const READ_BY_KEY_MAX = 64;

/**
 * The current rows of `keys` (undefined: none yet). A first sync walks records by the key of their
 * group, so a chunk's groups form a narrow key range holding at most the group the previous chunk
 * ended in: listing the keys in that range and reading those few costs far less than a read per group.
 */
export async function readGroups<Row>(
  table: GroupTable<Row>,
  keys: readonly string[],
): Promise<Array<Row | undefined>> {
  if (keys.length <= READ_BY_KEY_MAX) return table.bulkGet([...keys]);
  const sorted = [...keys].sort();
  const inRange = await table.where(':id').between(sorted[0]!, sorted.at(-1)!, true, true).primaryKeys();
  const wanted = new Set(keys);
  const present = inRange.filter((key) => wanted.has(key));
  const rows = new Map((await table.bulkGet(present)).map((row, i) => [present[i]!, row]));
  return keys.map((key) => rows.get(key));
}

/**
 * Writes changes into their groups' rows: one read and one write per group, however many of its
 * records change. `merge` makes a group's new row from its current one (null: the group is empty,
 * its row goes). Call inside a transaction over `table`.
 */
export async function patchGroups<Row, T>(
  table: GroupTable<Row>,
  changes: ReadonlyMap<string, GroupChange<T>>,
  merge: (key: string, current: Row | undefined, change: GroupChange<T>) => Row | null,
): Promise<void> {
  if (changes.size === 0) return;
  const keys = [...changes.keys()];
  const current = await readGroups(table, keys);
  const puts: Row[] = [];
  const dels: string[] = [];
  keys.forEach((key, i) => {
    const row = merge(key, current[i], changes.get(key)!);
    if (row) puts.push(row);
    else if (current[i]) dels.push(key);
  });
  if (dels.length) await table.bulkDelete(dels);
  if (puts.length) await table.bulkPut(puts);
}
