import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketStatus } from '@shared/domain/index.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import { MutationGap, PushResponse, type PatchOp } from '@shared/sync/protocol.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  countRows,
  login,
  pullAll,
  push,
  startTestServer,
  syncVersion,
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
