import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Priority, TicketStatus } from '@shared/domain/index.ts';
import { makeTicket, T0 } from '../../../test/fixtures.ts';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import { deriveTicket } from '../../db/derive.ts';
import { announceTicketWrite, KEYLESS_BULK_PUT } from '../../db/ticketWriteHandoff.ts';
import type { CachedTicket } from '../../db/types.ts';
import {
  activeTicketsStore,
  BULK_MERGE_SPACING_MS,
  compareQueueOrder,
  FULL_READ_MAX_WAIT_MS,
  FULL_READ_SPACING,
  fullReadDelay,
  patchActive,
  readActiveTickets,
} from './activeTickets.ts';

let db: CareDeskDb;
beforeEach(async () => {
  db = new CareDeskDb(`active-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const STATUSES: TicketStatus[] = ['new', 'open', 'pending_customer', 'resolved', 'closed'];
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];

function ticket(i: number, status: TicketStatus, priority: Priority, due: number): CachedTicket {
  return deriveTicket(
    makeTicket({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      status,
      priority,
      firstResponseDueAt: T0 + due * 60_000,
    }),
  );
}

/** Resolves with the store's next array after `act` (the store already subscribed). */
function nextArray(
  store: ReturnType<typeof activeTicketsStore>,
  act: () => Promise<unknown>,
): Promise<CachedTicket[]> {
  return new Promise((resolve, reject) => {
    const before = store.get();
    const unsubscribe = store.subscribe(() => {
      const now = store.get();
      if (now && now !== before) {
        unsubscribe();
        resolve(now);
      }
    });
    act().catch(reject);
  });
}

async function started(store: ReturnType<typeof activeTicketsStore>): Promise<() => void> {
  const unsubscribe = store.subscribe(() => undefined);
  await expect.poll(() => store.get()).toBeDefined();
  return unsubscribe;
}

describe('active tickets in memory', () => {
  it('reads once, then patches: a resolved ticket leaves, a new one lands in queue order', async () => {
    await db.tickets.bulkPut([ticket(1, 'open', 'normal', 30), ticket(2, 'new', 'urgent', 60)]);
    const store = activeTicketsStore(db);
    const stop = await started(store);
    expect(store.get()!.map((t) => t.id.slice(-1))).toEqual(['2', '1']);

    const after = await nextArray(store, () =>
      db.tickets.bulkPut([ticket(1, 'resolved', 'normal', 30), ticket(3, 'open', 'normal', 10)]),
    );
    expect(after.map((t) => t.id.slice(-1))).toEqual(['2', '3']);
    expect(after).toEqual(await readActiveTickets(db));
    stop();
  });

  it('re-reads whole after a clear (a range change names no keys)', async () => {
    await db.tickets.bulkPut([ticket(1, 'open', 'normal', 30)]);
    const store = activeTicketsStore(db);
    const stop = await started(store);
    expect(store.get()).toHaveLength(1);
    const after = await nextArray(store, () => db.tickets.clear());
    expect(after).toEqual([]);
    stop();
  });

  it('starts over from a fresh read when subscribed again after everyone left', async () => {
    await db.tickets.bulkPut([ticket(1, 'open', 'normal', 30)]);
    const store = activeTicketsStore(db);
    (await started(store))();
    expect(store.get()).toBeUndefined();
    await db.tickets.put(ticket(2, 'open', 'high', 30));
    const stop = await started(store);
    expect(store.get()!.map((t) => t.id.slice(-1))).toEqual(['2', '1']);
    stop();
  });

  it('after bulk writes that name no keys (pull chunks), ends equal to a whole re-read', async () => {
    const store = activeTicketsStore(db);
    const stop = await started(store);
    // 60 rows a write: Dexie reports a whole range, not keys, from 50 rows up.
    const chunk = (from: number, status: TicketStatus) =>
      Array.from({ length: 60 }, (_, i) => ticket(from + i, status, PRIORITIES[i % 4]!, i % 7));
    await db.tickets.bulkPut(chunk(1, 'open'));
    await db.tickets.bulkPut(chunk(61, 'new'));
    await db.tickets.bulkPut(chunk(31, 'resolved'));
    await expect.poll(() => store.get(), { timeout: 5_000 }).toEqual(await readActiveTickets(db));
    expect(store.get()).toHaveLength(60); // 1–30 open and 91–120 new; 31–90 resolved
    stop();
  });

  it('spaces whole re-reads by a multiple of the last one’s duration', () => {
    expect(fullReadDelay(0, 0)).toBe(0);
    expect(fullReadDelay(100, 0)).toBe(FULL_READ_SPACING * 100);
    expect(fullReadDelay(100, 150)).toBe(FULL_READ_SPACING * 100 - 150);
    expect(fullReadDelay(100, FULL_READ_SPACING * 100 + 1)).toBe(0);
    // A slow read (queued behind a first sync's writes) never holds the queue back longer than the cap.
    expect(fullReadDelay(60_000, 0)).toBe(FULL_READ_MAX_WAIT_MS);
    expect(fullReadDelay(60_000, FULL_READ_MAX_WAIT_MS - 1)).toBe(1);
  });

  it('patching always equals a whole re-read (puts, status changes, deletes, in any order)', async () => {
    const op = fc.record({
      id: fc.integer({ min: 1, max: 40 }),
      status: fc.constantFrom(...STATUSES),
      priority: fc.constantFrom(...PRIORITIES),
      due: fc.integer({ min: 0, max: 5 }), // few distinct deadlines: ties on dueAt, ordered by id
      remove: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { maxLength: 6 }),
        async (batches) => {
          await db.tickets.clear();
          const store = activeTicketsStore(db);
          const stop = await started(store);
          try {
            for (const batch of batches) {
              const write = () =>
                db.transaction('rw', db.tickets, async () => {
                  for (const o of batch) {
                    const row = ticket(o.id, o.status, o.priority, o.due);
                    if (o.remove) await db.tickets.delete(row.id);
                    else await db.tickets.put(row);
                  }
                });
              const expected = async () => readActiveTickets(db);
              await write();
              await expect.poll(async () => store.get()).toEqual(await expected());
            }
          } finally {
            stop();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** Counts the reads of the tickets table (DBCore queries and gets), from before `db` opens. */
function countTicketReads(target: CareDeskDb): { count: number } {
  const reads = { count: 0 };
  target.use({
    stack: 'dbcore',
    name: 'count-ticket-reads',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'tickets') return table;
        const counted =
          <A extends unknown[], R>(read: (...args: A) => R) =>
          (...args: A): R => {
            reads.count += 1;
            return read(...args);
          };
        return {
          ...table,
          query: counted(table.query.bind(table)),
          get: counted(table.get.bind(table)),
          getMany: counted(table.getMany.bind(table)),
          openCursor: counted(table.openCursor.bind(table)),
        };
      },
    }),
  });
  return reads;
}

describe('bulk writes this window announced (ticketWriteHandoff)', () => {
  const chunk = (from: number, status: TicketStatus) =>
    Array.from({ length: KEYLESS_BULK_PUT + 10 }, (_, i) =>
      ticket(from + i, status, PRIORITIES[i % 4]!, i % 7),
    );
  /** A bulkPut announced, as a pull apply does it: settled with its rows right after it commits. */
  const announcedPut = async (rows: CachedTicket[], dels: string[] = []) => {
    const announced = announceTicketWrite(db, rows.length);
    await db.transaction('rw', db.tickets, async () => {
      await db.tickets.bulkDelete(dels);
      await db.tickets.bulkPut(rows);
    });
    announced.settle({ puts: rows, dels });
  };

  it('merges the handed rows and reads nothing back', async () => {
    await db.delete();
    db = new CareDeskDb(`active-${crypto.randomUUID()}`);
    const reads = countTicketReads(db);
    await db.open();
    const store = activeTicketsStore(db);
    const stop = await started(store);
    const afterFirstRead = reads.count;
    await nextArray(store, () => announcedPut(chunk(1, 'open')));
    const second = chunk(31, 'resolved'); // 31–60 leave the queue, 61–90 join as resolved: not shown
    await nextArray(store, () => announcedPut(second, [ticket(1, 'open', 'low', 0).id]));
    expect(reads.count).toBe(afterFirstRead);
    expect(store.get()!.map((t) => Number(t.id.slice(-3)))).toEqual(
      (await readActiveTickets(db)).map((t) => Number(t.id.slice(-3))),
    );
    expect(store.get()).toHaveLength(29); // 2–30
    stop();
  });

  it('merges chunks in quick succession together after the first, and a named change never waits', async () => {
    const store = activeTicketsStore(db);
    const stop = await started(store);
    let published = 0;
    const unsubscribe = store.subscribe(() => (published += 1));
    const chunks = [1, 101, 201, 301].map((from) => chunk(from, 'open'));
    for (const rows of chunks) await announcedPut(rows);
    await expect.poll(() => store.get(), { timeout: 5_000 }).toHaveLength(4 * chunks[0]!.length);
    // The first chunk at once, the other three together once the spacing has passed.
    expect(published).toBe(2);

    // Right after a merge, a handed chunk waits; a single ticket's change brings it forward.
    const started_ = performance.now();
    await announcedPut(chunk(401, 'open'));
    const single = ticket(999, 'open', 'urgent', 0);
    const merged = await nextArray(store, () => db.tickets.put(single));
    expect(performance.now() - started_).toBeLessThan(BULK_MERGE_SPACING_MS / 2);
    expect(merged).toHaveLength(5 * chunks[0]!.length + 1);
    expect(merged).toEqual(await readActiveTickets(db));
    unsubscribe();
    stop();
  });

  it('another window’s bulk write taking the claim is still read: the own write re-reads', async () => {
    const store = activeTicketsStore(db);
    const stop = await started(store);
    const mine = chunk(1, 'open');
    const announced = announceTicketWrite(db, mine.length);
    // Looks like another window's chunk: keyless, not announced. It takes the claim meant for `mine`.
    await db.tickets.bulkPut(chunk(101, 'new'));
    await db.tickets.bulkPut(mine);
    announced.settle({ puts: mine, dels: [] });
    await expect.poll(() => store.get(), { timeout: 5_000 }).toEqual(await readActiveTickets(db));
    expect(store.get()).toHaveLength(2 * mine.length);
    stop();
  });

  it('a write settled as unknown (aborted, replayed local work) is re-read', async () => {
    const store = activeTicketsStore(db);
    const stop = await started(store);
    const announced = announceTicketWrite(db, KEYLESS_BULK_PUT);
    await db.tickets.bulkPut(chunk(1, 'open'));
    announced.settle(null);
    await expect.poll(() => store.get(), { timeout: 5_000 }).toHaveLength(KEYLESS_BULK_PUT + 10);
    expect(store.get()).toEqual(await readActiveTickets(db));
    stop();
  });
});

describe('patchActive', () => {
  it('keeps queue order and drops rows that left the queue', () => {
    const a = ticket(1, 'open', 'urgent', 5);
    const b = ticket(2, 'open', 'normal', 5);
    const c = ticket(3, 'open', 'normal', 9);
    const current = [a, b, c].sort(compareQueueOrder);
    const moved = ticket(3, 'open', 'high', 9);
    const gone = ticket(1, 'closed', 'urgent', 5);
    const out = patchActive(
      current,
      new Map([
        [moved.id, moved],
        [gone.id, gone],
        [b.id, undefined],
      ]),
    );
    expect(out.map((t) => t.id)).toEqual([moved.id]);
    expect(patchActive(current, new Map())).toEqual(current);
  });
});
