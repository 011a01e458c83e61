import type { CareDeskApi } from '@shared/api/contract.ts';
import type { AttachmentRef } from '@shared/domain/index.ts';
import { DRAFT_TEXT_FIELD } from '@shared/privacy/sealedText.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { DraftRow } from '../../db/types.ts';
import { needsSealing } from '../../sync/sealMutationText.ts';

/**
 * The composer's unsent work per ticket, in the local `drafts` table. Drafts never sync (they are
 * the agent's scratch space on this machine), so they are written here directly rather than
 * through a mutation. A draft with personal data in it is stored masked, with the whole text in an
 * envelope the main process made (`privacy.sealText`, ticket id + `draft`) and opens again for the
 * composer (`privacy.openDraft`): the plaintext never sits in IndexedDB.
 */
export type DraftSealer = Pick<CareDeskApi['privacy'], 'sealText' | 'openDraft'>;

export interface DraftContent {
  mode: DraftRow['mode'];
  body: string;
  attachments: AttachmentRef[];
}

export const EMPTY_DRAFT: DraftContent = { mode: 'reply', body: '', attachments: [] };

export function isEmptyDraft(d: DraftContent): boolean {
  return d.body.trim() === '' && d.attachments.length === 0;
}

export async function loadDraft(
  db: CareDeskDb,
  ticketId: string,
  sealer: DraftSealer,
): Promise<DraftContent | null> {
  const row = await db.drafts.get(ticketId);
  if (!row) return null;
  const body = row.sealedBody
    ? (await sealer.openDraft({ ticketId, sealed: row.sealedBody.sealed })).text
    : row.body;
  return { mode: row.mode, body, attachments: row.attachments };
}

/** Saves the draft; an empty one (only whitespace, no files) is deleted instead, whatever its mode. */
export async function saveDraft(
  db: CareDeskDb,
  ticketId: string,
  draft: DraftContent,
  sealer: DraftSealer,
): Promise<void> {
  if (isEmptyDraft(draft)) {
    await db.drafts.delete(ticketId);
    return;
  }
  const row: DraftRow = { ticketId, ...draft, updatedAt: Date.now() };
  if (needsSealing(draft.body)) {
    const sealed = await sealer.sealText({ recordId: ticketId, field: DRAFT_TEXT_FIELD, text: draft.body });
    row.body = sealed.masked;
    if (sealed.ref) row.sealedBody = sealed.ref;
  }
  await db.drafts.put(row);
}

export async function deleteDraft(db: CareDeskDb, ticketId: string): Promise<void> {
  await db.drafts.delete(ticketId);
}
