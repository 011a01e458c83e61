import { createParser } from 'eventsource-parser';
import { ApiCallError } from '@shared/api/errors.ts';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol.ts';

export type LiveState = 'online' | 'offline';

export interface LiveChannelTuning {
  /** First reconnect delay ceiling; doubles per failed attempt up to maxDelayMs ("full jitter"). */
  initialDelayMs: number;
  maxDelayMs: number;
  /** The server sends a comment every 20 s; silence this long means a dead connection (e.g. half-open TCP). */
  heartbeatTimeoutMs: number;
  random: () => number;
}

export const DEFAULT_LIVE_TUNING: LiveChannelTuning = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  heartbeatTimeoutMs: 45_000,
  random: Math.random,
};

export interface LiveChannelOptions {
  url: string;
  fetch: typeof fetch;
  accessToken: () => string | null;
  /** Exchanges the refresh token after a 401; rejects with `session_expired` when the session is over. */
  refresh: (staleAccessToken: string) => Promise<void>;
  onPoke: () => void;
  /** Someone else opened, left or typed on a ticket of the agent's team (`event: presence`). */
  onPresence?: () => void;
  onState: (state: LiveState) => void;
  /** The server answered 426 (this client's protocol is too old): the channel has stopped for good. */
  onUpgradeRequired?: () => void;
  tuning?: Partial<LiveChannelTuning>;
}

export interface LiveChannel {
  close(): void;
}

/** Reconnects stop for good on these: only signing in again (or updating the app) helps. */
const FATAL_CODES = new Set(['session_expired', 'not_logged_in', 'client_too_old']);

/**
 * Keeps one Server-Sent Events stream to GET /api/sync/events open. EventSource cannot send an
 * Authorization header, so this reads the stream through fetch and eventsource-parser. Pokes carry no
 * data; after a reconnect one synthetic poke (and presence change) is emitted, since changes made
 * while offline sent none.
 */
export function openLiveChannel(options: LiveChannelOptions): LiveChannel {
  const tuning = { ...DEFAULT_LIVE_TUNING, ...options.tuning };
  const closed = new AbortController();
  let state: LiveState | null = null;
  let connectedBefore = false;

  const setState = (next: LiveState) => {
    if (state === next || closed.signal.aborted) return;
    state = next;
    options.onState(next);
  };

  /** Resolves when the stream ends; throws on a failure worth backing off for. */
  async function connectOnce(): Promise<'ended' | 'refreshed'> {
    const token = options.accessToken();
    if (!token) throw new ApiCallError('not_logged_in', 'The live channel needs a signed-in session.');
    const connection = new AbortController();
    const abortConnection = () => connection.abort();
    closed.signal.addEventListener('abort', abortConnection);
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const armWatchdog = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(abortConnection, tuning.heartbeatTimeoutMs);
    };
    try {
      armWatchdog();
      const response = await options.fetch(options.url, {
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
        signal: connection.signal,
        cache: 'no-store',
      });
      if (response.status === 401) {
        await response.body?.cancel();
        await options.refresh(token);
        return 'refreshed';
      }
      if (response.status === 426) {
        await response.body?.cancel();
        throw new ApiCallError('client_too_old', 'The sync server no longer serves this client version.');
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new Error(`live channel answered ${response.status}`);
      }
      setState('online');
      if (connectedBefore) {
        options.onPoke();
        options.onPresence?.();
      }
      connectedBefore = true;
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === 'poke') options.onPoke();
          // The data names the ticket; the contract's event is data-free, so it goes no further.
          else if (event.event === 'presence') options.onPresence?.();
        },
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return 'ended';
        armWatchdog();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(watchdog);
      closed.signal.removeEventListener('abort', abortConnection);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    let justRefreshed = false;
    while (!closed.signal.aborted) {
      try {
        const outcome = await connectOnce();
        // Reconnect at once with the new token, but only once: a server that keeps answering 401 to
        // fresh tokens gets the same backoff as any other failure.
        if (outcome === 'refreshed' && !justRefreshed) {
          justRefreshed = true;
          continue;
        }
        if (outcome === 'ended') attempt = 0;
      } catch (err) {
        if (err instanceof ApiCallError && FATAL_CODES.has(err.code)) {
          setState('offline');
          if (err.code === 'client_too_old' && !closed.signal.aborted) options.onUpgradeRequired?.();
          return;
        }
      }
      justRefreshed = false;
      setState('offline');
      const ceiling = Math.min(tuning.maxDelayMs, tuning.initialDelayMs * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      await sleep(Math.round(tuning.random() * ceiling), closed.signal);
    }
  }

  void run();
  return { close: () => closed.abort() };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
