import { useLiveQuery } from 'dexie-react-hooks';
import { z } from 'zod';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { QueueFilters, QueueSort, QueueViewId, type QueueQuery } from './queueModel.ts';

/**
 * An agent's saved queue views: a name for a view + filters + sort. Local preferences kept in the
 * agent's own database (meta `queueSavedViews`), so they survive restarts and never sync.
 */
export const SavedQueueView = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(40),
  view: QueueViewId,
  filters: QueueFilters,
  sort: QueueSort,
});
export type SavedQueueView = z.infer<typeof SavedQueueView>;

export const MAX_SAVED_VIEWS = 30;
const META_KEY = 'queueSavedViews';

/** The stored views; entries that no longer parse (an older shape) are dropped, not fatal. */
export async function readSavedViews(db: CareDeskDb): Promise<SavedQueueView[]> {
  const raw = await db.getMeta<unknown>(META_KEY);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const parsed = SavedQueueView.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function saveView(
  db: CareDeskDb,
  name: string,
  query: Pick<QueueQuery, 'view' | 'filters' | 'sort'>,
): Promise<SavedQueueView> {
  const view = SavedQueueView.parse({
    id: crypto.randomUUID(),
    name,
    view: query.view,
    filters: query.filters,
    sort: query.sort,
  });
  await db.transaction('rw', db.meta, async () => {
    const views = await readSavedViews(db);
    const kept = views.filter((v) => v.name !== view.name).slice(-(MAX_SAVED_VIEWS - 1));
    await db.setMeta(META_KEY, [...kept, view]);
  });
  return view;
}

export async function deleteSavedView(db: CareDeskDb, id: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const views = await readSavedViews(db);
    await db.setMeta(
      META_KEY,
      views.filter((v) => v.id !== id),
    );
  });
}

export function useSavedViews(db: CareDeskDb): SavedQueueView[] | undefined {
  return useLiveQuery(() => readSavedViews(db), [db]);
}

/** The saved view the current query is exactly, if any (the picker shows it as selected). */
export function matchingSavedView(
  views: readonly SavedQueueView[],
  query: Pick<QueueQuery, 'view' | 'filters' | 'sort'>,
): SavedQueueView | undefined {
  const key = (q: Pick<QueueQuery, 'view' | 'filters' | 'sort'>) =>
    JSON.stringify([
      q.view,
      q.sort,
      Object.entries(q.filters)
        .filter(([, v]) => v !== undefined)
        .sort(),
    ]);
  const wanted = key(query);
  return views.find((v) => key(v) === wanted);
}
