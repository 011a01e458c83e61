import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_EVENTS } from '@shared/api/contract.ts';
import type { BrowserHost } from './startBrowserHost.ts';
import { startBrowserHost } from './startBrowserHost.ts';
import { createFakeSyncServer } from '../test/fakeSyncServer.ts';
import { agentLi, agentWang, customer } from '../test/fixtures.ts';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';

let host: BrowserHost;
let rendererDir: string;
const sync = createFakeSyncServer({ demo: true });

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'caredesk-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>CareDesk test</title>');
  host = await startBrowserHost({
    port: 0,
    rendererDir,
    serverUrl: 'http://sync.test',
    fetch: sync.fetch,
    dataDir: null,
    liveTuning: { initialDelayMs: 5, maxDelayMs: 20 },
  });
});
afterAll(async () => {
  await host.close();
  await rm(rendererDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(host.origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

async function openSession(): Promise<string> {
  const res = await post('/host/session', {}, { 'x-caredesk-token': host.token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { hostSessionId: string }).hostSessionId;
}

function caller(sessionId: string) {
  return async (channel: string, input: unknown) => {
    const res = await post(`/host/api/${channel}`, input, {
      'x-caredesk-token': host.token,
      'x-caredesk-host-session': sessionId,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> | null };
  };
}

describe('browser host', () => {
  it('binds to loopback and puts the token in the URL hash only', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('CareDesk test');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
  });

  it('requires the per-launch token for sessions, calls and events', async () => {
    expect((await post('/host/session', {})).status).toBe(401);
    const wrong = await post(
      '/host/session',
      {},
      { 'x-caredesk-token': host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A') },
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'host_token_invalid' });

    const id = await openSession();
    const noToken = await post('/host/api/app.info', {}, { 'x-caredesk-host-session': id });
    expect(noToken.status).toBe(401);
    const events = await fetch(`${host.origin}/host/events?session=${id}&token=nope`);
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${host.origin}/`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('rejects unknown host sessions and foreign origins', async () => {
    const call = caller('no-such-session');
    expect(await call('app.info', {})).toMatchObject({ status: 401, body: { code: 'host_session_unknown' } });
    const crossOrigin = await post(
      '/host/session',
      {},
      { 'x-caredesk-token': host.token, origin: 'https://evil.example' },
    );
    expect(crossOrigin.status).toBe(403);
  });

  it('answers invalid input with 400 invalid_input, and unknown methods with 404', async () => {
    const call = caller(await openSession());
    const bad = await call('session.login', { username: '', password: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_input' });
    expect(await call('nope.nothing', {})).toMatchObject({ status: 404, body: { code: 'unknown_method' } });
  });

  it('serves the contract: info, login, current (null before), pull with sealed customers', async () => {
    sync.setPatch([{ op: 'put', entity: 'customer', value: customer }]);
    const call = caller(await openSession());
    expect(await call('session.current', {})).toEqual({ status: 200, body: null });
    const info = await call('app.info', {});
    expect(info.body).toMatchObject({ host: 'browser', demoMode: true, serverUrl: 'http://sync.test' });
    expect((await call('session.login', { username: 'li.na', password: 'nope' })).body).toMatchObject({
      code: 'invalid_credentials',
    });
    expect((await call('session.login', { username: 'li.na', password: 'demo-pass-1' })).body).toEqual({
      agent: agentLi,
    });
    const pull = await call('sync.pull', { clientId: CLIENT_ID, cookie: null });
    expect(pull.status).toBe(200);
    expect(JSON.stringify(pull.body)).not.toContain(customer.phone);
  });

  it('keeps two host sessions independent: two agents signed in side by side', async () => {
    const first = caller(await openSession());
    const second = caller(await openSession());
    await first('session.login', { username: 'li.na', password: 'demo-pass-1' });
    await second('session.login', { username: 'wang.lei', password: 'demo-pass-2' });
    expect((await first('session.current', {})).body).toEqual({ agent: agentLi });
    expect((await second('session.current', {})).body).toEqual({ agent: agentWang });
    await first('session.logout', {});
    expect((await first('session.current', {})).body).toBeNull();
    expect((await second('session.current', {})).body).toEqual({ agent: agentWang });
  });

  it("streams a session's events (and only that session's) over SSE", async () => {
    const id = await openSession();
    const other = await openSession();
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/host/events?session=${id}&token=${host.token}`, {
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const otherRes = await fetch(`${host.origin}/host/events?session=${other}&token=${host.token}`, {
      signal: controller.signal,
    });
    let received = '';
    let otherReceived = '';
    const pump = async (body: ReadableStream<Uint8Array>, into: (text: string) => void) => {
      const decoder = new TextDecoder();
      for await (const chunk of body) into(decoder.decode(chunk, { stream: true }));
    };
    void pump(res.body!, (t) => (received += t)).catch(() => undefined);
    void pump(otherRes.body!, (t) => (otherReceived += t)).catch(() => undefined);

    await caller(id)('session.login', { username: 'li.na', password: 'demo-pass-1' });
    await expect.poll(() => received).toContain('event: sync.online\ndata: {}');
    sync.poke();
    await expect.poll(() => received).toContain('event: sync.poke\ndata: {}');
    expect(API_EVENTS.some((name) => otherReceived.includes(`event: ${name}`))).toBe(false);
    controller.abort();
  });
});
