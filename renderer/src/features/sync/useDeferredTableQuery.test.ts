import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTicket, uid } from '../../../test/fixtures.ts';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import { deriveTicket } from '../../db/derive.ts';
import { useDeferredTableQuery } from './useDeferredTableQuery.ts';

let db: CareDeskDb;

beforeEach(async () => {
  db = new CareDeskDb(`deferred-${crypto.randomUUID()}`);
  await db.open();
});

afterEach(async () => {
  await db.delete();
});

const putTicket = () => db.tickets.put(deriveTicket(makeTicket({ id: uid() })));

function countingCount() {
  let runs = 0;
  const query = async () => {
    runs += 1;
    return db.tickets.count();
  };
  return { query, runs: () => runs };
}

describe('useDeferredTableQuery', () => {
  it('re-reads after a committed write to its table, once for a burst, and ignores other tables', async () => {
    const { query, runs } = countingCount();
    const { result } = renderHook(() =>
      useDeferredTableQuery(db, [db.tickets], query, [], { delayMs: 30, busy: () => false }),
    );
    await waitFor(() => expect(result.current).toBe(0));
    const before = runs();
    for (let i = 0; i < 5; i++) await putTicket();
    await waitFor(() => expect(result.current).toBe(5));
    expect(runs() - before).toBeLessThanOrEqual(2);

    const settled = runs();
    await db.setMeta('queueSavedViews', []); // another table
    await new Promise((r) => setTimeout(r, 80));
    expect(runs()).toBe(settled);
  });

  it('waits `delayMs` before re-reading, so smaller live queries go first', async () => {
    const { query } = countingCount();
    const { result } = renderHook(() =>
      useDeferredTableQuery(db, [db.tickets], query, [], { delayMs: 150, busy: () => false }),
    );
    await waitFor(() => expect(result.current).toBe(0));
    await putTicket();
    await new Promise((r) => setTimeout(r, 60));
    expect(result.current).toBe(0); // not yet
    await waitFor(() => expect(result.current).toBe(1));
  });

  it('re-reads at most once per gap while the initial sync runs, and ends on the latest state', async () => {
    const { query, runs } = countingCount();
    const { result } = renderHook(() =>
      useDeferredTableQuery(db, [db.tickets], query, [], { delayMs: 0, busyGapMs: 200, busy: () => true }),
    );
    await waitFor(() => expect(result.current).toBe(0));
    const before = runs();
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      await putTicket();
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => expect(result.current).toBe(10), { timeout: 2_000 });
    const elapsed = performance.now() - started;
    expect(runs() - before).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
  });
});
