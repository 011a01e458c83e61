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

  it('fetches anew for another cookie, another client or a smaller limit; serves a smaller chunk', async () => {
    const server = fakeServer(9);
    const ahead = createPullAhead(server.fetchPull);
    await ahead.pull(req(null)); // c1 fetched ahead, limit 100
    await ahead.pull(req('c3')); // another cookie: asked now; c4 ahead
    await ahead.pull({ ...req('c4'), limit: 7 }); // asks fewer rows than c4 was fetched with: asked now
    await ahead.pull({ ...req('c5'), clientId: '2f2e3d4c-5b6a-4798-8877-665544332211' }); // another client
    expect(server.asked).toEqual([null, 'c1', 'c3', 'c4', 'c4', 'c5', 'c5', 'c6']);
    // c6 was fetched ahead with limit 100: it answers a pull asking for up to 5,000 as well.
    await ahead.pull({ ...req('c6'), clientId: '2f2e3d4c-5b6a-4798-8877-665544332211', limit: 5_000 });
    expect(server.asked).toEqual([null, 'c1', 'c3', 'c4', 'c4', 'c5', 'c5', 'c6', 'c7']);
  });

  it('fetches ahead with the limit the client names for its next pull, and serves that pull with it', async () => {
    const limits: Array<number | undefined> = [];
    const server = fakeServer(3);
    const ahead = createPullAhead(async (request) => {
      limits.push(request.limit);
      return server.fetchPull(request);
    });
    // A first sync: a small first chunk, full ones after it.
    await ahead.pull({ ...req(null), limit: 10 }, 5_000);
    await ahead.pull({ ...req('c1'), limit: 5_000 }, 5_000);
    await settle();
    expect(limits).toEqual([10, 5_000, 5_000]);
    expect(server.asked).toEqual([null, 'c1', 'c2']); // c1 served from ahead, not asked twice
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
