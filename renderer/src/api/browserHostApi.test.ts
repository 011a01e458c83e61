import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createBrowserHostApi } from './browserHostApi.ts';
import { CareDeskApiError } from './apiError.ts';

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  listeners = new Map<string, Array<() => void>>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, fn: () => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  fire(name: string) {
    for (const fn of this.listeners.get(name) ?? []) fn();
  }
  close() {
    this.closed = true;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

beforeEach(() => {
  sessionStorage.clear();
  FakeEventSource.instances = [];
});

describe('browser host client', () => {
  it('takes the token from the hash, opens a host session and invokes channels', async () => {
    const replaceState = vi.fn();
    const fetch = vi.fn(async (url: string | URL | Request, _init?: RequestInit) => {
      if (String(url) === '/host/session') return json(200, { hostSessionId: 'hs-1' });
      return json(200, { agent: null });
    });
    const api = createBrowserHostApi({
      fetch: fetch as typeof globalThis.fetch,
      location: { hash: '#token=tok-123', pathname: '/index.html', search: '' },
      history: { replaceState },
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    expect(replaceState).toHaveBeenCalledWith(null, '', '/index.html');
    expect(sessionStorage.getItem('caredesk.hostToken')).toBe('tok-123');

    await api.session.current({});
    const [sessionUrl, sessionInit] = fetch.mock.calls[0]!;
    expect(sessionUrl).toBe('/host/session');
    expect((sessionInit!.headers as Record<string, string>)['x-caredesk-token']).toBe('tok-123');
    const [url, init] = fetch.mock.calls[1]!;
    expect(url).toBe('/host/api/session.current');
    expect(init!.method).toBe('POST');
    expect(init!.headers).toMatchObject({ 'x-caredesk-token': 'tok-123', 'x-caredesk-host-session': 'hs-1' });
    expect(sessionStorage.getItem('caredesk.hostSession')).toBe('hs-1');
  });

  it('keeps the session across a reload (no token in the hash any more)', async () => {
    sessionStorage.setItem('caredesk.hostToken', 'tok-9');
    sessionStorage.setItem('caredesk.hostSession', 'hs-9');
    const fetch = vi.fn(async () => json(200, { ok: true }));
    const api = createBrowserHostApi({
      fetch: fetch as unknown as typeof globalThis.fetch,
      location: { hash: '', pathname: '/', search: '' },
      history: { replaceState: vi.fn() },
    });
    await api.session.logout({});
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]).toMatchObject([
      '/host/api/session.logout',
      { headers: { 'x-caredesk-host-session': 'hs-9' } },
    ]);
  });

  it('turns an error answer into an error carrying code and message', async () => {
    sessionStorage.setItem('caredesk.hostToken', 'tok');
    sessionStorage.setItem('caredesk.hostSession', 'hs');
    const fetch = vi.fn(async () => json(401, { code: 'invalid_credentials', message: 'nope' }));
    const api = createBrowserHostApi({
      fetch: fetch as unknown as typeof globalThis.fetch,
      location: { hash: '', pathname: '/', search: '' },
    });
    const err = await api.session.login({ username: 'a', password: 'b' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CareDeskApiError);
    expect(err).toMatchObject({ code: 'invalid_credentials', message: 'nope', status: 401 });
  });

  it('reports an unreachable host as a network error', async () => {
    sessionStorage.setItem('caredesk.hostToken', 'tok');
    sessionStorage.setItem('caredesk.hostSession', 'hs');
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createBrowserHostApi({
      fetch: fetch as unknown as typeof globalThis.fetch,
      location: { hash: '', pathname: '/', search: '' },
    });
    await expect(api.app.info({})).rejects.toMatchObject({ code: 'network' });
  });

  it('relays server-sent events by their API_EVENTS names', async () => {
    sessionStorage.setItem('caredesk.hostToken', 'tok');
    sessionStorage.setItem('caredesk.hostSession', 'hs');
    const api = createBrowserHostApi({
      fetch: vi.fn() as unknown as typeof globalThis.fetch,
      location: { hash: '', pathname: '/', search: '' },
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const poke = vi.fn();
    api.on('sync.poke', poke);
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    expect(FakeEventSource.instances[0]!.url).toBe('/host/events?session=hs&token=tok');
    FakeEventSource.instances[0]!.fire('sync.poke');
    expect(poke).toHaveBeenCalledTimes(1);
  });
});
