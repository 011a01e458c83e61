import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './groupCommit.ts';

class DataFault extends Error {
  code = '23514';
}

/** A write that answers each item with its double and records the batches it was given. */
function recordingWrite(options: { refuse?: (item: number) => boolean; outage?: () => boolean } = {}) {
  const batches: number[][] = [];
  const write = async (items: readonly number[]) => {
    batches.push([...items]);
    // Let other submissions interleave with the "transaction", as real statements do.
    await new Promise((resolve) => setImmediate(resolve));
    if (options.outage?.()) throw new Error('connection terminated');
    if (items.some((item) => options.refuse?.(item) ?? false)) throw new DataFault('refused');
    return items.map((item) => item * 2);
  };
  return { batches, write };
}

const isItemFault = (err: unknown) => err instanceof DataFault;

describe('createGroupCommit', () => {
  it('answers every caller with its own item’s result, in batches of at most maxBatch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 150 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0, 1),
        async (items, maxBatch, lingerMs) => {
          const { batches, write } = recordingWrite();
          const submit = createGroupCommit(write, { maxBatch, lingerMs, isItemFault });
          const answers = await Promise.all(items.map((item) => submit(item)));
          expect(answers).toEqual(items.map((item) => item * 2));
          expect(batches.every((b) => b.length >= 1 && b.length <= maxBatch)).toBe(true);
          // Every item written exactly once, in submission order.
          expect(batches.flat()).toEqual(items);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes items that arrive while a write is in progress together in the next write', async () => {
    const { batches, write } = recordingWrite();
    const submit = createGroupCommit(write, { maxBatch: 64, lingerMs: 1, isItemFault });
    const first = submit(1);
    // The first write starts on its own; these five arrive while it runs.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4, 5, 6].map((item) => submit(item));
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
  });

  it('fails only the culprit when a write is refused because of one item’s data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 100 }),
        async (items, poison) => {
          const { write } = recordingWrite({ refuse: (item) => item === poison });
          const submit = createGroupCommit(write, { maxBatch: 16, lingerMs: 0, isItemFault });
          const outcomes = await Promise.allSettled(items.map((item) => submit(item)));
          outcomes.forEach((outcome, i) => {
            if (items[i] === poison) {
              expect(outcome.status).toBe('rejected');
              expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DataFault);
            } else {
              expect(outcome).toEqual({ status: 'fulfilled', value: items[i]! * 2 });
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects every caller of a write that fails for another reason, and recovers afterwards', async () => {
    let down = true;
    const { batches, write } = recordingWrite({ outage: () => down });
    const submit = createGroupCommit(write, { maxBatch: 64, lingerMs: 1, isItemFault });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((item) => submit(item)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    // Not split item by item: the outage is nobody's data.
    expect(batches).toEqual([[1, 2, 3, 4]]);
    down = false;
    expect(await Promise.all([1, 2].map((item) => submit(item)))).toEqual([2, 4]);
  });

  it('answers callers even when classifying the error throws', async () => {
    const { write } = recordingWrite({ refuse: () => true });
    const submit = createGroupCommit(write, {
      maxBatch: 8,
      lingerMs: 0,
      isItemFault: () => {
        throw new Error('classifier bug');
      },
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => submit(item)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await submit(4).catch((err: unknown) => err)).toBeInstanceOf(DataFault);
  });

  // A linger of an hour: were it ever waited out here, the test would time out.
  const HOUR = 3_600_000;

  it('never lingers for a lone caller', async () => {
    const { batches, write } = recordingWrite();
    const submit = createGroupCommit(write, { maxBatch: 8, lingerMs: HOUR, isItemFault });
    expect(await submit(21)).toBe(42);
    expect(await submit(5)).toBe(10);
    expect(batches).toEqual([[21], [5]]);
  });

  it('lingers for companions while callers are concurrent, until a full batch is queued', async () => {
    const { batches, write } = recordingWrite();
    const submit = createGroupCommit(write, { maxBatch: 4, lingerMs: HOUR, isItemFault });
    // Two callers at once: the next write waits for company…
    expect(await Promise.all([submit(1), submit(2)])).toEqual([2, 4]);
    const lingering = submit(3);
    await new Promise((resolve) => setImmediate(resolve));
    // …and these three join it, making the batch full, which ends the wait.
    const joining = [4, 5, 6].map((item) => submit(item));
    expect(await Promise.all([lingering, ...joining])).toEqual([6, 8, 10, 12]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
  });

  it('refuses a batch bound that is not a positive integer, or a negative linger', () => {
    const { write } = recordingWrite();
    expect(() => createGroupCommit(write, { maxBatch: 0, lingerMs: 0, isItemFault })).toThrow(/maxBatch/);
    expect(() => createGroupCommit(write, { maxBatch: 2.5, lingerMs: 0, isItemFault })).toThrow(/maxBatch/);
    expect(() => createGroupCommit(write, { maxBatch: 4, lingerMs: -1, isItemFault })).toThrow(/lingerMs/);
  });
});
