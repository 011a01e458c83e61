import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponse } from '@shared/api/http.ts';
import { startServer } from '../../app.ts';
import { seedDemoData } from '../../seed/seedDemoData.ts';
import { TEST_DRIVERS, type TestDatabase } from '../../testing/testDrivers.ts';
import { SEED_NOW, TEST_INTAKE_KEY, testConfig } from '../../testing/testServer.ts';

/** Reads a response body until `done(text)` holds or the time runs out. */
async function readUntil(body: ReadableStream<Uint8Array>, done: (text: string) => boolean, ms = 5_000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!done(text) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
    ]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

describe.each(TEST_DRIVERS)('live events over real HTTP ($name)', (driver) => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let token: string;

  beforeAll(async () => {
    database = await driver.open();
    server = await startServer(testConfig({ port: 0 }), { db: database.db });
    await seedDemoData(database.db, { tickets: 5, seed: 3, now: SEED_NOW });
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'agent1', password: 'demo-agent1' }),
    });
    token = LoginResponse.parse(await res.json()).accessToken;
  });
  afterAll(async () => {
    await server.close();
    await database.dispose();
  });

  it('refuses a stream without a token', async () => {
    const res = await fetch(`${server.url}/api/sync/events`);
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });

  it('streams a data-free poke when something changes', async () => {
    const stream = new AbortController();
    const res = await fetch(`${server.url}/api/sync/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: stream.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = res.body!;
    expect(await readUntil(body, (t) => t.includes(': connected'))).toContain(': connected');

    const intake = await fetch(`${server.url}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'app',
        externalId: randomUUID(),
        customer: { name: '李女士', phone: '13700001111' },
        subject: '咨询',
        body: '请问护垫有无香型？',
      }),
    });
    expect(intake.status).toBe(201);
    expect(await readUntil(body, (t) => t.includes('event: poke'))).toContain('event: poke\ndata: {}\n\n');
    stream.abort();
  });
});
