import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, DemoInfo, HealthResponse, LoginResponse } from '@shared/api/http.ts';
import { createServer } from '../../app.ts';
import { DEMO_ACCOUNTS, DEMO_INTAKE_KEY } from '../../seed/demoAccounts.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  bearer,
  login,
  pull,
  startTestServer,
  testConfig,
  type TestServer,
} from '../../testing/testServer.ts';

describe.each(TEST_DRIVERS)('auth over HTTP ($name)', (driver) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 10 });
  });
  afterAll(() => s.close());

  const refresh = (refreshToken: string) =>
    s.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });

  it('signs in with the right password and the token opens the API', async () => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent1', password: 'demo-agent1' },
    });
    expect(res.statusCode).toBe(200);
    const body = LoginResponse.parse(res.json());
    expect(body.agent).toMatchObject({ username: 'agent1', role: 'agent' });
    expect(body.accessExpiresAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    const pulled = await pull(s.app, body.accessToken, { clientId: randomUUID(), cookie: null, limit: 1 });
    expect(pulled.statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'agent1', password: 'nope' },
    });
    const unknown = await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(ApiError.parse(wrong.json()).code).toBe('invalid_credentials');
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('rejects a malformed login body with 400', async () => {
    const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(ApiError.parse(res.json()).code).toBe('invalid_input');
  });

  it('rotates refresh tokens and treats a reused one as theft', async () => {
    const first = await login(s.app, 'agent2');
    const rotated = await refresh(first.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const second = LoginResponse.parse(rotated.json());
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.agent.username).toBe('agent2');

    const reused = await refresh(first.refreshToken);
    expect(reused.statusCode).toBe(401);
    expect(ApiError.parse(reused.json()).code).toBe('session_expired');
    // The reuse revoked the whole login, including the token issued in good faith.
    expect((await refresh(second.refreshToken)).statusCode).toBe(401);
  });

  it('rejects an unknown refresh token', async () => {
    expect((await refresh('not-a-token')).statusCode).toBe(401);
  });

  it('logout revokes the refresh token', async () => {
    const session = await login(s.app, 'agent3');
    const out = await s.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: bearer(session.accessToken),
      payload: { refreshToken: session.refreshToken },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ ok: true });
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
  });

  it('requires a valid bearer token on the API', async () => {
    const none = await s.app.inject({ method: 'POST', url: '/api/sync/pull', payload: {} });
    expect(none.statusCode).toBe(401);
    expect(ApiError.parse(none.json()).code).toBe('not_logged_in');
    const forged = await pull(s.app, 'eyJhbGciOiJIUzI1NiJ9.e30.x', { clientId: randomUUID(), cookie: null });
    expect(forged.statusCode).toBe(401);
  });

  it('answers health checks and unknown routes with JSON', async () => {
    const health = await s.app.inject({ method: 'GET', url: '/healthz' });
    expect(HealthResponse.parse(health.json()).db).toBe(driver.name);
    const missing = await s.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(ApiError.parse(missing.json()).code).toBe('not_found');
  });

  it('serves /api/demo only in demo mode', async () => {
    expect((await s.app.inject({ method: 'GET', url: '/api/demo' })).statusCode).toBe(404);
    const demo = await createServer(
      testConfig({
        demo: {
          accounts: DEMO_ACCOUNTS.map(({ username, password, role }) => ({ username, password, role })),
          intakeKey: DEMO_INTAKE_KEY,
        },
      }),
      { db: s.db },
    );
    try {
      const res = await demo.app.inject({ method: 'GET', url: '/api/demo' });
      expect(res.statusCode).toBe(200);
      const info = DemoInfo.parse(res.json());
      expect(info.accounts.map((a) => a.username)).toContain('admin');
      // The advertised passwords really work.
      const signIn = await demo.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: info.accounts[0]!.username, password: info.accounts[0]!.password },
      });
      expect(signIn.statusCode).toBe(200);
    } finally {
      await demo.close();
    }
  });
});
