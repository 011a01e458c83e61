/**
 * A `fetch` for the main process (createMainServices' `fetch` option, through the browser host) that
 * records the sync server's answers to pulls and can then answer the same pulls itself: a first sync
 * whose server costs this machine nothing, as if it ran on another one. Everything else (sign-in,
 * pushes, the live channel) still goes to the server. The main process and the renderer do all of
 * their work as usual: parse, zod, sealing, the host's JSON, IndexedDB.
 */
export interface PullReplay {
  fetch: typeof fetch;
  /** From now on, a pull recorded earlier is answered from the recording, without the server. */
  replay(): void;
  /** Pulls recorded, answered from the recording, and asked in replay but never recorded (sent on). */
  stats(): { recorded: number; replayed: number; missed: number };
}

const PULL_PATH = '/api/sync/pull';

interface Answer {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

/** A pull's answer depends on its cookie and limit (a fresh client's lastMutationId is always 0). */
function keyOf(body: RequestInit['body']): string | null {
  if (typeof body !== 'string') return null;
  const { cookie, limit } = JSON.parse(body) as { cookie?: unknown; limit?: unknown };
  return JSON.stringify([cookie ?? null, limit ?? null]);
}

export function createPullReplay(realFetch: typeof fetch = globalThis.fetch): PullReplay {
  const answers = new Map<string, Answer>();
  let replaying = false;
  let replayed = 0;
  let missed = 0;

  const toResponse = ({ status, headers, body }: Answer) => new Response(body.slice(0), { status, headers });

  return {
    async fetch(input, init) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const key = new URL(url).pathname === PULL_PATH ? keyOf(init?.body) : null;
      if (key === null) return realFetch(input, init);
      const known = answers.get(key);
      if (replaying && known) {
        replayed += 1;
        return toResponse(known);
      }
      if (replaying) missed += 1;
      const res = await realFetch(input, init);
      if (replaying || !res.ok) return res;
      const answer = { status: res.status, headers: [...res.headers], body: await res.arrayBuffer() };
      answers.set(key, answer);
      return toResponse(answer);
    },
    replay() {
      replaying = true;
    },
    stats: () => ({ recorded: answers.size, replayed, missed }),
  };
}

/**
 * Signs `username` in on a browser host from Node (a seat of its own, no page) and pulls a first sync
 * to the end, the way the sync engine asks (`firstLimit`, then `limit`, naming the next limit): with
 * a recording PullReplay behind the host, that records what a page's first sync will ask.
 */
export async function pullFirstSyncThroughHost(
  hostUrl: string,
  username: string,
  firstLimit: number,
  limit: number,
): Promise<{ pulls: number; rows: number }> {
  const url = new URL(hostUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  if (!token) throw new Error('the browser host URL carries no launch token');
  const call = async (path: string, body: unknown, session?: string) => {
    const res = await fetch(new URL(path, url.origin), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-caredesk-token': token,
        ...(session ? { 'x-caredesk-host-session': session } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const { hostSessionId } = (await call('/host/session', {})) as { hostSessionId: string };
  await call('/host/api/session.login', { username, password: `demo-${username}` }, hostSessionId);
  const clientId = crypto.randomUUID();
  let cookie: string | null = null;
  let pulls = 0;
  let rows = 0;
  for (;;) {
    const request = { clientId, cookie, limit: cookie === null ? firstLimit : limit, nextLimit: limit };
    const answer = (await call('/host/api/sync.pull', request, hostSessionId)) as {
      cookie: string;
      more: boolean;
      patch: unknown[];
    };
    pulls += 1;
    rows += answer.patch.length;
    cookie = answer.cookie;
    if (!answer.more) break;
  }
  await call('/host/api/session.logout', {}, hostSessionId);
  return { pulls, rows };
}
