import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { takePrefetched } from './openCase.ts';
import { readCase, type CaseData } from './readCase.ts';

/**
 * The open case, live: undefined while loading, null when the ticket is not cached. The first value
 * comes from openCase's prefetch when there is one; the live query (re-run on every change to what
 * it read) takes over from its first result on, and a prefetch arriving after that is dropped.
 */
export function useCase(db: CareDeskDb, ticketId: string): CaseData | null | undefined {
  // A prefetch that has already answered (openCase waits for it) is the first render's value: the
  // case renders in the same commit as the selection.
  const [first] = useState(() => takePrefetched(db, ticketId));
  const [state, setState] = useState<{ ticketId: string; data: CaseData | null } | undefined>(() =>
    first?.done ? { ticketId, data: first.value } : undefined,
  );
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  if (failure) throw failure.error; // as useLiveQuery: a failing read surfaces in the component
  useEffect(() => {
    let live = false;
    let closed = false;
    if (first && !first.done)
      first.read.then(
        (data) => {
          if (!closed && !live) setState({ ticketId, data });
        },
        () => undefined,
      );
    const subscription = liveQuery(() => readCase(db, ticketId)).subscribe({
      next: (data) => {
        live = true;
        if (!closed) setState({ ticketId, data });
      },
      error: (error: unknown) => {
        if (!closed) setFailure({ error });
      },
    });
    return () => {
      closed = true;
      subscription.unsubscribe();
    };
  }, [db, ticketId, first]);
  return state?.ticketId === ticketId ? state.data : undefined;
}
