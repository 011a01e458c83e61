import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../app/services.tsx';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { deleteDraft, EMPTY_DRAFT, loadDraft, saveDraft, type DraftContent } from './drafts.ts';

export const DRAFT_SAVE_DELAY_MS = 300;

export interface ComposerDraft {
  draft: DraftContent;
  setDraft(update: (current: DraftContent) => DraftContent): void;
  /** False until the stored draft (if any) has been read: edits before that are not saved over it. */
  restored: boolean;
  /** True once the latest edit is on disk. */
  saved: boolean;
  /** Forgets the draft (after a send): cancels a pending save and deletes the stored row. */
  discard(next?: DraftContent): Promise<void>;
}

/**
 * The composer's content for one ticket, restored from the `drafts` table when the case opens and
 * saved there ~300 ms after the last edit, so it survives switching cases and restarting the app.
 * A pending save is flushed when the composer unmounts (the agent switched to another case).
 * Personal data in a draft is sealed by the main process before it is stored (drafts.ts).
 */
export function useComposerDraft(db: CareDeskDb, ticketId: string): ComposerDraft {
  const sealer = useApi().privacy;
  const [draft, setDraftState] = useState<DraftContent>(EMPTY_DRAFT);
  const [restored, setRestored] = useState(false);
  const [saved, setSaved] = useState(true);
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; content: DraftContent } | null>(null);
  const touched = useRef(false);
  const saving = useRef<Promise<void>>(Promise.resolve());
  // The content as of the last change, for updates and saves outside React's render cycle.
  const latest = useRef<DraftContent>(EMPTY_DRAFT);

  useEffect(() => {
    let cancelled = false;
    loadDraft(db, ticketId, sealer)
      .then((stored) => {
        // An edit made while the read was in flight wins over the stored draft.
        if (cancelled || !stored || touched.current) return;
        latest.current = stored;
        setDraftState(stored);
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setRestored(true);
      });
    return () => {
      cancelled = true;
    };
  }, [db, ticketId, sealer]);

  const flush = useCallback(() => {
    const job = pending.current;
    if (!job) return;
    clearTimeout(job.timer);
    pending.current = null;
    // Saves run one after another (sealing makes them asynchronous), so a discard waits for them.
    const save = saving.current.then(() => saveDraft(db, ticketId, job.content, sealer));
    saving.current = save.catch(() => undefined);
    void save.then(() => setSaved(true)).catch(() => undefined);
  }, [db, ticketId, sealer]);

  useEffect(() => flush, [flush]);

  const setDraft = useCallback(
    (update: (current: DraftContent) => DraftContent) => {
      touched.current = true;
      const next = update(latest.current);
      latest.current = next;
      setDraftState(next);
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = { timer: setTimeout(flush, DRAFT_SAVE_DELAY_MS), content: next };
      setSaved(false);
    },
    [flush],
  );

  const discard = useCallback(
    async (next: DraftContent = EMPTY_DRAFT) => {
      if (pending.current) clearTimeout(pending.current.timer);
      pending.current = null;
      latest.current = next;
      setDraftState(next);
      await saving.current;
      await deleteDraft(db, ticketId);
      setSaved(true);
    },
    [db, ticketId],
  );

  return { draft, setDraft, restored, saved, discard };
}
