import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { PresenceEntry } from '@shared/sync/presence.ts';
import { useApi } from '../../app/services.tsx';
import { presenceSession } from './presenceSession.ts';

export interface Presence {
  /** The other agents on the ticket (never this agent), sorted as the server sends them. */
  others: readonly PresenceEntry[];
  /** Call on every keystroke in the reply box; reports are throttled to "started" and "stopped". */
  reportTyping: () => void;
}

const NOBODY: readonly PresenceEntry[] = [];

/**
 * Reports `ticketId` as viewed while the calling component is mounted (null: nothing to report) and
 * reads who else is on it. Any number of components may call it for one ticket: the main process
 * hears one report per window.
 */
export function usePresence(ticketId: string | null): Presence {
  const session = presenceSession(useApi());

  useEffect(() => (ticketId ? session.open(ticketId) : undefined), [session, ticketId]);

  const subscribe = useCallback(
    (listener: () => void) => (ticketId ? session.subscribe(ticketId, listener) : () => undefined),
    [session, ticketId],
  );
  const others = useSyncExternalStore(subscribe, () => (ticketId ? session.others(ticketId) : NOBODY));

  const reportTyping = useCallback(() => {
    if (ticketId) session.typing(ticketId);
  }, [session, ticketId]);

  return { others, reportTyping };
}
