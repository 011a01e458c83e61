import { useCallback } from 'react';
import { useWorkspace } from '../../app/services.tsx';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { useAppStore } from '../../store/index.ts';
import { readCase, type CaseData, type CaseHint } from './readCase.ts';

/**
 * Opening a case reads it before it selects it. Selecting first rendered the selection (old case
 * out, a spinner in), let the browser paint, and only then got the read's answers back from a busy
 * main thread: two renders and a frame before the content. Reading first — a few milliseconds of
 * IndexedDB on an idle thread — lets the selection and the case render in one commit.
 */
export interface Prefetch {
  db: CareDeskDb;
  ticketId: string;
  read: Promise<CaseData | null>;
  done: boolean;
  value: CaseData | null;
  at: number;
}

/** The latest open's read, for the case view that mounts for it. */
let pending: Prefetch | null = null;

/** A read older than this is not shown even for a moment: the live query's own read is newer. */
const PREFETCH_FRESH_MS = 2_000;

/** Longest an open waits for its read before selecting anyway (a slow disk shows a spinner instead). */
export const OPEN_WAIT_MS = 60;

function prefetch(db: CareDeskDb, ticketId: string, hint?: CaseHint): Prefetch {
  const entry: Prefetch = {
    db,
    ticketId,
    read: readCase(db, ticketId, hint),
    done: false,
    value: null,
    at: Date.now(),
  };
  entry.read.then(
    (value) => {
      entry.done = true;
      entry.value = value;
    },
    () => undefined, // the case view's live query reports failures
  );
  pending = entry;
  return entry;
}

/** The fresh prefetch of this case, or null (selected some other way, or long ago). */
export function takePrefetched(db: CareDeskDb, ticketId: string): Prefetch | null {
  const entry = pending;
  if (!entry || entry.db !== db || entry.ticketId !== ticketId) return null;
  return Date.now() - entry.at <= PREFETCH_FRESH_MS ? entry : null;
}

let latestOpen = 0;

/**
 * Opens a case: reads it (bounded by OPEN_WAIT_MS), then selects it. When opens overlap (j, j, j),
 * only the latest one selects.
 */
export async function openCase(db: CareDeskDb, ticketId: string, hint?: CaseHint): Promise<void> {
  const open = ++latestOpen;
  const entry = prefetch(db, ticketId, hint);
  await Promise.race([entry.read.catch(() => null), new Promise((r) => setTimeout(r, OPEN_WAIT_MS))]);
  if (open === latestOpen) useAppStore.getState().selectTicket(ticketId);
}

/** openCase for components: every way of opening a case (queue, keyboard, screen pop, 360, reminders). */
export function useOpenCase(): (ticketId: string, hint?: CaseHint) => void {
  const { db } = useWorkspace();
  return useCallback((ticketId: string, hint?: CaseHint) => void openCase(db, ticketId, hint), [db]);
}
