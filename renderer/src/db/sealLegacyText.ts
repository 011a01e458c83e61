import type { CareDeskApi } from '@shared/api/contract.ts';
import { DRAFT_TEXT_FIELD } from '@shared/privacy/sealedText.ts';
import { needsSealing, sealMutationText } from '../sync/sealMutationText.ts';
import type { CareDeskDb } from './CareDeskDb.ts';
import type { OutboxEntry, RejectedMutation } from './types.ts';

/**
 * Seals free text that a version before v5 left in plaintext in the agent's own rows: outbox and
 * rejected mutations' text arguments, and drafts. The v5 upgrade cannot do it (sealing is the main
 * process's, and an upgrade cannot wait for it), so the sync engine calls this on start. Each row is
 * sealed outside any transaction, then written back only if it did not change meanwhile (another
 * window sealed it, the push acked it…). Idempotent: rows already sealed are left alone.
 */
export async function sealLegacyText(db: CareDeskDb, api: CareDeskApi): Promise<void> {
  for (const table of [db.outbox, db.rejected] as const) {
    const rows: (OutboxEntry | RejectedMutation)[] = await table.toArray();
    for (const row of rows) {
      const args = await sealMutationText(api, row.name, row.args as Record<string, unknown>);
      if (args === row.args) continue;
      await db.transaction('rw', table, async () => {
        const current = await table.get(row.id);
        if (!current || JSON.stringify(current.args) !== JSON.stringify(row.args)) return;
        await table.put({ ...current, args } as never);
      });
    }
  }
  for (const draft of await db.drafts.toArray()) {
    if (draft.sealedBody || !needsSealing(draft.body)) continue;
    const sealed = await api.privacy.sealText({
      recordId: draft.ticketId,
      field: DRAFT_TEXT_FIELD,
      text: draft.body,
    });
    if (!sealed.ref) continue;
    await db.transaction('rw', db.drafts, async () => {
      const current = await db.drafts.get(draft.ticketId);
      if (!current || current.body !== draft.body || current.sealedBody) return;
      await db.drafts.put({ ...current, body: sealed.masked, sealedBody: sealed.ref ?? undefined });
    });
  }
}
