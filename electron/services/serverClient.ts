import { z } from 'zod';
import { ApiCallError } from '@shared/api/errors.ts';
import type { LoginRequest } from '@shared/api/http.ts';
import { ApiError, DemoInfo, LoginResponse, TokenPair } from '@shared/api/http.ts';
import type { Agent } from '@shared/domain/index.ts';
import { PresenceList, type PresenceReport } from '@shared/sync/presence.ts';
import type { PullRequest, PushRequest } from '@shared/sync/protocol.ts';
import {
  MutationGap,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponse,
  PushResponse,
} from '@shared/sync/protocol.ts';
import type { LiveChannel, LiveChannelTuning, LiveState } from './liveChannel.ts';
import { openLiveChannel } from './liveChannel.ts';
import type { Session } from './session.ts';

export interface ServerClientOptions {
  /** e.g. http://127.0.0.1:4700 (no trailing path). */
  baseUrl: string;
  session: Session;
  fetch?: typeof fetch;
  /** Called when the server rejects the refresh token: only signing in again helps. */
  onSessionExpired?: () => void;
  /** Called when the server answers 426 `client_too_old` (sync, live channel): only an update helps. */
  onUpgradeRequired?: () => void;
  requestTimeoutMs?: number;
  liveTuning?: Partial<LiveChannelTuning>;
}

export interface ServerClient {
  /** The demo accounts, or null when the server is not in demo mode or cannot be reached. */
  demo(): Promise<DemoInfo | null>;
  login(request: LoginRequest): Promise<Agent>;
  /** Ends the session locally at once, then revokes the refresh token on the server if it can. */
  logout(): Promise<void>;
  pull(request: PullRequest): Promise<PullResponse>;
  push(request: PushRequest): Promise<PushResponse>;
  /** POST /api/sync/presence: what this seat shows now. */
  reportPresence(report: PresenceReport): Promise<void>;
  /** GET /api/sync/presence: the others on a ticket. */
  presenceOf(ticketId: string): Promise<PresenceList>;
  openLiveChannel(
    onPoke: () => void,
    onState: (state: LiveState) => void,
    onPresence?: () => void,
  ): LiveChannel;
}

const PresenceAck = z.object({ ok: z.literal(true) });

export function createServerClient(options: ServerClientOptions): ServerClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const { session } = options;
  let refreshing: Promise<void> | null = null;

  async function send(path: string, init: { method?: string; body?: unknown; token?: string | null }) {
    const headers: Record<string, string> = {
      accept: 'application/json',
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    try {
      return await doFetch(base + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      // Never include the request body: it may hold a password or a refresh token.
      throw new ApiCallError('server_unreachable', `The sync server at ${base} could not be reached.`, {
        reason: cause instanceof Error ? cause.name : 'unknown',
      });
    }
  }

  async function parseBody<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
    const json: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiCallError(
        'bad_server_response',
        `The sync server sent an unexpected answer (${response.status}).`,
      );
    }
    return parsed.data;
  }

  /** Turns a non-2xx answer into the error the renderer sees, keeping the server's stable code. */
  async function failure(response: Response, fallbackCode: string): Promise<ApiCallError> {
    const json: unknown = await response.json().catch(() => undefined);
    const gap = MutationGap.safeParse(json);
    if (gap.success) {
      return new ApiCallError('mutation_gap', 'The server expects an earlier mutation first.', {
        expected: gap.data.expected,
      });
    }
    const body = ApiError.safeParse(json);
    if (response.status === 426 || body.data?.code === 'client_too_old') {
      options.onUpgradeRequired?.();
      return new ApiCallError(
        'client_too_old',
        body.data?.message ?? 'This client is too old for the sync server.',
        body.data?.details,
      );
    }
    if (body.success) return new ApiCallError(body.data.code, body.data.message, body.data.details);
    return new ApiCallError(fallbackCode, `The sync server answered ${response.status}.`);
  }

  function expire(): ApiCallError {
    session.clear();
    options.onSessionExpired?.();
    return new ApiCallError('session_expired', 'The session has expired: sign in again.');
  }

  /**
   * Refresh tokens are single-use, so concurrent 401s must share one refresh: a second exchange of the
   * same token would be treated as reuse and end the session.
   */
  function refreshAfter(staleAccessToken: string): Promise<void> {
    if (session.accessToken() !== staleAccessToken && session.accessToken() !== null)
      return Promise.resolve();
    refreshing ??= (async () => {
      const refreshToken = session.refreshToken();
      if (!refreshToken) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
      const response = await send('/api/auth/refresh', { body: { refreshToken } });
      if (response.status === 400 || response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        if (session.refreshToken() === refreshToken) throw expire();
        return; // Signed out or in again meanwhile: nothing of ours to expire.
      }
      if (!response.ok) throw await failure(response, 'server_error');
      session.rotate(refreshToken, await parseBody(response, TokenPair));
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** One authorised call: a 401 triggers one refresh and one retry; a second 401 ends the session. */
  async function authed<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    const token = session.accessToken();
    if (!token) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
    let response = await send(path, { body, token });
    if (response.status === 401) {
      await response.body?.cancel();
      await refreshAfter(token);
      const fresh = session.accessToken();
      if (!fresh) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
      response = await send(path, { body, token: fresh });
      if (response.status === 401) {
        await response.body?.cancel();
        throw expire();
      }
    }
    if (!response.ok) throw await failure(response, response.status >= 500 ? 'server_error' : 'bad_request');
    return parseBody(response, schema);
  }

  return {
    async demo() {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/demo`, {
          signal: AbortSignal.timeout(Math.min(timeoutMs, 5_000)),
        });
      } catch {
        return null;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      return parseBody(response, DemoInfo).catch(() => null);
    },

    async login(request) {
      const response = await send('/api/auth/login', { body: request });
      if (!response.ok) {
        throw await failure(response, response.status === 401 ? 'invalid_credentials' : 'server_error');
      }
      const login = await parseBody(response, LoginResponse);
      session.start(login);
      return login.agent;
    },

    async logout() {
      const refreshToken = session.refreshToken();
      const accessToken = session.accessToken();
      session.clear();
      if (!refreshToken) return;
      try {
        const response = await send('/api/auth/logout', { body: { refreshToken }, token: accessToken });
        await response.body?.cancel();
      } catch {
        // Offline: the token dies with its expiry instead; locally the session is already gone.
      }
    },

    pull: (request) => authed('/api/sync/pull', request, PullResponse),
    push: (request) => authed('/api/sync/push', request, PushResponse),

    async reportPresence(report) {
      await authed('/api/sync/presence', report, PresenceAck);
    },
    presenceOf: (ticketId) =>
      authed(`/api/sync/presence?ticketId=${encodeURIComponent(ticketId)}`, undefined, PresenceList),

    openLiveChannel(onPoke, onState, onPresence) {
      return openLiveChannel({
        url: `${base}/api/sync/events`,
        fetch: doFetch,
        accessToken: () => session.accessToken(),
        refresh: refreshAfter,
        onPoke,
        onPresence,
        onState,
        onUpgradeRequired: options.onUpgradeRequired,
        tuning: options.liveTuning,
      });
    },
  };
}
