import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '@shared/domain/index.ts';
import { LoginResponse } from '@shared/api/http.ts';
import { PRESENCE_TTL_MS } from '@shared/sync/presence.ts';
import { startServer } from '../app.ts';
import type { Db } from '../db/types.ts';
import { seedDemoData } from '../seed/seedDemoData.ts';
import { createPokeHub, PRESENCE_CHANNEL, type PokeHub } from '../sync/pokeHub.ts';
import { TEST_DRIVERS, type TestDatabase } from '../testing/testDrivers.ts';
import { SEED_NOW, TEST_INTAKE_KEY, testConfig } from '../testing/testServer.ts';
import { createPresenceService } from './presenceService.ts';
import type { PresenceChange } from './presenceStore.ts';

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

const silentLog = { warn: () => undefined } as unknown as FastifyBaseLogger;

describe.each(TEST_DRIVERS)('presence fan-out ($name)', (driver) => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startServer>>;
  let hubA: PokeHub;
  let hubB: PokeHub;
  let peer: Db | null = null;
  const tokens = new Map<string, LoginResponse>();
  const streams: AbortController[] = [];

  beforeAll(async () => {
    database = await driver.open();
    server = await startServer(testConfig({ port: 0 }), { db: database.db });
    await seedDemoData(database.db, { tickets: 10, seed: 5, now: SEED_NOW });
    for (const username of ['agent1', 'agent2', 'agent3']) {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: `demo-${username}` }),
      });
      tokens.set(username, LoginResponse.parse(await res.json()));
    }
    // Two more hubs on the same database stand for two other server instances (PostgreSQL: two
    // connections of their own).
    peer = database.openPeer ? await database.openPeer() : null;
    hubA = await createPokeHub(database.db, silentLog);
    hubB = await createPokeHub(peer ?? database.db, silentLog);
  });
  afterAll(async () => {
    for (const stream of streams) stream.abort();
    await hubA.close();
    await hubB.close();
    await peer?.close();
    await server.close();
    await database.dispose();
  });

  async function openStream(username: string) {
    const stream = new AbortController();
    streams.push(stream);
    const res = await fetch(`${server.url}/api/sync/events`, {
      headers: { authorization: `Bearer ${tokens.get(username)!.accessToken}` },
      signal: stream.signal,
    });
    expect(res.status).toBe(200);
    const body = res.body!;
    expect(await readUntil(body, (t) => t.includes(': connected'))).toContain(': connected');
    return body;
  }

  it('tells the team’s live streams which ticket changed, and nobody else', async () => {
    const mine = await openStream('agent1');
    const teammate = await openStream('agent2');
    const outsider = await openStream('agent3');
    const agent1 = tokens.get('agent1')!;
    const { rows } = await database.db.query<{ id: string }>(
      'select id from tickets where team_id = $1 limit 1',
      [agent1.agent.teamId],
    );
    const ticketId = rows[0]!.id;
    const res = await fetch(`${server.url}/api/sync/presence`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent1.accessToken}` },
      body: JSON.stringify({ clientId: randomUUID(), ticketId, typing: true }),
    });
    expect(res.status).toBe(200);
    const seen = await readUntil(teammate, (t) => t.includes('event: presence'));
    // The ticket id only: who it is comes from GET, which checks the caller's team.
    expect(seen).toContain(`event: presence\ndata: ${JSON.stringify({ ticketId })}\n\n`);
    expect(seen).not.toContain(agent1.agent.displayName);

    // A poke after the report: everything written before it has arrived once it has.
    const intake = await fetch(`${server.url}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'app',
        externalId: randomUUID(),
        customer: { name: '赵先生', phone: '13700002222' },
        subject: '咨询',
        body: '快递到哪了？',
      }),
    });
    expect(intake.status).toBe(201);
    for (const body of [outsider, mine]) {
      const text = await readUntil(body, (t) => t.includes('event: poke'));
      expect(text).toContain('event: poke');
      expect(text).not.toContain('event: presence');
    }
  });

  const agent: Agent = {
    id: randomUUID(),
    username: 'wang.lei',
    displayName: '王磊',
    role: 'agent',
    teamId: randomUUID(),
    state: 'available',
    stateSince: 0,
  };
  const viewer = { ...agent, id: randomUUID() };

  it('relays reports to the other instance, which expires them on its own clock and says so', async () => {
    let clockA = 1_000_000;
    let clockB = 5_000_000; // instances disagree on time; each expires by its own clock
    const a = createPresenceService(hubA, { now: () => clockA, sweepEveryMs: 60_000 });
    const b = createPresenceService(hubB, { now: () => clockB, sweepEveryMs: 60_000 });
    const onA: PresenceChange[] = [];
    const onB: PresenceChange[] = [];
    const stopA = hubA.subscribePresence((c) => onA.push(c));
    const stopB = hubB.subscribePresence((c) => onB.push(c));
    try {
      const ticketId = randomUUID();
      const clientId = randomUUID();
      const change = { ticketId, teamId: agent.teamId, agentId: agent.id };
      await a.report(agent, { clientId, ticketId, typing: false }, agent.teamId);
      expect(onA).toEqual([change]);
      await expect
        .poll(() => b.list(viewer, ticketId))
        .toEqual([{ agentId: agent.id, displayName: '王磊', ticketId, typing: false, at: clockA }]);
      expect(onB).toEqual([change]);

      // A heartbeat with nothing new renews the record everywhere without announcing anything.
      clockA += 10_000;
      clockB += PRESENCE_TTL_MS - 1_000;
      await a.report(agent, { clientId, ticketId, typing: false }, agent.teamId);
      await expect.poll(() => b.list(viewer, ticketId)[0]?.at).toBe(clockA);
      clockB += 1_000;
      b.sweep();
      expect(b.list(viewer, ticketId)).toHaveLength(1);
      expect(onB).toEqual([change]);

      // The reports stop: the other instance drops the record after the TTL and announces it.
      clockB += PRESENCE_TTL_MS;
      b.sweep();
      expect(b.list(viewer, ticketId)).toEqual([]);
      expect(onB).toEqual([change, change]);
      expect(onA).toEqual([change]);
    } finally {
      stopA();
      stopB();
      a.close();
      b.close();
    }
  });

  it('ignores what is not a presence record on the channel', async () => {
    const b = createPresenceService(hubB, { sweepEveryMs: 60_000 });
    try {
      const ticketId = randomUUID();
      await database.db.notify(PRESENCE_CHANNEL, 'not json');
      await database.db.notify(
        PRESENCE_CHANNEL,
        JSON.stringify({ from: 'elsewhere', message: { agentId: agent.id, ticketId } }),
      );
      await hubA.sharePresence({
        agentId: agent.id,
        clientId: randomUUID(),
        displayName: agent.displayName,
        teamId: agent.teamId,
        ticketId,
        typing: true,
        at: Date.now(),
      });
      // The valid record, sent last, arrives; the two before it left nothing.
      await expect.poll(() => b.list(viewer, ticketId)).toHaveLength(1);
      expect(b.list(viewer, ticketId)[0]!.typing).toBe(true);
    } finally {
      b.close();
    }
  });
});
