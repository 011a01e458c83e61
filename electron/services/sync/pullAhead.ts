import type { PullRequest, PullResponse } from '@shared/sync/protocol.ts';

/** A chunk fetched ahead is served only this fresh: past it, the server's answer may have moved on. */
export const PULL_AHEAD_TTL_MS = 10_000;

export interface PullAhead {
  /**
   * The server's answer to `request`: the one fetched ahead when it was for this client and cookie,
   * with a limit no larger than this one's (a smaller chunk is a valid answer: `more` says the rest
   * follows), and is fresh; otherwise fetched now. When the server says there is more, the next chunk
   * is fetched ahead at once, while the renderer still writes this one: with `nextLimit`, the limit
   * the client says it asks for next (a first sync's small first chunk is followed by full ones), or
   * else this request's.
   */
  pull(request: PullRequest, nextLimit?: number): Promise<PullResponse>;
  /** Drops the chunk fetched ahead: the server's state moved (a push), or the session changed. */
  forget(): void;
}

interface Ahead {
  key: string;
  limit: number | undefined;
  fetchedAt: number;
  response: Promise<PullResponse>;
}

const keyOf = (r: PullRequest) => JSON.stringify([r.clientId, r.cookie]);
/** Whether a chunk fetched with limit `ahead` answers a pull asking for `asked` (undefined: the server's default). */
const fits = (ahead: number | undefined, asked: number | undefined) =>
  ahead === asked || (ahead !== undefined && asked !== undefined && ahead <= asked);

/**
 * Read-ahead for chunked pulls. A first sync is a chain of pulls, each needing the cookie of the one
 * before; without read-ahead the server idles while the renderer writes a chunk, and the renderer
 * idles while the next chunk crosses the server and the main process. One chunk ahead keeps both
 * busy and holds at most one chunk in memory.
 */
export function createPullAhead(
  fetchPull: (request: PullRequest) => Promise<PullResponse>,
  now: () => number = Date.now,
): PullAhead {
  let ahead: Ahead | null = null;

  function fetchAhead(request: PullRequest): void {
    const response = fetchPull(request);
    // Nobody may ever ask for it; a failure is met again when someone does (fetched anew).
    response.catch(() => {});
    ahead = { key: keyOf(request), limit: request.limit, fetchedAt: now(), response };
  }

  async function takeAhead(request: PullRequest): Promise<PullResponse | null> {
    const mine = ahead;
    ahead = null;
    if (!mine || mine.key !== keyOf(request) || !fits(mine.limit, request.limit)) return null;
    if (now() - mine.fetchedAt > PULL_AHEAD_TTL_MS) return null;
    return mine.response.catch(() => null);
  }

  return {
    async pull(request, nextLimit) {
      const response = (await takeAhead(request)) ?? (await fetchPull(request));
      if (response.more)
        fetchAhead({ ...request, cookie: response.cookie, limit: nextLimit ?? request.limit });
      return response;
    },
    forget() {
      ahead = null;
    },
  };
}
