import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoginResponse } from '@shared/api/http.ts';
import { PRESENCE_TTL_MS, PresenceList } from '@shared/sync/presence.ts';
import { TEST_DRIVERS } from '../testing/testDrivers.ts';
import { bearer, login, startTestServer, type TestServer } from '../testing/testServer.ts';

/** POST/GET /api/sync/presence through the real server (auth, team visibility, TTL). */
describe.each(TEST_DRIVERS)('presence routes ($name)', (driver) => {
  let s: TestServer;
  let agent1: LoginResponse;
  let agent2: LoginResponse;
  let agent3: LoginResponse;
  let admin: LoginResponse;
  let teamTickets: string[];

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 30 });
    agent1 = await login(s.app, 'agent1');
    agent2 = await login(s.app, 'agent2');
    agent3 = await login(s.app, 'agent3');
    admin = await login(s.app, 'admin');
    expect(agent3.agent.teamId).not.toBe(agent1.agent.teamId);
    const { rows } = await s.db.query<{ id: string }>(
      'select id from tickets where team_id = $1 order by id limit 8',
      [agent1.agent.teamId],
    );
    teamTickets = rows.map((r) => r.id);
  });
  afterAll(() => s.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  let next = 0;
  /** A ticket of agent1's team no other test reported on. */
  const freshTicket = () => teamTickets[next++]!;

  const report = (who: LoginResponse, body: object) =>
    s.app.inject({
      method: 'POST',
      url: '/api/sync/presence',
      headers: bearer(who.accessToken),
      payload: body,
    });
  const read = (who: LoginResponse, ticketId: string) =>
    s.app.inject({
      method: 'GET',
      url: `/api/sync/presence?ticketId=${ticketId}`,
      headers: bearer(who.accessToken),
    });
  const others = async (who: LoginResponse, ticketId: string) => {
    const res = await read(who, ticketId);
    expect(res.statusCode).toBe(200);
    return PresenceList.parse(res.json()).entries;
  };

  it('shows two agents of one team to each other, never the caller to themself', async () => {
    const ticketId = freshTicket();
    const before = Date.now();
    expect((await report(agent1, { clientId: randomUUID(), ticketId, typing: false })).json()).toEqual({
      ok: true,
    });
    expect(await others(agent1, ticketId)).toEqual([]);
    const seen = await others(agent2, ticketId);
    expect(seen).toEqual([
      {
        agentId: agent1.agent.id,
        displayName: agent1.agent.displayName,
        ticketId,
        typing: false,
        at: seen[0]!.at,
      },
    ]);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(before);

    await report(agent2, { clientId: randomUUID(), ticketId, typing: false });
    expect((await others(agent1, ticketId)).map((e) => e.agentId)).toEqual([agent2.agent.id]);
    // An admin sees every team's tickets, and so every team's viewers.
    expect((await others(admin, ticketId)).map((e) => e.agentId).sort()).toEqual(
      [agent1.agent.id, agent2.agent.id].sort(),
    );
  });

  it('carries the typing flag, and forgets a client that closed the case', async () => {
    const ticketId = freshTicket();
    const clientId = randomUUID();
    await report(agent1, { clientId, ticketId, typing: true });
    expect((await others(agent2, ticketId))[0]).toMatchObject({ agentId: agent1.agent.id, typing: true });
    await report(agent1, { clientId, ticketId, typing: false });
    expect((await others(agent2, ticketId))[0]).toMatchObject({ typing: false });

    // Opening another case moves the client; closing it removes it.
    const other = freshTicket();
    await report(agent1, { clientId, ticketId: other, typing: false });
    expect(await others(agent2, ticketId)).toEqual([]);
    expect(await others(agent2, other)).toHaveLength(1);
    await report(agent1, { clientId, ticketId: null, typing: false });
    expect(await others(agent2, other)).toEqual([]);
  });

  it('shows one agent on two devices once, typing if either is', async () => {
    const ticketId = freshTicket();
    await report(agent1, { clientId: randomUUID(), ticketId, typing: false });
    await report(agent1, { clientId: randomUUID(), ticketId, typing: true });
    expect(await others(agent2, ticketId)).toEqual([expect.objectContaining({ typing: true })]);
  });

  it('hides a ticket of another team: 404 to read or report, exactly like a missing ticket', async () => {
    const ticketId = freshTicket();
    await report(agent1, { clientId: randomUUID(), ticketId, typing: true });
    const outsider = await read(agent3, ticketId);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.body).not.toContain(agent1.agent.displayName);
    const missing = await read(agent3, randomUUID());
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual(outsider.json());

    expect((await report(agent3, { clientId: randomUUID(), ticketId, typing: false })).statusCode).toBe(404);
    // The refused report left nothing behind.
    expect((await others(agent2, ticketId)).map((e) => e.agentId)).toEqual([agent1.agent.id]);
  });

  it('refuses bad input with 400 and anonymous callers with 401', async () => {
    const ticketId = freshTicket();
    for (const body of [
      {},
      { clientId: 'nope', ticketId, typing: false },
      { clientId: randomUUID(), ticketId: 'CD-1', typing: false },
      { clientId: randomUUID(), ticketId },
      { clientId: randomUUID(), ticketId, typing: 'yes' },
    ]) {
      const res = await report(agent1, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('invalid_input');
    }
    expect((await read(agent1, 'not-a-uuid')).statusCode).toBe(400);
    const anonymous = await s.app.inject({ method: 'GET', url: `/api/sync/presence?ticketId=${ticketId}` });
    expect(anonymous.statusCode).toBe(401);
    expect(await others(agent2, ticketId)).toEqual([]);
  });

  it('drops a client whose heartbeats stopped after the TTL, and keeps one that beats', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ticketId = freshTicket();
    const quiet = randomUUID();
    const beating = randomUUID();
    await report(agent1, { clientId: quiet, ticketId, typing: false });
    await report(agent2, { clientId: beating, ticketId, typing: false });
    vi.setSystemTime(Date.now() + PRESENCE_TTL_MS - 1_000);
    await report(agent2, { clientId: beating, ticketId, typing: false });
    expect((await others(admin, ticketId)).map((e) => e.agentId).sort()).toEqual(
      [agent1.agent.id, agent2.agent.id].sort(),
    );
    vi.setSystemTime(Date.now() + 1_000);
    expect((await others(admin, ticketId)).map((e) => e.agentId)).toEqual([agent2.agent.id]);
    vi.setSystemTime(Date.now() + PRESENCE_TTL_MS);
    expect(await others(admin, ticketId)).toEqual([]);
  });
});
