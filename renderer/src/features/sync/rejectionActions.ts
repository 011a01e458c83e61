import type { RejectionDetails } from '@shared/sync/protocol.ts';
import { formatTimestamp } from '../../ui/formatTime.ts';
import { formatFen } from '../customer/CustomerOrders.tsx';

/**
 * Refusals where re-issuing the same change as a new mutation can succeed: the refusal depended on a
 * state that may have moved on since (the ticket's status, whether it is resolved yet), or on nothing
 * the agent did (`unknown`). The engine re-checks a retry against the cache before queuing it, so a
 * retry that is still bound to fail is refused on the spot instead of reaching the server.
 *
 * Not retryable: someone else holds the ticket (already_claimed, not_assignee: take over or leave it),
 * a final or missing target (ticket_closed, ticket_not_found, rma/callback/order not found), the
 * agent's rights (forbidden, invalid_assignee), the same data again (duplicate_rma reuses its RMA
 * number, refund_exceeds_total its amount, invalid_args its arguments), nothing_to_take_over (claim).
 */
const RETRYABLE: ReadonlySet<string> = new Set(['invalid_transition', 'survey_not_allowed', 'unknown']);

export function mayRetryAsNew(reason: string): boolean {
  return RETRYABLE.has(reason);
}

const MONEY_KEYS: ReadonlySet<string> = new Set(['orderTotal', 'alreadyRefunded', 'amount']);
const TIME_KEYS: ReadonlySet<string> = new Set(['at']);

/**
 * A refusal's details as i18n parameters: server times (`at`) as the agent's local time of day (with
 * the date when not today), amounts in fen as yuan; everything else as it came.
 */
export function rejectionParams(
  details: RejectionDetails | null,
  language: string,
  now: number,
): Record<string, string | number | boolean | null> {
  const params: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    // `at` is also offered as `time`, the name the messages use ("claimed by X at {{time}}").
    if (typeof value === 'number' && TIME_KEYS.has(key))
      params[key] = params.time = formatTimestamp(value, now, language);
    else if (typeof value === 'number' && MONEY_KEYS.has(key)) params[key] = formatFen(value, language);
    else params[key] = value;
  }
  return params;
}
