import { describe, expect, it } from 'vitest';
import { ApiCallError } from '@shared/api/errors.ts';
import type { LiveState } from './liveChannel.ts';
import { openLiveChannel } from './liveChannel.ts';
import { createFakeSyncServer } from '../test/fakeSyncServer.ts';

async function signedIn() {
  const server = createFakeSyncServer();
  const res = await server.fetch('http://sync.test/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username: 'li.na', password: 'demo-pass-1' }),
  });
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { server, accessToken };
}

describe('live channel', () => {
  it('treats a silent connection as dead and reconnects (half-open TCP)', async () => {
    const { server, accessToken } = await signedIn();
    const states: LiveState[] = [];
    const channel = openLiveChannel({
      url: 'http://sync.test/api/sync/events',
      fetch: server.fetch,
      accessToken: () => accessToken,
      refresh: async () => undefined,
      onPoke: () => undefined,
      onState: (s) => states.push(s),
      tuning: { heartbeatTimeoutMs: 30, initialDelayMs: 1, maxDelayMs: 5 },
    });
    await expect.poll(() => server.callsTo('/api/sync/events').length).toBeGreaterThanOrEqual(3);
    expect(states.slice(0, 3)).toEqual(['online', 'offline', 'online']);
    channel.close();
    await expect.poll(() => server.openStreams()).toBe(0);
  });

  it('backs off with jitter while the server is unreachable, then stops for good on session_expired', async () => {
    const { server, accessToken } = await signedIn();
    server.setReachable(false);
    const delays: number[] = [];
    let expired = false;
    const states: LiveState[] = [];
    openLiveChannel({
      url: 'http://sync.test/api/sync/events',
      fetch: server.fetch,
      accessToken: () => accessToken,
      refresh: async () => {
        expired = true;
        throw new ApiCallError('session_expired', 'gone');
      },
      onPoke: () => undefined,
      onState: (s) => states.push(s),
      tuning: {
        initialDelayMs: 2,
        maxDelayMs: 8,
        random: () => {
          delays.push(delays.length);
          return 1;
        },
      },
    });
    await expect.poll(() => delays.length).toBeGreaterThanOrEqual(4);
    expect(states).toEqual(['offline']);
    server.setReachable(true);
    server.expireAccessTokens();
    await expect.poll(() => expired).toBe(true);
    const calls = server.callsTo('/api/sync/events').length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.callsTo('/api/sync/events').length).toBe(calls);
  });
});
