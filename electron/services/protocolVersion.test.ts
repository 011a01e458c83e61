import { describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol.ts';
import type { LiveState } from './liveChannel.ts';
import { openLiveChannel } from './liveChannel.ts';
import { createServerClient } from './serverClient.ts';
import { createSession } from './session.ts';
import { agentLi } from '../test/fixtures.ts';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';

/** A server that refuses this client's protocol on every sync call, recording what it was sent. */
function tooOldServer() {
  const headers: Array<string | null> = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    headers.push(new Headers(init?.headers).get(PROTOCOL_HEADER));
    const body = {
      code: 'client_too_old',
      message: 'update',
      details: { minimum: PROTOCOL_VERSION + 1, received: PROTOCOL_VERSION },
    };
    return new Response(JSON.stringify(body), {
      status: 426,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, headers };
}

function signedInSession() {
  const session = createSession();
  session.start({
    agent: agentLi,
    accessToken: 'at',
    accessExpiresAt: Date.now() + 60_000,
    refreshToken: 'rt',
  });
  return session;
}

describe('protocol version', () => {
  it('sends its version on sync calls and turns a 426 into client_too_old, telling the main process', async () => {
    const server = tooOldServer();
    let told = 0;
    const client = createServerClient({
      baseUrl: 'http://sync.test',
      session: signedInSession(),
      fetch: server.fetch,
      onUpgradeRequired: () => (told += 1),
    });
    await expect(client.push({ clientId: CLIENT_ID, mutations: [] as never })).rejects.toMatchObject({
      code: 'client_too_old',
      details: { minimum: PROTOCOL_VERSION + 1 },
    });
    await expect(client.pull({ clientId: CLIENT_ID, cookie: null })).rejects.toMatchObject({
      code: 'client_too_old',
    });
    expect(server.headers).toEqual([String(PROTOCOL_VERSION), String(PROTOCOL_VERSION)]);
    expect(told).toBe(2);
  });

  it('stops the live channel for good on a 426 and says so once', async () => {
    const server = tooOldServer();
    const states: LiveState[] = [];
    let told = 0;
    openLiveChannel({
      url: 'http://sync.test/api/sync/events',
      fetch: server.fetch,
      accessToken: () => 'at',
      refresh: async () => undefined,
      onPoke: () => undefined,
      onState: (s) => states.push(s),
      onUpgradeRequired: () => (told += 1),
      tuning: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    await expect.poll(() => told).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(server.headers).toEqual([String(PROTOCOL_VERSION)]); // no reconnect attempts
    expect(states).toEqual(['offline']);
  });
});
