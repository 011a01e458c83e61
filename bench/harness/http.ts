import http from 'node:http';

/** One keep-alive agent per bench process: connections are reused like a client's pool would. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface JsonResponse<T> {
  status: number;
  body: T;
  /** Request start to the whole body parsed, in ms. */
  ms: number;
}

/**
 * POST a JSON body with node:http (lighter than fetch, so the load generator steals less CPU from the
 * server it shares the process with). Bounded by `timeoutMs`.
 */
export function postJson<T = unknown>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<JsonResponse<T>> {
  const payload = Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text: error pages
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`POST ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in through POST /api/auth/login (argon2 verify: ~0.1 s each, so only for a few accounts). */
export async function login(
  serverUrl: string,
  username: string,
): Promise<{ accessToken: string; agent: { id: string; teamId: string; role: string } }> {
  const res = await postJson<{ accessToken: string; agent: { id: string; teamId: string; role: string } }>(
    `${serverUrl}/api/auth/login`,
    { username, password: `demo-${username}` },
  );
  if (res.status !== 200) throw new Error(`login ${username}: HTTP ${res.status}`);
  return res.body;
}

export function closeHttpAgent(): void {
  agent.destroy();
}
