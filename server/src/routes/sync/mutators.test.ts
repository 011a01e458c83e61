import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '@shared/sync/mutations.ts';
import { AlreadyClaimedDetails, PushResponse } from '@shared/sync/protocol.ts';
import type { LoginResponse } from '@shared/api/http.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import { login, pullAll, push, startTestServer, type TestServer } from '../../testing/testServer.ts';

/** logCall, claimTicket and assignTicket over HTTP, and how replays answer a refusal. */
describe.each(TEST_DRIVERS)('sync mutators: calls, claims, assignment ($name)', (driver) => {
  let s: TestServer;
  let agent1: LoginResponse;
  let agent2: LoginResponse;
  let lead1: LoginResponse;
  let agent3: LoginResponse;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 90 });
    agent1 = await login(s.app, 'agent1');
    agent2 = await login(s.app, 'agent2');
    lead1 = await login(s.app, 'lead1');
    agent3 = await login(s.app, 'agent3');
  });
  afterAll(() => s.close());

  /** A not-closed ticket of agent1's team that no test has used yet, made unassigned. */
  const used = new Set<string>();
  async function freshTicket(): Promise<string> {
    const { rows } = await s.db.query<{ id: string }>(
      `select id from tickets where team_id = $1 and status <> 'closed' order by id`,
      [agent1.agent.teamId],
    );
    const id = rows.map((r) => r.id).find((x) => !used.has(x));
    if (!id) throw new Error('the seed ran out of open tickets');
    used.add(id);
    await s.db.query('update tickets set assignee_id = null where id = $1', [id]);
    return id;
  }
  const ticketRow = async (id: string) =>
    (
      await s.db.query<{ assignee_id: string | null; assigned_at: number | null; version: number }>(
        'select assignee_id, assigned_at, version from tickets where id = $1',
        [id],
      )
    ).rows[0]!;
  const send = async (who: LoginResponse, clientId: string, mutations: Mutation[]) => {
    const res = await push(s.app, who.accessToken, { clientId, mutations });
    expect(res.statusCode).toBe(200);
    return PushResponse.parse(res.json());
  };
  const claim = (id: number, ticketId: string): Mutation => ({
    id,
    name: 'claimTicket',
    args: { ticketId },
    clientTime: 1,
  });

  it('logs a call as a call event on the timeline, stamped with server time', async () => {
    const ticketId = await freshTicket();
    const eventId = randomUUID();
    const before = Date.now();
    const body = await send(agent1, randomUUID(), [
      {
        id: 1,
        name: 'logCall',
        args: {
          ticketId,
          eventId,
          direction: 'outbound',
          durationSec: 184,
          wrapUpCode: 'refund_explained',
          summary: '已说明退款流程，客户同意寄回',
        },
        clientTime: 5, // a client clock far in the past: ignored
      },
    ]);
    expect(body.results).toEqual([{ id: 1, status: 'applied', reason: null }]);
    const events = (await pullAll(s.app, agent2.accessToken, randomUUID(), null))
      .flatMap((p) => p.patch)
      .filter((op) => op.op === 'put' && op.entity === 'event' && op.value.id === eventId);
    expect(events).toHaveLength(1);
    const event = (events[0] as { value: Record<string, unknown> }).value;
    expect(event).toMatchObject({
      kind: 'call',
      direction: 'outbound',
      durationSec: 184,
      wrapUpCode: 'refund_explained',
      authorId: agent1.agent.id,
    });
    expect(event.createdAt as number).toBeGreaterThanOrEqual(before);
  });

  it('gives a claimed ticket to the first claimer; the second learns who and since when', async () => {
    const ticketId = await freshTicket();
    const first = await send(agent1, randomUUID(), [claim(1, ticketId)]);
    expect(first.results[0]).toEqual({ id: 1, status: 'applied', reason: null });
    const claimed = await ticketRow(ticketId);
    expect(claimed.assignee_id).toBe(agent1.agent.id);

    const second = await send(agent2, randomUUID(), [claim(1, ticketId)]);
    expect(second.results[0]).toMatchObject({ id: 1, status: 'rejected', reason: 'already_claimed' });
    expect(AlreadyClaimedDetails.parse(second.results[0]!.details)).toEqual({
      agentId: agent1.agent.id,
      displayName: agent1.agent.displayName,
      at: Number(claimed.assigned_at),
    });
    // Claiming one's own ticket again is a harmless success (a retry after a lost answer).
    const again = await send(agent1, randomUUID(), [claim(1, ticketId)]);
    expect(again.results[0]!.status).toBe('applied');
    expect((await ticketRow(ticketId)).version).toBe(claimed.version);
  });

  it('lets exactly one of many simultaneous claims win', async () => {
    const ticketId = await freshTicket();
    const claimers = [agent1, agent2, lead1, agent1, agent2];
    const answers = await Promise.all(claimers.map((who) => send(who, randomUUID(), [claim(1, ticketId)])));
    const winner = (await ticketRow(ticketId)).assignee_id;
    // The winner's own claims succeed (idempotent); everyone else's are refused.
    answers.forEach((answer, i) => {
      const mine = claimers[i]!.agent.id === winner;
      expect(answer.results[0]!.status).toBe(mine ? 'applied' : 'rejected');
    });
  });

  it('answers a replayed refusal with the stored reason and details, not as a duplicate', async () => {
    const ticketId = await freshTicket();
    await send(agent1, randomUUID(), [claim(1, ticketId)]);
    const clientId = randomUUID();
    const first = await send(agent2, clientId, [claim(1, ticketId)]);
    // The answer was lost; the client pushes the same mutation again.
    const replay = await send(agent2, clientId, [claim(1, ticketId)]);
    expect(replay).toEqual(first);
    expect(replay.results[0]!.status).toBe('rejected');
  });

  it('lets a lead assign within the team and refuses agents and other teams’ agents', async () => {
    const ticketId = await freshTicket();
    const assign = (id: number, assigneeId: string | null): Mutation => ({
      id,
      name: 'assignTicket',
      args: { ticketId, assigneeId },
      clientTime: 1,
    });
    const byAgent = await send(agent1, randomUUID(), [assign(1, agent1.agent.id)]);
    expect(byAgent.results[0]).toEqual({ id: 1, status: 'rejected', reason: 'forbidden' });
    expect((await ticketRow(ticketId)).assignee_id).toBeNull();

    const leadClient = randomUUID();
    const byLead = await send(lead1, leadClient, [
      assign(1, agent2.agent.id),
      assign(2, agent3.agent.id), // another team
      assign(3, null),
      assign(4, agent1.agent.id),
    ]);
    expect(byLead.results.map((r) => r.reason)).toEqual([null, 'invalid_assignee', null, null]);
    const row = await ticketRow(ticketId);
    expect(row.assignee_id).toBe(agent1.agent.id);
    expect(row.assigned_at).not.toBeNull();
  });

  it('records the version each mutation was processed at, in commit order', async () => {
    const ticketId = await freshTicket();
    const clientId = randomUUID();
    await send(agent1, clientId, [claim(1, ticketId), claim(2, ticketId)]);
    const { rows } = await s.db.query<{ id: number; version: number }>(
      'select id, version from mutations where client_id = $1 order by id',
      [clientId],
    );
    expect(rows.map((r) => Number(r.version))).toEqual(
      [...rows.map((r) => Number(r.version))].sort((a, b) => a - b),
    );
    expect(new Set(rows.map((r) => r.version)).size).toBe(2);
  });
});
