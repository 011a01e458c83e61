import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TicketStatus } from '@shared/domain/index.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import { MutationGap, PushResponse, type PatchOp } from '@shared/sync/protocol.ts';
import { ACCESS_TOKEN_TTL_MS, createAccessTokens } from '../../auth/accessTokens.ts';
import { createPokeHub, POKE_CHANNEL } from '../../sync/pokeHub.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  countRows,
  login,
  pullAll,
  push,
  startTestServer,
  syncVersion,
  testConfig,
  type TestServer,
} from '../../testing/testServer.ts';

interface TicketFacts {
  id: string;
  status: TicketStatus;
  channel: string;
  assignee_id: string | null;
  first_response_at: number | null;
  resolved_at: number | null;
}

describe.each(TEST_DRIVERS)('sync push ($name)', (driver) => {
  let s: TestServer;
  let token: string;
  let agentId: string;
  let teamId: string;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 120 });
    const session = await login(s.app, 'agent1');
    token = session.accessToken;
    agentId = session.agent.id;
    teamId = session.agent.teamId;
  });
  afterAll(() => s.close());

  /** A ticket of `team` in `status`, preferably unassigned. */
  async function ticketIn(status: TicketStatus, team = teamId): Promise<TicketFacts> {
    const { rows } = await s.db.query<TicketFacts>(
      `select id, status, channel, assignee_id, first_response_at, resolved_at from tickets
       where status = $1 and team_id = $2 order by assignee_id nulls first, id limit 1`,
      [status, team],
    );
    if (!rows[0]) throw new Error(`no ${status} ticket in the seed`);
    return rows[0];
  }
  const ticket = async (id: string) =>
    (
      await s.db.query<TicketFacts>(
        'select id, status, channel, assignee_id, first_response_at, resolved_at from tickets where id = $1',
        [id],
      )
    ).rows[0]!;

  const reply = (id: number, ticketId: string, eventId = randomUUID()): Mutation => ({
    id,
    name: 'replyToTicket',
    args: { ticketId, eventId, body: '您好，已为您处理。' },
    clientTime: 1,
  });
  const setStatus = (id: number, ticketId: string, to: TicketStatus): Mutation => ({
    id,
    name: 'setStatus',
    args: { ticketId, eventId: randomUUID(), to, reason: null },
    clientTime: 1,
  });

  it('applies a reply: outbound event on the ticket’s channel, opened, first response, assigned', async () => {
    const target = await ticketIn('new');
    expect(target.assignee_id).toBeNull();
    const clientId = randomUUID();
    const eventId = randomUUID();
    const before = Date.now();
    const res = await push(s.app, token, { clientId, mutations: [reply(1, target.id, eventId)] });
    expect(res.statusCode).toBe(200);
    expect(PushResponse.parse(res.json())).toEqual({
      lastMutationId: 1,
      results: [{ id: 1, status: 'applied', reason: null }],
    });

    const after = await ticket(target.id);
    expect(after.status).toBe('open');
    expect(after.assignee_id).toBe(agentId);
    expect(Number(after.first_response_at)).toBeGreaterThanOrEqual(before);

    const ops = (await pullAll(s.app, token, clientId, null)).flatMap((p) => p.patch);
    const event = ops.find(
      (o): o is Extract<PatchOp, { op: 'put' }> => o.op === 'put' && o.value.id === eventId,
    );
    expect(event?.value).toMatchObject({
      kind: 'message',
      direction: 'outbound',
      channel: target.channel,
      authorType: 'agent',
      authorId: agentId,
    });
    expect((event!.value as { createdAt: number }).createdAt).toBeGreaterThanOrEqual(before);
  });

  it('answers a replayed mutation as duplicate and changes nothing', async () => {
    const target = await ticketIn('open');
    const clientId = randomUUID();
    const mutation = reply(1, target.id);
    await push(s.app, token, { clientId, mutations: [mutation] });
    const version = await syncVersion(s.db);
    const events = await countRows(s.db, 'ticket_events');

    const res = await push(s.app, token, { clientId, mutations: [mutation] });
    expect(res.json()).toEqual({
      lastMutationId: 1,
      results: [{ id: 1, status: 'duplicate', reason: null }],
    });
    expect(await syncVersion(s.db)).toBe(version);
    expect(await countRows(s.db, 'ticket_events')).toBe(events);
  });

  it('answers 409 when a mutation skips ahead, keeping those before it', async () => {
    const target = await ticketIn('open');
    const clientId = randomUUID();
    const res = await push(s.app, token, {
      clientId,
      mutations: [reply(1, target.id), reply(3, target.id)],
    });
    expect(res.statusCode).toBe(409);
    expect(MutationGap.parse(res.json())).toEqual({ error: 'mutation_gap', expected: 2 });
    // The gap itself took no version and changed nothing.
    const version = await syncVersion(s.db);
    expect((await push(s.app, token, { clientId, mutations: [reply(3, target.id)] })).statusCode).toBe(409);
    expect(await syncVersion(s.db)).toBe(version);
    const retry = await push(s.app, token, {
      clientId,
      mutations: [reply(1, target.id), reply(2, target.id)],
    });
    expect(retry.json().results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'applied']);
  });

  it('records a refused transition, advances lastMutationId and keeps the queue moving', async () => {
    const target = await ticketIn('new');
    const clientId = randomUUID();
    const events = await countRows(s.db, 'ticket_events');
    const res = await push(s.app, token, {
      clientId,
      mutations: [setStatus(1, target.id, 'closed'), setStatus(2, target.id, 'resolved')],
    });
    expect(res.json()).toEqual({
      lastMutationId: 2,
      results: [
        { id: 1, status: 'rejected', reason: 'invalid_transition' },
        { id: 2, status: 'applied', reason: null },
      ],
    });
    const after = await ticket(target.id);
    expect(after.status).toBe('resolved');
    expect(after.resolved_at).not.toBeNull();
    // Only the applied change wrote an event.
    expect(await countRows(s.db, 'ticket_events')).toBe(events + 1);
    const { rows } = await s.db.query<{ status: string; reason: string }>(
      'select status, reason from mutations where client_id = $1 order by id',
      [clientId],
    );
    expect(rows).toEqual([
      { status: 'rejected', reason: 'invalid_transition' },
      { status: 'applied', reason: null },
    ]);
  });

  it('answers a replayed refusal with its stored reason and details, and records it once', async () => {
    const lead = await login(s.app, 'lead1');
    const { rows } = await s.db.query<{ id: string }>(
      `select id from tickets where team_id = $1 and status = 'open' and assignee_id is not null
         and assignee_id <> $2 limit 1`,
      [lead.agent.teamId, lead.agent.id],
    );
    const clientId = randomUUID();
    const batch = { clientId, mutations: [reply(1, rows[0]!.id)] };
    const first = (await push(s.app, lead.accessToken, batch)).json();
    expect(first.results[0]).toMatchObject({ id: 1, status: 'rejected', reason: 'not_assignee' });
    expect(first.results[0].details.agentId).toBeTruthy();
    const version = await syncVersion(s.db);
    const again = (await push(s.app, lead.accessToken, batch)).json();
    expect(again).toEqual(first);
    expect(await syncVersion(s.db)).toBe(version);
    const { rows: recorded } = await s.db.query<{ status: string; reason: string }>(
      'select status, reason from mutations where client_id = $1',
      [clientId],
    );
    expect(recorded).toEqual([{ status: 'rejected', reason: 'not_assignee' }]);
  });

  it('refuses changes to a closed ticket', async () => {
    const target = await ticketIn('closed');
    const res = await push(s.app, token, { clientId: randomUUID(), mutations: [reply(1, target.id)] });
    expect(res.json().results[0]).toEqual({ id: 1, status: 'rejected', reason: 'ticket_closed' });
  });

  it('keeps other teams’ tickets out of reach: not pulled, and pushes to them are "not found"', async () => {
    const { rows } = await s.db.query<{ id: string }>('select id from tickets where team_id <> $1 limit 1', [
      teamId,
    ]);
    const foreign = rows[0]!.id;
    const res = await push(s.app, token, { clientId: randomUUID(), mutations: [reply(1, foreign)] });
    expect(res.json().results[0]).toEqual({ id: 1, status: 'rejected', reason: 'ticket_not_found' });
    const unknown = await push(s.app, token, { clientId: randomUUID(), mutations: [reply(1, randomUUID())] });
    expect(unknown.json().results[0].reason).toBe('ticket_not_found');

    const ops = (await pullAll(s.app, token, randomUUID(), null)).flatMap((p) => p.patch);
    expect(ops.some((o) => o.op === 'put' && o.value.id === foreign)).toBe(false);
  });

  it('never duplicates an event whose id was already used', async () => {
    const target = await ticketIn('open');
    const eventId = randomUUID();
    await push(s.app, token, { clientId: randomUUID(), mutations: [reply(1, target.id, eventId)] });
    // The same change arriving from a reinstalled client (new client id, new sequence).
    const res = await push(s.app, token, {
      clientId: randomUUID(),
      mutations: [reply(1, target.id, eventId)],
    });
    expect(res.json().results[0].status).toBe('applied');
    const { rows } = await s.db.query<{ n: number }>(
      'select count(*)::int as n from ticket_events where id = $1',
      [eventId],
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('refuses a client id that belongs to another agent', async () => {
    const target = await ticketIn('open');
    const clientId = randomUUID();
    await push(s.app, token, { clientId, mutations: [reply(1, target.id)] });
    const lead = await login(s.app, 'lead1');
    const res = await push(s.app, lead.accessToken, { clientId, mutations: [reply(2, target.id)] });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
  });

  it('rolls back everything on an infrastructure error, so the mutation is retried later', async () => {
    const target = await ticketIn('open');
    const clientId = randomUUID();
    await s.db.exec('alter table ticket_events rename to ticket_events_away');
    try {
      const res = await push(s.app, token, { clientId, mutations: [reply(1, target.id)] });
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('internal');
    } finally {
      await s.db.exec('alter table ticket_events_away rename to ticket_events');
    }
    const { rows } = await s.db.query('select 1 from clients where client_id = $1', [clientId]);
    expect(rows).toEqual([]);
    const retry = await push(s.app, token, { clientId, mutations: [reply(1, target.id)] });
    expect(retry.json().results[0].status).toBe('applied');
  });

  const pullStatus = async (accessToken: string) =>
    (
      await s.app.inject({
        method: 'POST',
        url: '/api/sync/pull',
        headers: { authorization: `Bearer ${accessToken}` },
        payload: { clientId: randomUUID(), cookie: null, limit: 1 },
      })
    ).statusCode;
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  it('reads the agent fresh on every push: a team change applies to the next mutation', async () => {
    const mine = await ticketIn('open');
    const { rows } = await s.db.query<{ team_id: string }>(
      'select team_id from tickets where team_id <> $1 limit 1',
      [teamId],
    );
    const otherTeam = rows[0]!.team_id;
    const clientId = randomUUID();
    await s.db.query('update agents set team_id = $2 where id = $1', [agentId, otherTeam]);
    try {
      const res = await push(s.app, token, { clientId, mutations: [reply(1, mine.id)] });
      expect(res.json().results[0]).toEqual({ id: 1, status: 'rejected', reason: 'ticket_not_found' });
    } finally {
      await s.db.query('update agents set team_id = $2 where id = $1', [agentId, teamId]);
    }
    const res = await push(s.app, token, { clientId, mutations: [reply(2, mine.id)] });
    expect(res.json().results[0]).toEqual({ id: 2, status: 'applied', reason: null });
  });

  it('answers 401 to a valid token whose agent is gone, and records nothing', async () => {
    const goneId = randomUUID();
    await s.db.query(
      `insert into agents (id, username, display_name, role, team_id, password_hash, created_at, updated_at, version)
       select $1, $2, display_name, role, team_id, password_hash, created_at, updated_at, version
       from agents where id = $3`,
      [goneId, `gone-${goneId}`, agentId],
    );
    const gone = (await createAccessTokens(testConfig().jwtSecret!).sign(goneId)).token;
    const target = await ticketIn('open');
    // Accepted while the agent exists: the token is valid (and now remembered as verified).
    expect(await pullStatus(gone)).toBe(200);
    await s.db.query('delete from agents where id = $1', [goneId]);
    const version = await syncVersion(s.db);

    const clientId = randomUUID();
    const res = await push(s.app, gone, { clientId, mutations: [reply(1, target.id)] });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('not_logged_in');
    expect(await pullStatus(gone)).toBe(401);
    expect(await syncVersion(s.db)).toBe(version);
    expect((await s.db.query('select 1 from clients where client_id = $1', [clientId])).rows).toEqual([]);
  });

  it('refuses a token once it has expired, even one it accepted before', async () => {
    const session = await login(s.app, 'agent2');
    const target = await ticketIn('open');
    expect(await pullStatus(session.accessToken)).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ACCESS_TOKEN_TTL_MS + 1_000 });
    try {
      const res = await push(s.app, session.accessToken, {
        clientId: randomUUID(),
        mutations: [reply(1, target.id)],
      });
      expect(res.statusCode).toBe(401);
      expect(await pullStatus(session.accessToken)).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it('pokes the live channel after a push commits', async () => {
    let pokes = 0;
    const unlisten = await s.db.listen(POKE_CHANNEL, () => pokes++);
    try {
      const target = await ticketIn('open');
      await new Promise((r) => setTimeout(r, 50)); // let an earlier test's poke go out first
      const before = pokes;
      await push(s.app, token, { clientId: randomUUID(), mutations: [reply(1, target.id)] });
      expect(await waitFor(() => pokes > before)).toBe(true);
    } finally {
      await unlisten();
    }
  });

  it('coalesces pokes: a burst shares NOTIFYs, and none made while one is in flight is lost', async () => {
    const log = { warn: () => undefined } as unknown as Parameters<typeof createPokeHub>[1];
    const hub = await createPokeHub(s.db, log);
    let notified = 0;
    const unlisten = await s.db.listen(POKE_CHANNEL, () => notified++);
    try {
      await new Promise((r) => setTimeout(r, 50)); // earlier tests' pokes are out
      const start = notified;
      // The first goes at once; the 49 made while it is in flight share exactly one more.
      for (let i = 0; i < 50; i++) void hub.poke();
      expect(await waitFor(() => notified - start === 2)).toBe(true);
      void hub.poke();
      expect(await waitFor(() => notified - start === 3)).toBe(true);
    } finally {
      await unlisten();
      await hub.close();
    }
  });

  it('applies each mutation once when two windows push the same batch at the same time', async () => {
    const { rows } = await s.db.query<{ id: string }>(
      `select id from tickets where team_id = $1 and status in ('open', 'new')
         and (assignee_id is null or assignee_id = $2) order by id limit 4`,
      [teamId, agentId],
    );
    const clients = Array.from({ length: 4 }, () => randomUUID());
    const batches = clients.map((clientId, i) => ({
      clientId,
      mutations: [1, 2, 3].map((id) => reply(id, rows[i]!.id)),
    }));
    // Every batch twice, all at once: on PostgreSQL the pushes really race for the client rows.
    const answers = await Promise.all([...batches, ...batches].map((batch) => push(s.app, token, batch)));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    for (const [i, clientId] of clients.entries()) {
      const statuses = [answers[i]!, answers[i + clients.length]!].flatMap(
        (a) => (a.json() as { results: { id: number; status: string }[] }).results,
      );
      for (const id of [1, 2, 3]) {
        expect(
          statuses
            .filter((r) => r.id === id)
            .map((r) => r.status)
            .sort(),
        ).toEqual(['applied', 'duplicate']);
      }
      const { rows: recorded } = await s.db.query<{ n: number }>(
        "select count(*)::int as n from mutations where client_id = $1 and status = 'applied'",
        [clientId],
      );
      expect(Number(recorded[0]!.n)).toBe(3);
    }
  });

  it('rejects a malformed push with 400 and no change', async () => {
    const version = await syncVersion(s.db);
    const res = await push(s.app, token, {
      clientId: randomUUID(),
      mutations: [{ id: 1, name: 'deleteEverything', args: {}, clientTime: 1 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_input');
    expect(await syncVersion(s.db)).toBe(version);
  });
});
