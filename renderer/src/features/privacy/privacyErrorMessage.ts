import { isPrivacyErrorCode } from '@shared/privacy/errors.ts';
import type { TFunction } from 'i18next';
import { errorCode, errorDetails } from '../../api/apiError.ts';
import { errorMessageKey } from '../../i18n/errorMessage.ts';
import { formatRelative } from '../../ui/formatTime.ts';

/**
 * The message for a failed privacy call, in the UI language: its own text for privacy codes (with
 * "when" filled from a rate limit's retryAt), the shared `errors.*` text otherwise.
 */
export function privacyErrorMessage(err: unknown, t: TFunction, now: number, language: string): string {
  const code = errorCode(err);
  if (!isPrivacyErrorCode(code)) return t(errorMessageKey(code));
  const retryAt = (errorDetails(err) as { retryAt?: unknown } | undefined)?.retryAt;
  const when =
    typeof retryAt === 'number' ? formatRelative(Math.max(retryAt, now + 1_000), now, language) : '';
  return t(`privacy.errors.${code}`, { when });
}
