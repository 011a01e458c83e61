import { Dexie, type Table } from 'dexie';
import { useEffect, useRef, useState, type DependencyList } from 'react';
import { useAppStore } from '../../store/index.ts';

/** Whether a sync from scratch is streaming in (read when scheduling: no re-render needed). */
const initialSyncRunning = () => useAppStore.getState().syncStatus.initialSync !== null;

export interface DeferredQueryOptions {
  /** Wait after a change before re-reading (coalesces bursts; lets smaller live queries paint first). */
  delayMs?: number;
  /**
   * While a sync from scratch streams in: at least this long between re-reads, or four times the last
   * read's duration (a read of the tickets store holds back the next chunk's write to it).
   */
  busyGapMs?: number;
  /** Injectable for tests: whether the initial sync is running. */
  busy?: () => boolean;
}

/**
 * A live read for BIG queries (the whole active queue): the query re-runs after any committed write
 * to `tables` (this window's or another's: Dexie broadcasts `storagemutated`), but not at once:
 *
 * - after `delayMs` (default 100 ms), so the small live queries of the same change (the open case's
 *   timeline) reach IndexedDB and paint first instead of queueing behind a read of thousands of rows
 *   and its re-render (bench local-mutation-frame: the queue re-read was most of the time to paint);
 * - while a sync from scratch streams in, at most once per `busyGapMs` (default 1 s, or four times the
 *   last read's duration when longer), instead of after each of a hundred chunk transactions.
 *
 * Changes are watched per table, not per key range as useLiveQuery does: meant for reads that span
 * most of a table anyway. The query runs in one readonly transaction over `tables`, so it sees one
 * consistent state. Undefined until the first read.
 */
export function useDeferredTableQuery<T>(
  db: Dexie,
  tables: readonly Table[],
  querier: () => Promise<T>,
  deps: DependencyList,
  { delayMs = 100, busyGapMs = 1_000, busy = initialSyncRunning }: DeferredQueryOptions = {},
): T | undefined {
  const [result, setResult] = useState<{ value: T } | undefined>(undefined);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  // The latest querier and options, without re-subscribing when a caller passes new closures.
  const latest = useRef({ querier, delayMs, busyGapMs, busy });
  useEffect(() => {
    latest.current = { querier, delayMs, busyGapMs, busy };
  });
  if (failure) throw failure.error; // as useLiveQuery: a failing query surfaces in the component

  const names = tables.map((t) => t.name).join(',');
  useEffect(() => {
    const watched = names.split(',').map((n) => `idb://${db.name}/${n}/`);
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let running = false;
    let dirty = false;
    let lastStart = Number.NEGATIVE_INFINITY;
    let lastDuration = 0;

    const read = async () => {
      timer = null;
      running = true;
      dirty = false;
      lastStart = performance.now();
      try {
        const value = await db.transaction('r', names.split(','), () => latest.current.querier());
        if (!closed) setResult({ value });
      } catch (error) {
        // A closed database means the workspace is going away (sign-out, wipe): keep the last value.
        if (error instanceof Dexie.DatabaseClosedError) return;
        if (!closed) setFailure({ error });
      } finally {
        lastDuration = performance.now() - lastStart;
        running = false;
        if (dirty && !closed) schedule();
      }
    };

    function schedule() {
      if (closed || timer) return;
      if (running) {
        dirty = true; // re-read once the current read is done
        return;
      }
      const { delayMs, busyGapMs, busy } = latest.current;
      let wait = delayMs;
      if (busy()) {
        const gap = Math.max(busyGapMs, 4 * lastDuration);
        wait = Math.max(delayMs, lastStart + gap - performance.now());
      }
      timer = setTimeout(() => void read(), wait);
    }

    const onMutated = (parts: Record<string, unknown>) => {
      if (Object.keys(parts).some((part) => watched.some((prefix) => part.startsWith(prefix)))) schedule();
    };
    Dexie.on('storagemutated', onMutated);
    void read();
    return () => {
      closed = true;
      Dexie.on('storagemutated').unsubscribe(onMutated);
      if (timer) clearTimeout(timer);
    };
    // The caller's deps decide when the query itself changes, as with useLiveQuery.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, names, ...deps]);
  return result?.value;
}
