import { cmp, RangeSet, type IntervalTree } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTicket } from '../../test/fixtures.ts';
import { CareDeskDb } from './CareDeskDb.ts';
import { deriveTicket } from './derive.ts';
import { onTableMutated } from './onTableMutated.ts';
import {
  announceTicketWrite,
  claimTicketWrite,
  KEYLESS_BULK_PUT,
  type TicketWrite,
} from './ticketWriteHandoff.ts';

let db: CareDeskDb;
beforeEach(async () => {
  db = new CareDeskDb(`handoff-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const rows = (n: number) => Array.from({ length: n }, () => deriveTicket(makeTicket()));

/** Whether a notification names its keys one by one (false: a range, such as everything). */
const namesKeys = (tree: IntervalTree) => [...RangeSet(tree)].every((node) => cmp(node.from, node.to) === 0);

/** The tickets notification a bulkPut of `n` rows brings. */
async function notificationOfBulkPut(n: number): Promise<IntervalTree> {
  let seen: IntervalTree | null = null;
  const stop = onTableMutated(db, 'tickets', (keys) => (seen = keys));
  try {
    await db.tickets.bulkPut(rows(n));
    await expect.poll(() => seen).not.toBeNull();
    return seen!;
  } finally {
    stop();
  }
}

describe('ticket write handoff', () => {
  // The handoff relies on this Dexie behaviour: if an upgrade changes the threshold, this fails.
  it('a bulkPut is notified with no keys from KEYLESS_BULK_PUT rows, with its keys below', async () => {
    expect(namesKeys(await notificationOfBulkPut(KEYLESS_BULK_PUT - 1))).toBe(true);
    expect(namesKeys(await notificationOfBulkPut(KEYLESS_BULK_PUT))).toBe(false);
  });

  it('claims go to announced writes oldest first, each once; settle hands the rows to the claimer', () => {
    const a = announceTicketWrite(db, KEYLESS_BULK_PUT);
    const b = announceTicketWrite(db, KEYLESS_BULK_PUT);
    const got: Array<[string, TicketWrite | null]> = [];
    expect(claimTicketWrite(db, (w) => got.push(['first', w]))).toBe(true);
    expect(claimTicketWrite(db, (w) => got.push(['second', w]))).toBe(true);
    expect(claimTicketWrite(db, () => got.push(['third', null]))).toBe(false);
    const write: TicketWrite = { puts: rows(1), dels: ['x'] };
    b.settle(null);
    a.settle(write);
    a.settle(null); // settled once: a second call is ignored
    expect(got).toEqual([
      ['second', null],
      ['first', write],
    ]);
    expect(claimTicketWrite(db, () => undefined)).toBe(false);
  });

  it('a write too small to be notified without keys is not announced, so nothing can claim it', () => {
    const small = announceTicketWrite(db, KEYLESS_BULK_PUT - 1);
    expect(claimTicketWrite(db, () => undefined)).toBe(false);
    small.settle({ puts: [], dels: [] });
  });

  it('an unclaimed announcement settles to nobody and is gone', () => {
    announceTicketWrite(db, KEYLESS_BULK_PUT).settle({ puts: [], dels: [] });
    expect(claimTicketWrite(db, () => undefined)).toBe(false);
  });
});
