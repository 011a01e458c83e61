import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/http.ts';
import { ClientTooOld, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@shared/sync/protocol.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import { bearer, login, startTestServer, type TestServer } from '../../testing/testServer.ts';

describe.each(TEST_DRIVERS)('sync protocol version ($name)', (driver) => {
  let s: TestServer;
  let token: string;

  beforeAll(async () => {
    // A server that no longer serves this client's protocol.
    s = await startTestServer(driver, { tickets: 6, config: { minClientProtocol: PROTOCOL_VERSION + 1 } });
    token = (await login(s.app, 'agent1')).accessToken;
  });
  afterAll(() => s.close());

  const call = (url: string, headers: Record<string, string>) =>
    s.app.inject({
      method: url.endsWith('events') ? 'GET' : 'POST',
      url,
      headers: { ...bearer(token), ...headers },
      payload: url.endsWith('events') ? undefined : { clientId: randomUUID(), cookie: null },
    });

  it('answers 426 client_too_old to pull, push and the live channel below its minimum', async () => {
    for (const url of ['/api/sync/pull', '/api/sync/push', '/api/sync/events']) {
      const res = await call(url, { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
      expect(res.statusCode, url).toBe(426);
      const body = ApiError.parse(res.json());
      expect(body.code).toBe('client_too_old');
      expect(ClientTooOld.parse(body.details)).toEqual({
        minimum: PROTOCOL_VERSION + 1,
        received: PROTOCOL_VERSION,
      });
    }
  });

  it('treats a missing header as version 1 and garbage as too old', async () => {
    expect((await call('/api/sync/pull', {})).json().details.received).toBe(1);
    expect((await call('/api/sync/pull', { [PROTOCOL_HEADER]: 'abc' })).json().details.received).toBe(0);
  });

  it('serves a client at the minimum, and still says 401 before 426 without a token', async () => {
    const ok = await call('/api/sync/pull', { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION + 1) });
    expect(ok.statusCode).toBe(200);
    const anonymous = await s.app.inject({
      method: 'POST',
      url: '/api/sync/pull',
      payload: { clientId: randomUUID(), cookie: null },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});
