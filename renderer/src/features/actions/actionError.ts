import type { TFunction } from 'i18next';
import { errorDetails } from '../../api/apiError.ts';
import { replyErrorKey } from '../composer/replyErrorKey.ts';
import { rejectionParams } from '../sync/rejectionActions.ts';

/**
 * The agent-facing reason a mutation was refused (locally by the engine or later by the server):
 * `sync.reject.<code>` filled from the refusal's details (amounts as yuan, times as local time).
 */
export function refusalText(t: TFunction, err: unknown, language: string, now: number = Date.now()): string {
  const details = errorDetails(err);
  const params = rejectionParams(
    details && typeof details === 'object' ? (details as Record<string, never>) : null,
    language,
    now,
  );
  // A holder the server did not name is still someone: never leave the sentence with a gap.
  return t(replyErrorKey(err), { displayName: t('actions.ownership.unknownAgent'), ...params });
}
