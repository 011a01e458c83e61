import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SealedPullResponse } from '@shared/sync/protocol.ts';
import type { BrowserHost } from './startBrowserHost.ts';
import { startBrowserHost } from './startBrowserHost.ts';

/** The real wiring: the host with the sync server embedded in-process (in-memory PGlite, a few demo tickets). */
const CLIENT_A = '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e';

let host: BrowserHost;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'caredesk-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>CareDesk</title>');
  host = await startBrowserHost({ port: 0, rendererDir, embedded: { dataDir: null, demoTickets: 30 } });
});
afterAll(async () => {
  await host?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

async function tab() {
  const headers = { 'content-type': 'application/json', 'x-caredesk-token': host.token };
  const res = await fetch(`${host.origin}/host/session`, { method: 'POST', headers, body: '{}' });
  const { hostSessionId } = (await res.json()) as { hostSessionId: string };
  return async (channel: string, input: unknown) => {
    const reply = await fetch(`${host.origin}/host/api/${channel}`, {
      method: 'POST',
      headers: { ...headers, 'x-caredesk-host-session': hostSessionId },
      body: JSON.stringify(input),
    });
    return { status: reply.status, body: (await reply.json()) as Record<string, unknown> | null };
  };
}

describe('browser host with the embedded sync server', () => {
  it('offers the demo accounts and signs two tabs in as different agents', async () => {
    const first = await tab();
    const second = await tab();
    const info = await first('app.info', {});
    expect(info.body).toMatchObject({ demoMode: true, host: 'browser', serverUrl: host.serverUrl });
    const accounts = (info.body!.demoAccounts as { username: string; password: string }[]).slice(0, 2);
    expect(accounts).toHaveLength(2);

    const a = await first('session.login', accounts[0]);
    const b = await second('session.login', accounts[1]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect((await first('session.current', {})).body).toMatchObject({
      agent: { username: accounts[0]!.username },
    });
    expect((await second('session.current', {})).body).toMatchObject({
      agent: { username: accounts[1]!.username },
    });
  });

  it('pulls real demo data with every customer sealed', async () => {
    const call = await tab();
    const info = await call('app.info', {});
    const admin = (info.body!.demoAccounts as { username: string; password: string; role: string }[]).find(
      (acc) => acc.role === 'admin',
    )!;
    await call('session.login', { username: admin.username, password: admin.password });
    const pull = await call('sync.pull', { clientId: CLIENT_A, cookie: null, limit: 5_000 });
    expect(pull.status).toBe(200);
    const response = SealedPullResponse.parse(pull.body);
    const customers = response.patch.filter((op) => op.op === 'put' && op.entity === 'customer');
    expect(customers.length).toBeGreaterThan(0);
    for (const op of customers) {
      if (op.op !== 'put' || op.entity !== 'customer') continue;
      expect(op.value.pii.phone.sealed).toMatch(/^v2\./);
      expect(op.value).not.toHaveProperty('phone');
    }
  });

  it('still requires the token and validates input', async () => {
    expect((await fetch(`${host.origin}/host/session`, { method: 'POST' })).status).toBe(401);
    const call = await tab();
    expect((await call('sync.pull', { clientId: 'not-a-uuid', cookie: null })).status).toBe(400);
  });
});
