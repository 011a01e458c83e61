import { rejection } from '../test/fixtures.ts';
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '@shared/api/contract.ts';
import { PRIVACY_FIELDS } from '@shared/privacy/sealed.ts';
import { SealedPullResponse } from '@shared/sync/protocol.ts';
import { createTestMainServices } from '../test/testMainServices.ts';
import { createFakeSyncServer } from '../test/fakeSyncServer.ts';
import { agentLi, customer } from '../test/fixtures.ts';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';
const TICKET_EVENT_ID = 'aa0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const TICKET_ID = 'bb0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

function setup(options: { demo?: boolean } = {}) {
  const server = createFakeSyncServer(options);
  const main = createTestMainServices(server.fetch, {
    version: '1.2.3',
  });
  const seen: ApiEvent[] = [];
  for (const name of ['sync.poke', 'session.expired', 'sync.online', 'sync.offline'] as const) {
    main.events.on(name, () => seen.push(name));
  }
  return {
    server,
    main,
    seen,
    login: () => main.handlers.session.login({ username: 'li.na', password: 'demo-pass-1' }),
  };
}

const setStatus = (id: number) => ({
  id,
  name: 'setStatus' as const,
  args: { ticketId: TICKET_ID, eventId: TICKET_EVENT_ID, to: 'open' as const, reason: null },
  clientTime: 1,
});

describe('main services', () => {
  it('app.info reports demo accounts when the server is in demo mode', async () => {
    const { main } = setup({ demo: true });
    const info = await main.handlers.app.info({});
    expect(info).toMatchObject({
      version: '1.2.3',
      demoMode: true,
      host: 'electron',
      serverUrl: 'http://sync.test',
    });
    expect(info.demoAccounts.map((a) => a.username)).toEqual(['li.na', 'wang.lei']);
  });

  it('app.info reports no demo when /api/demo answers 404 or the server is down', async () => {
    const { main, server } = setup();
    expect(await main.handlers.app.info({})).toMatchObject({ demoMode: false, demoAccounts: [] });
    server.setReachable(false);
    expect(await main.handlers.app.info({})).toMatchObject({ demoMode: false });
  });

  it('logs in, reports the session, and rejects bad credentials with a stable code', async () => {
    const { main, login } = setup();
    expect(await main.handlers.session.current({})).toBeNull();
    const bad = await rejection(main.handlers.session.login({ username: 'li.na', password: 'nope' }));
    expect(bad.code).toBe('invalid_credentials');
    expect(await login()).toEqual({ agent: agentLi });
    expect(await main.handlers.session.current({})).toEqual({ agent: agentLi });
  });

  it('says not_logged_in before login and server_unreachable when the server is down', async () => {
    const { main, server } = setup();
    expect((await rejection(main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null }))).code).toBe(
      'not_logged_in',
    );
    server.setReachable(false);
    expect((await rejection(main.handlers.session.login({ username: 'li.na', password: 'x' }))).code).toBe(
      'server_unreachable',
    );
  });

  it('pull seals customers: no privacy field reaches the renderer in plaintext', async () => {
    const { main, server, login } = setup();
    server.setPatch([{ op: 'clear' }, { op: 'put', entity: 'customer', value: customer }]);
    await login();
    const response = await main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null });
    expect(SealedPullResponse.parse(response)).toBeTruthy();
    const text = JSON.stringify(response);
    for (const field of PRIVACY_FIELDS) expect(text).not.toContain(customer[field]);
    const op = response.patch[1]!;
    expect(op.op === 'put' && op.entity === 'customer' && op.value.pii.phone.masked).toBe('138****5678');
    expect(server.callsTo('/api/sync/pull')[0]!.body).toMatchObject({ clientId: CLIENT_ID, cookie: null });
  });

  it('fetches the next chunk of a sync ahead, and asks the server again once a push went through', async () => {
    const { main, server, login } = setup();
    server.setMore(true);
    await login();
    const pulled = () =>
      server.callsTo('/api/sync/pull').map((c) => (c.body as { cookie: string | null }).cookie);
    const first = await main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null });
    await vi.waitFor(() => expect(pulled()).toEqual([null, 'c-1']));
    const second = await main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: first.cookie });
    expect(second.cookie).toBe('c-2');
    await vi.waitFor(() => expect(pulled()).toEqual([null, 'c-1', 'c-2']));
    await main.handlers.sync.push({ clientId: CLIENT_ID, mutations: [setStatus(1)] });
    await main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: second.cookie });
    // c-2 again: the chunk fetched before the push was dropped.
    expect(pulled().slice(0, 4)).toEqual([null, 'c-1', 'c-2', 'c-2']);
  });

  it('on a 401 refreshes once and retries; concurrent calls share the one refresh', async () => {
    const { main, server, login } = setup();
    await login();
    server.expireAccessTokens();
    const [a, b] = await Promise.all([
      main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null }),
      main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null }),
    ]);
    expect(a.more).toBe(false);
    expect(b.more).toBe(false);
    // The live channel may also have raced into the same refresh; it must not have made a second one.
    expect(server.callsTo('/api/auth/refresh')).toHaveLength(1);
    expect(await main.handlers.session.current({})).toEqual({ agent: agentLi });
  });

  it('a failed refresh ends the session and emits session.expired', async () => {
    const { main, server, login, seen } = setup();
    await login();
    server.expireAccessTokens();
    server.revokeRefreshTokens();
    const err = await rejection(main.handlers.sync.pull({ clientId: CLIENT_ID, cookie: null }));
    expect(err.code).toBe('session_expired');
    expect(seen).toContain('session.expired');
    expect(await main.handlers.session.current({})).toBeNull();
  });

  it('push passes results through and reports a mutation gap with the expected id', async () => {
    const { main, login } = setup();
    await login();
    const gap = await rejection(main.handlers.sync.push({ clientId: CLIENT_ID, mutations: [setStatus(3)] }));
    expect(gap.code).toBe('mutation_gap');
    expect(gap.details).toEqual({ expected: 1 });
    const ok = await main.handlers.sync.push({ clientId: CLIENT_ID, mutations: [setStatus(1)] });
    expect(ok).toEqual({ lastMutationId: 1, results: [{ id: 1, status: 'applied', reason: null }] });
  });

  it('forwards live-channel pokes and online/offline, and reconnects with a catch-up poke', async () => {
    const { server, login, seen } = setup();
    await login();
    await expect.poll(() => seen).toContain('sync.online');
    server.poke();
    await expect.poll(() => seen.filter((e) => e === 'sync.poke').length).toBe(1);

    server.dropStreams();
    await expect.poll(() => seen).toContain('sync.offline');
    await expect.poll(() => seen.filter((e) => e === 'sync.online').length).toBe(2);
    // Changes made while we were away sent no poke: the reconnect stands in for one.
    expect(seen.filter((e) => e === 'sync.poke').length).toBe(2);
    expect(server.openStreams()).toBe(1);
  });

  it('the live channel refreshes an expired token and carries on', async () => {
    const { server, login, seen } = setup();
    await login();
    await expect.poll(() => server.openStreams()).toBe(1);
    server.expireAccessTokens();
    server.dropStreams();
    await expect.poll(() => server.openStreams()).toBe(1);
    expect(server.callsTo('/api/auth/refresh')).toHaveLength(1);
    expect(seen).not.toContain('session.expired');
  });

  it('logout closes the live channel and revokes the refresh token', async () => {
    const { main, server, login } = setup();
    await login();
    await expect.poll(() => server.openStreams()).toBe(1);
    expect(await main.handlers.session.logout({})).toEqual({ ok: true });
    expect(server.liveRefreshTokens()).toBe(0);
    await expect.poll(() => server.openStreams()).toBe(0);
    expect(await main.handlers.session.current({})).toBeNull();
  });
});
