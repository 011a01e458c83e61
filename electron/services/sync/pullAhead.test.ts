import { describe, expect, it } from 'vitest';
import type { PullRequest, PullResponse } from '@shared/sync/protocol.ts';
import { createPullAhead, PULL_AHEAD_TTL_MS } from './pullAhead.ts';

const CLIENT = '1f2e3d4c-5b6a-4798-8877-665544332211';

/** A server of `chunks` chunks: cookie `c<n>` answers chunk n with cookie `c<n+1>`. */
function fakeServer(chunks: number) {
  const asked: Array<string | null> = [];
  const failing = new Set<string | null>();
  const fetchPull = async (request: PullRequest): Promise<PullResponse> => {
    asked.push(request.cookie);
    if (failing.delete(request.cookie)) throw new Error('network down');
    const n = request.cookie === null ? 0 : Number(request.cookie.slice(1));
    return { cookie: `c${n + 1}`, lastMutationId: 0, patch: [], more: n + 1 < chunks };
  };
  /** The next pull with `cookie` fails. */
  const failOnce = (cookie: string | null) => failing.add(cookie);
  return { asked, fetchPull, failOnce };
}

const req = (cookie: string | null): PullRequest => ({ clientId: CLIENT, cookie, limit: 100 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pull read-ahead', () => {
  it('fetches the next chunk while the current one is written, and serves it without asking again', async () => {
    const server = fakeServer(3);
    const ahead = createPullAhead(server.fetchPull);
    expect((await ahead.pull(req(null))).cookie).toBe('c1');
    await settle();
    // Asked for chunk 1 before the renderer did.
    expect(server.asked).toEqual([null, 'c1']);
    expect((await ahead.pull(req('c1'))).cookie).toBe('c2');
    expect((await ahead.pull(req('c2'))).more).toBe(false);
    await settle();
    // Each chunk asked once; nothing fetched after the last.
    expect(server.asked).toEqual([null, 'c1', 'c2']);
  });

  it('fetches anew for another cookie, another client or another limit', async () => {
    const server = fakeServer(5);
    const ahead = createPullAhead(server.fetchPull);
    await ahead.pull(req(null));
    await ahead.pull(req('c3'));
    await ahead.pull({ ...req('c4'), limit: 7 });
    await ahead.pull({ ...req('c4'), clientId: '2f2e3d4c-5b6a-4798-8877-665544332211' });
    // c4 fetched ahead (limit 100), then asked anew for limit 7 and for the other client: 5 chunks,
    // so nothing follows c4.
    expect(server.asked).toEqual([null, 'c1', 'c3', 'c4', 'c4', 'c4']);
  });

  it('forgets the chunk fetched ahead (a push moved the server): the next pull asks the server', async () => {
    const server = fakeServer(3);
    const ahead = createPullAhead(server.fetchPull);
    await ahead.pull(req(null));
    ahead.forget();
    await ahead.pull(req('c1'));
    expect(server.asked).toEqual([null, 'c1', 'c1', 'c2']);
  });

  it('does not serve a chunk fetched ahead longer ago than the TTL', async () => {
    const server = fakeServer(3);
    let time = 0;
    const ahead = createPullAhead(server.fetchPull, () => time);
    await ahead.pull(req(null));
    time += PULL_AHEAD_TTL_MS + 1;
    await ahead.pull(req('c1'));
    expect(server.asked).toEqual([null, 'c1', 'c1', 'c2']);
  });

  it('asks again when the read-ahead failed; a pull that fails when asked fails for the caller', async () => {
    const server = fakeServer(3);
    const ahead = createPullAhead(server.fetchPull);
    server.failOnce('c1');
    await ahead.pull(req(null));
    await settle();
    expect(await ahead.pull(req('c1'))).toMatchObject({ cookie: 'c2' });
    expect(server.asked).toEqual([null, 'c1', 'c1', 'c2']);

    server.failOnce(null);
    await expect(ahead.pull(req(null))).rejects.toThrow('network down');
  });
});
