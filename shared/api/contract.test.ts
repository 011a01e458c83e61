import type { API_EVENTS } from './contract.ts';
import { API_METHODS, buildApi } from './contract.ts';

describe('the renderer/main contract', () => {
  it('exposes exactly the contract methods, each on its own channel', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildApi(
      async (channel, input) => {
        calls.push([channel, input]);
        return null;
      },
      () => () => undefined,
    );
    await api.session.login({ username: 'agent1', password: 'x' });
    await api.app.info({});
    expect(calls).toEqual([
      ['session.login', { username: 'agent1', password: 'x' }],
      ['app.info', {}],
    ]);
    expect(new Set(API_METHODS.map((m) => m.channel)).size).toBe(API_METHODS.length);
    expect(Object.keys(api).sort()).toEqual([...new Set(API_METHODS.map((m) => m.namespace)), 'on'].sort());
  });

  it('refuses to subscribe to an event outside the allow-list', () => {
    const api = buildApi(
      async () => null,
      () => () => undefined,
    );
    expect(() => api.on('anything' as (typeof API_EVENTS)[number], () => undefined)).toThrow(/Unknown event/);
    expect(() => api.on('sync.poke', () => undefined)).not.toThrow();
  });

  it('rejects login input the main process must not accept', () => {
    const login = API_METHODS.find((m) => m.channel === 'session.login')!;
    expect(login.input.safeParse({ username: '', password: 'x' }).success).toBe(false);
    expect(login.input.safeParse({ username: 'a', password: 'x', extra: 1 }).success).toBe(true);
  });
});
