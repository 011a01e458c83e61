import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '@shared/api/http.ts';
import type { RevealAudit } from '@shared/privacy/reveal.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import { PushResponse } from '@shared/sync/protocol.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import { login, push, startTestServer, type TestServer } from '../../testing/testServer.ts';

/** The revealAudit mutation: one privacy_audit row per reveal, only in the pushing agent's name. */
describe.each(TEST_DRIVERS)('sync mutator: revealAudit ($name)', (driver) => {
  let s: TestServer;
  let agent1: LoginResponse;
  let agent2: LoginResponse;
  let customerId: string;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 10 });
    agent1 = await login(s.app, 'agent1');
    agent2 = await login(s.app, 'agent2');
    const { rows } = await s.db.query<{ id: string }>('select id from customers order by id limit 1');
    customerId = rows[0]!.id;
  });
  afterAll(() => s.close());

  const audit = (agentId: string): RevealAudit => ({
    id: randomUUID(),
    agentId,
    customerId,
    field: 'phone',
    reason: 'callback',
    reasonText: null,
    at: 1_700_000_000_000,
  });
  const reveal = (id: number, args: RevealAudit): Mutation => ({
    id,
    name: 'revealAudit',
    args,
    clientTime: 1,
  });
  const send = async (who: LoginResponse, clientId: string, mutations: Mutation[]) => {
    const res = await push(s.app, who.accessToken, { clientId, mutations });
    expect(res.statusCode).toBe(200);
    return PushResponse.parse(res.json());
  };
  const rowsOf = async (id: string) =>
    (
      await s.db.query<{ agent_id: string; action: string; field: string; reason: string }>(
        'select agent_id, action, field, reason from privacy_audit where id = $1',
        [id],
      )
    ).rows;

  it('records one privacy_audit row per reveal; a replay records none', async () => {
    const args = audit(agent1.agent.id);
    const clientId = randomUUID();
    const first = await send(agent1, clientId, [reveal(1, args)]);
    expect(first.results).toEqual([{ id: 1, status: 'applied', reason: null }]);
    expect(await rowsOf(args.id)).toEqual([
      { agent_id: agent1.agent.id, action: 'reveal', field: 'phone', reason: 'callback' },
    ]);

    // The answer was lost: the same mutation again is a duplicate.
    const replay = await send(agent1, clientId, [reveal(1, args)]);
    expect(replay.results).toEqual([{ id: 1, status: 'duplicate', reason: null }]);
    // The same audit re-issued as a new mutation (another window, a retry-as-new) is not recorded twice.
    const reissued = await send(agent1, clientId, [reveal(2, args)]);
    expect(reissued.results).toEqual([{ id: 2, status: 'applied', reason: null }]);
    expect(await rowsOf(args.id)).toHaveLength(1);
  });

  it("refuses an audit in another agent's name and records nothing", async () => {
    const args = audit(agent1.agent.id);
    const body = await send(agent2, randomUUID(), [reveal(1, args)]);
    expect(body.results).toEqual([{ id: 1, status: 'rejected', reason: 'forbidden' }]);
    expect(await rowsOf(args.id)).toEqual([]);
  });
});
