/**
 * Group commit: items submitted while a write is in progress wait and go together into the next
 * write, so N concurrent callers pay for one transaction instead of N (writes are serialised by the
 * sync_state lock anyway, see db/beginWrite.ts). Each caller gets its own item's answer.
 *
 * - A write starts once the I/O callbacks already due have run, so items that arrive together are
 *   written together.
 * - While callers are concurrent (the last write carried more than one item), a write first waits up
 *   to `lingerMs` for more companions, unless `maxBatch` are already queued: PostgreSQL's
 *   commit_delay/commit_siblings, for the same reason. Without it, N callers that each send again as
 *   soon as they are answered settle into two alternating halves and every write carries N/2 items;
 *   with it, a write carries about N, so its fixed cost is shared twice as widely. A lone caller
 *   never waits. On PGlite the wait costs no throughput: the one thread spends it on requests.
 * - At most `maxBatch` items per write, so a write (and every caller's latency) stays bounded.
 * - When a write of several items fails with an error `isItemFault` blames on the data (a value the
 *   database refused), each item is written again alone: only the culprit fails. Any other failure
 *   (connection lost, database down) rejects every caller of that write; channels retry, and the
 *   write function must be idempotent for that.
 */
export interface GroupCommitOptions {
  maxBatch: number;
  /** How long a write waits for more items while callers are concurrent; 0: never. */
  lingerMs: number;
  isItemFault: (err: unknown) => boolean;
}

export type Submit<I, O> = (item: I) => Promise<O>;

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

export function createGroupCommit<I, O>(
  write: (items: readonly I[]) => Promise<readonly O[]>,
  options: GroupCommitOptions,
): Submit<I, O> {
  if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) {
    throw new RangeError(`maxBatch must be a positive integer (got ${options.maxBatch})`);
  }
  if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0) {
    throw new RangeError(`lingerMs must be a finite number >= 0 (got ${options.lingerMs})`);
  }
  const queue: Waiting<I, O>[] = [];
  let draining = false;
  /** Items in the last write: more than one is the sign of concurrent callers that makes a linger pay. */
  let lastWriteSize = 0;
  /** Ends the current linger early: set while a write waits for companions. */
  let stopLingering: (() => void) | null = null;

  const linger = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.lingerMs);
      function done() {
        clearTimeout(timer);
        stopLingering = null;
        resolve();
      }
      stopLingering = done;
    });

  const blamesItem = (err: unknown) => {
    try {
      return options.isItemFault(err);
    } catch {
      return false;
    }
  };
  // Never rejects: every caller of the batch is answered one way or the other.
  const settle = async (batch: readonly Waiting<I, O>[]) => {
    try {
      const answers = await write(batch.map((w) => w.item));
      if (answers.length !== batch.length) {
        throw new Error(`group commit: ${answers.length} answers for ${batch.length} items`);
      }
      batch.forEach((w, i) => w.resolve(answers[i]!));
    } catch (err) {
      if (batch.length > 1 && blamesItem(err)) {
        for (const w of batch) await settle([w]);
      } else {
        for (const w of batch) w.reject(err);
      }
    }
  };

  const drain = async () => {
    while (queue.length) {
      if (options.lingerMs > 0 && lastWriteSize > 1 && queue.length < options.maxBatch) await linger();
      const batch = queue.splice(0, options.maxBatch);
      lastWriteSize = batch.length;
      await settle(batch);
    }
    draining = false;
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (queue.length >= options.maxBatch) stopLingering?.();
      if (draining) return;
      draining = true;
      setImmediate(() => void drain());
    });
}
