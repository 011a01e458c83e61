import type { Agent } from '@shared/domain/index.ts';
import type { PatchOp, PullResponse } from '@shared/sync/protocol.ts';
import { agentLi, agentWang } from './fixtures.ts';

interface Call {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/**
 * A stand-in for the sync server's HTTP API as a `fetch` function: enough auth (single-use refresh
 * tokens), pull, push (with the mutation-gap rule) and the SSE live channel to drive the client.
 */
export function createFakeSyncServer(options: { demo?: boolean } = {}) {
  const accounts = new Map<string, { password: string; agent: Agent }>([
    ['li.na', { password: 'demo-pass-1', agent: agentLi }],
    ['wang.lei', { password: 'demo-pass-2', agent: agentWang }],
  ]);
  let counter = 0;
  let more = false;
  const access = new Map<string, Agent>();
  const refresh = new Map<string, Agent>();
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const calls: Call[] = [];
  let patch: PatchOp[] = [];
  let lastMutationId = 0;
  let reachable = true;

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  function issue(agent: Agent) {
    counter++;
    const pair = {
      accessToken: `at-${counter}`,
      accessExpiresAt: Date.now() + 60_000,
      refreshToken: `rt-${counter}`,
    };
    access.set(pair.accessToken, agent);
    refresh.set(pair.refreshToken, agent);
    return pair;
  }

  function agentOf(authorization: string | null): Agent | undefined {
    return authorization?.startsWith('Bearer ') ? access.get(authorization.slice(7)) : undefined;
  }

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const authorization = headers.get('authorization');
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path: url.pathname, authorization, body });
    if (!reachable) throw new TypeError('fetch failed');
    const b = body as Record<string, unknown>;

    switch (`${method} ${url.pathname}`) {
      case 'GET /api/demo':
        return options.demo
          ? json(200, {
              accounts: [...accounts].map(([username, a]) => ({
                username,
                password: a.password,
                role: a.agent.role,
              })),
              intakeKey: 'demo-intake',
            })
          : json(404, { code: 'not_found', message: 'Not found' });
      case 'POST /api/auth/login': {
        const account = accounts.get(String(b.username));
        if (!account || account.password !== b.password) {
          return json(401, { code: 'invalid_credentials', message: 'Wrong username or password' });
        }
        return json(200, { ...issue(account.agent), agent: account.agent });
      }
      case 'POST /api/auth/refresh': {
        const agent = refresh.get(String(b.refreshToken));
        if (!agent)
          return json(401, { code: 'invalid_refresh_token', message: 'Refresh token reused or expired' });
        refresh.delete(String(b.refreshToken));
        return json(200, issue(agent));
      }
      case 'POST /api/auth/logout':
        refresh.delete(String(b.refreshToken));
        return new Response(null, { status: 204 });
      case 'POST /api/sync/pull': {
        if (!agentOf(authorization)) return json(401, { code: 'unauthorized', message: 'Bad token' });
        // With `more`, a chain of chunks: the cookie names the next one.
        const next = typeof b.cookie === 'string' ? Number(b.cookie.split('-')[1]) + 1 : 1;
        const response: PullResponse = more
          ? { cookie: `c-${next}`, lastMutationId, patch, more: true }
          : { cookie: `c-${counter}`, lastMutationId, patch, more: false };
        return json(200, response);
      }
      case 'POST /api/sync/push': {
        if (!agentOf(authorization)) return json(401, { code: 'unauthorized', message: 'Bad token' });
        const mutations = b.mutations as { id: number }[];
        if (mutations[0]!.id !== lastMutationId + 1) {
          return json(409, { error: 'mutation_gap', expected: lastMutationId + 1 });
        }
        lastMutationId = mutations.at(-1)!.id;
        return json(200, {
          lastMutationId,
          results: mutations.map((m) => ({ id: m.id, status: 'applied', reason: null })),
        });
      }
      case 'GET /api/sync/events': {
        if (!agentOf(authorization)) return json(401, { code: 'unauthorized', message: 'Bad token' });
        let self: ReadableStreamDefaultController<Uint8Array>;
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            self = controller;
            streams.add(controller);
            controller.enqueue(encoder.encode(': connected\n\n'));
          },
          cancel() {
            streams.delete(self);
          },
        });
        init?.signal?.addEventListener('abort', () => {
          streams.delete(self);
          try {
            self.error(new DOMException('aborted', 'AbortError'));
          } catch {
            // already closed
          }
        });
        return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
      }
      default:
        return json(404, { code: 'not_found', message: `No route ${method} ${url.pathname}` });
    }
  };

  return {
    fetch,
    calls,
    setPatch(next: PatchOp[]) {
      patch = next;
    },
    /** Answers every pull with `more: true` and cookie `c-<n+1>` for cookie `c-<n>` (an endless first sync). */
    setMore(value: boolean) {
      more = value;
    },
    /** Makes every issued access token invalid, as if they had all expired. */
    expireAccessTokens() {
      access.clear();
    },
    revokeRefreshTokens() {
      refresh.clear();
    },
    setReachable(next: boolean) {
      reachable = next;
    },
    poke() {
      for (const stream of streams) stream.enqueue(encoder.encode('event: poke\ndata:\n\n'));
    },
    /** Ends every open live channel from the server side, as a restart would. */
    dropStreams() {
      for (const stream of streams) stream.close();
      streams.clear();
    },
    openStreams: () => streams.size,
    liveRefreshTokens: () => refresh.size,
    callsTo: (path: string) => calls.filter((c) => c.path === path),
  };
}
