import { describe, expect, it } from 'vitest';
import { createPullReplay } from './pullReplay.ts';

const SERVER = 'http://127.0.0.1:9/api';

/** A stand-in sync server: numbers every answer, so a replayed one is told from a fresh one. */
function fakeServer() {
  const asked: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    asked.push(path);
    if (typeof init?.body === 'string' && init.body.includes('"cookie":"bad"'))
      return new Response('no', { status: 500 });
    return new Response(JSON.stringify({ answer: asked.length, path }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, asked };
}

const pull = (cookie: string | null, limit: number) => ({
  method: 'POST',
  body: JSON.stringify({ clientId: crypto.randomUUID(), cookie, limit }),
});

describe('createPullReplay', () => {
  it('records pulls by cookie and limit, then answers them without the server', async () => {
    const server = fakeServer();
    const replay = createPullReplay(server.fetch);
    const first = await (await replay.fetch(`${SERVER}/sync/pull`, pull(null, 500))).json();
    const second = await (await replay.fetch(`${SERVER}/sync/pull`, pull('c1', 5000))).json();
    expect([first.answer, second.answer]).toEqual([1, 2]);
    replay.replay();
    // Another client asking the same: the same answers, and the server is not asked again.
    expect(await (await replay.fetch(`${SERVER}/sync/pull`, pull('c1', 5000))).json()).toEqual(second);
    expect(await (await replay.fetch(`${SERVER}/sync/pull`, pull(null, 500))).json()).toEqual(first);
    // Twice: each answer is a body of its own.
    expect(await (await replay.fetch(`${SERVER}/sync/pull`, pull(null, 500))).json()).toEqual(first);
    expect(server.asked).toHaveLength(2);
    // A pull never recorded (another limit) goes to the server and is counted.
    expect((await (await replay.fetch(`${SERVER}/sync/pull`, pull(null, 50))).json()).answer).toBe(3);
    expect(replay.stats()).toEqual({ recorded: 2, replayed: 3, missed: 1 });
  });

  it('sends everything but pulls to the server, and records no failed pull', async () => {
    const server = fakeServer();
    const replay = createPullReplay(server.fetch);
    await replay.fetch(`${SERVER}/auth/login`, { method: 'POST', body: '{}' });
    expect((await replay.fetch(`${SERVER}/sync/pull`, pull('bad', 5))).status).toBe(500);
    replay.replay();
    await replay.fetch(`${SERVER}/auth/login`, { method: 'POST', body: '{}' });
    expect((await replay.fetch(`${SERVER}/sync/pull`, pull('bad', 5))).status).toBe(500);
    expect(server.asked).toEqual(['/api/auth/login', '/api/sync/pull', '/api/auth/login', '/api/sync/pull']);
    expect(replay.stats()).toEqual({ recorded: 0, replayed: 0, missed: 1 });
  });
});
