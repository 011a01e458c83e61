import type { AttachmentRef } from '@shared/domain/index.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { DraftRow } from '../../db/types.ts';

/**
 * The composer's unsent work per ticket, in the local `drafts` table. Drafts never sync (they are
 * the agent's scratch space on this machine), so they are written here directly rather than
 * through a mutation.
 */
export interface DraftContent {
  mode: DraftRow['mode'];
  body: string;
  attachments: AttachmentRef[];
}

export const EMPTY_DRAFT: DraftContent = { mode: 'reply', body: '', attachments: [] };

export function isEmptyDraft(d: DraftContent): boolean {
  return d.body.trim() === '' && d.attachments.length === 0;
}

export async function loadDraft(db: CareDeskDb, ticketId: string): Promise<DraftContent | null> {
  const row = await db.drafts.get(ticketId);
  return row ? { mode: row.mode, body: row.body, attachments: row.attachments } : null;
}

/** Saves the draft; an empty one (only whitespace, no files) is deleted instead, whatever its mode. */
export async function saveDraft(db: CareDeskDb, ticketId: string, draft: DraftContent): Promise<void> {
  if (isEmptyDraft(draft)) await db.drafts.delete(ticketId);
  else await db.drafts.put({ ticketId, ...draft, updatedAt: Date.now() });
}

export async function deleteDraft(db: CareDeskDb, ticketId: string): Promise<void> {
  await db.drafts.delete(ticketId);
}
