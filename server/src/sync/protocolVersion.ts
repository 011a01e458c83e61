import { PROTOCOL_HEADER } from '@shared/sync/protocol.ts';

/**
 * The oldest client protocol this server still serves (shared/sync/protocol.ts PROTOCOL_VERSION).
 * Raise it when a release stops understanding old clients; they get 426 and ask for an update.
 */
export const MIN_CLIENT_PROTOCOL = 1;

/**
 * The protocol version a request claims: the header's integer, 1 when absent (clients from before
 * the header existed spoke version 1), 0 when unreadable (treated as too old).
 */
export function requestProtocol(headers: Record<string, string | string[] | undefined>): number {
  const raw = headers[PROTOCOL_HEADER];
  if (raw === undefined) return 1;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value !== undefined && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : 0;
}
