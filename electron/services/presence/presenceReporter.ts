import { PRESENCE_HEARTBEAT_MS } from '@shared/sync/presence.ts';

/** What the seat shows: a ticket (or none) and whether the agent is typing on it. */
export interface PresenceState {
  ticketId: string | null;
  typing: boolean;
}

export interface PresenceReporter {
  /** Reports `state` now, then every heartbeat while a ticket is open; resolves once sent or failed. */
  set(state: PresenceState): Promise<void>;
  /** Re-sends the open ticket at once (after a reconnect: the server may have expired it). */
  resend(): Promise<void>;
  /** Reports "no case open" and stops (sign-out). */
  leave(): Promise<void>;
  /** Stops without a word (the session is already gone). */
  stop(): void;
}

/**
 * Keeps the server's presence record of this seat alive. Reports go out one at a time, and a report
 * queued behind another carries the newest state when it leaves: a late heartbeat can never
 * reopen a ticket the agent has closed meanwhile. Failures are dropped (presence is best-effort and
 * online-only); the next heartbeat tries again.
 */
export function createPresenceReporter(options: {
  post: (state: PresenceState) => Promise<void>;
  heartbeatMs?: number;
}): PresenceReporter {
  const heartbeatMs = options.heartbeatMs ?? PRESENCE_HEARTBEAT_MS;
  let current: PresenceState | null = null;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let queued: Promise<void> | null = null;

  function send(): Promise<void> {
    queued ??= chain.then(async () => {
      queued = null;
      const state = current;
      if (!state) return;
      await options.post(state).catch(() => undefined);
    });
    chain = queued;
    return queued;
  }

  function rearm() {
    clearInterval(heartbeat);
    heartbeat = undefined;
    if (current?.ticketId) {
      heartbeat = setInterval(() => void send(), heartbeatMs);
      heartbeat.unref?.();
    }
  }

  return {
    set(state) {
      current = { ticketId: state.ticketId, typing: state.ticketId !== null && state.typing };
      rearm();
      return send();
    },
    resend: () => (current?.ticketId ? send() : Promise.resolve()),
    async leave() {
      if (!current) return;
      const leaving = { ticketId: null, typing: false };
      current = leaving;
      rearm();
      await send();
      // A sign-in that did not wait for this (slow server) may have opened a ticket meanwhile.
      if (current === leaving) current = null;
    },
    stop() {
      current = null;
      rearm();
    },
  };
}
