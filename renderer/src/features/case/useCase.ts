import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { takePrefetched } from './openCase.ts';
import { readCase, type CaseData } from './readCase.ts';

/** Equal reads of a case: the same rows (JSON of plain IndexedDB values) and the same pending ids. */
function sameCase(a: CaseData | null, b: CaseData | null): boolean {
  if (a === null || b === null) return a === b;
  const plain = (d: CaseData) =>
    JSON.stringify([d.ticket, d.customer, d.order, [...d.orders.values()], d.events, [...d.agents.values()]]);
  return (
    a.pendingEventIds.size === b.pendingEventIds.size &&
    [...a.pendingEventIds].every((id) => b.pendingEventIds.has(id)) &&
    plain(a) === plain(b)
  );
}

/**
 * The open case, live: undefined while loading, null when the ticket is not cached. The first value
 * comes from openCase's prefetch when there is one; the live query (re-run on every change to what
 * it read) takes over from its first result on, and a prefetch arriving after that is dropped.
 */
export function useCase(db: CareDeskDb, ticketId: string): CaseData | null | undefined {
  // A prefetch that has already answered (openCase waits for it) is the first render's value: the
  // case renders in the same commit as the selection.
  const [first] = useState(() => takePrefetched(db, ticketId));
  const [firstShown] = useState(() => first?.done === true);
  const [state, setState] = useState<{ ticketId: string; data: CaseData | null } | undefined>(() =>
    firstShown && first ? { ticketId, data: first.value } : undefined,
  );
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  if (failure) throw failure.error; // as useLiveQuery: a failing read surfaces in the component
  useEffect(() => {
    let live = false;
    let closed = false;
    // The prefetch's value on screen (from the first render, or set below once it answers).
    let shownFromPrefetch = firstShown;
    if (first && !first.done)
      first.read.then(
        (data) => {
          if (closed || live) return;
          shownFromPrefetch = true;
          setState({ ticketId, data });
        },
        () => undefined,
      );
    const subscription = liveQuery(() => readCase(db, ticketId)).subscribe({
      next: (data) => {
        // The live query's first read usually finds what the prefetch found a moment earlier: keep
        // the rendered value then, rather than re-render the whole case for an equal one.
        const same = !live && shownFromPrefetch && sameCase(first!.value, data);
        live = true;
        if (!closed && !same) setState({ ticketId, data });
      },
      error: (error: unknown) => {
        if (!closed) setFailure({ error });
      },
    });
    return () => {
      closed = true;
      subscription.unsubscribe();
    };
  }, [db, ticketId, first, firstShown]);
  return state?.ticketId === ticketId ? state.data : undefined;
}
