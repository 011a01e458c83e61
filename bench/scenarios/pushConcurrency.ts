import { randomUUID } from 'node:crypto';
import { writeTransaction } from '../../server/src/db/beginWrite.ts';
import { AGENT_INSERT_COLUMNS, insertRows } from '../../server/src/seed/insertRows.ts';
import { DATASET_NOW, ensureDataset, workingCopy } from '../harness/dataset.ts';
import { login, postJson } from '../harness/http.ts';
import { runPool } from '../harness/pool.ts';
import { startBenchServer, type BenchServer } from '../harness/server.ts';
import { round, summarize } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';

const DEMO_USERS = [
  'admin',
  'lead1',
  'lead2',
  'lead3',
  'agent1',
  'agent2',
  'agent3',
  'agent4',
  'agent5',
  'agent6',
];

interface SimAgent {
  token: string;
  teamId: string;
}

interface PushBody {
  lastMutationId: number;
  results: { id: number; status: string; reason: string | null }[];
}

/**
 * The demo agents (signed in over HTTP) plus extra agent rows made for this run (one argon2 hash
 * reused; their access tokens signed with this run's key, as login would issue them), one per
 * simulated agent up to `count`.
 */
async function simulatedAgents(server: BenchServer, count: number, runId: string): Promise<SimAgent[]> {
  const agents: SimAgent[] = [];
  for (const username of DEMO_USERS.slice(0, count)) {
    const { accessToken, agent } = await login(server.url, username);
    agents.push({ token: accessToken, teamId: agent.teamId });
  }
  const extra = count - agents.length;
  if (extra <= 0) return agents;
  const { rows: teams } = await server.db.query<{ id: string }>('select id from teams order by created_at');
  const { rows: hashes } = await server.db.query<{ password_hash: string }>(
    "select password_hash from agents where username = 'agent1'",
  );
  const rows = Array.from({ length: extra }, (_, i) => ({
    id: randomUUID(),
    username: `bench-${runId}-${i}`,
    display_name: `压测坐席${i}`,
    role: 'agent',
    team_id: teams[i % teams.length]!.id,
    password_hash: hashes[0]!.password_hash,
    created_at: DATASET_NOW,
    updated_at: DATASET_NOW,
  }));
  await writeTransaction(server.db, (tx, stamp) =>
    insertRows(tx, 'agents', AGENT_INSERT_COLUMNS, rows, stamp.version),
  );
  for (const row of rows) {
    agents.push({ token: (await server.tokens.sign(row.id)).token, teamId: row.team_id });
  }
  return agents;
}

/**
 * 1,000 simulated agents, each its own client id, each pushing 3 replyToTicket mutations one after
 * another, all agents at once over loopback HTTP. Baseline: as many single-row INSERT transactions
 * (the reply's event row) straight to the Db, with the same concurrency.
 */
export const pushConcurrency: Scenario = {
  name: 'push-concurrency',
  description: '1,000 agents × 3 replyToTicket pushes at once vs single-row INSERT transactions via Db',
  browser: false,
  async run(ctx, report) {
    const tickets = ctx.quick ? 10_000 : 100_000;
    const clients = ctx.quick ? 200 : 1_000;
    const pushesEach = 3;
    const sequentialRuns = 50;
    const dataset = await ensureDataset(ctx, tickets);
    const copy = await workingCopy(dataset);
    const server = await startBenchServer(copy.dir);
    try {
      const runId = randomUUID().slice(0, 8);
      const agents = await simulatedAgents(server, clients, runId);
      ctx.log(`${agents.length} simulated agents ready`);

      // Distinct open tickets per push, from the agent's own team (others' tickets are rejected).
      const byTeam = new Map<string, string[]>();
      for (const teamId of new Set(agents.map((a) => a.teamId))) {
        const need = agents.filter((a) => a.teamId === teamId).length * pushesEach + sequentialRuns;
        const { rows } = await server.db.query<{ id: string }>(
          "select id from tickets where team_id = $1 and status <> 'closed' order by id limit $2",
          [teamId, need],
        );
        byTeam.set(
          teamId,
          rows.map((r) => r.id),
        );
      }
      // Only the assignee may reply (shared/ticket/ownership.ts): free the chosen tickets, so each
      // push is the first reply to an unassigned ticket, which makes it that agent's.
      await server.db.query('update tickets set assignee_id = null where id = any($1::uuid[])', [
        [...byTeam.values()].flat(),
      ]);
      const takeTicket = (teamId: string) => {
        const id = byTeam.get(teamId)!.pop();
        if (!id) throw new Error('ran out of open tickets for a team');
        return id;
      };

      const push = (agent: SimAgent, clientId: string, id: number, ticketId: string) =>
        postJson<PushBody>(
          `${server.url}/api/sync/push`,
          {
            clientId,
            mutations: [
              {
                id,
                name: 'replyToTicket',
                args: {
                  ticketId,
                  eventId: randomUUID(),
                  body: `您好，已为您登记，请耐心等待（压测 ${runId}）。`,
                },
                clientTime: Date.now(),
              },
            ],
          },
          { authorization: `Bearer ${agent.token}` },
          60_000,
        );
      const ok = (res: { status: number; body: PushBody }) =>
        res.status === 200 && res.body.results.length === 1 && res.body.results[0]!.status === 'applied';

      // One push at a time: the service time with no queue (and the warm-up).
      const sequential: number[] = [];
      const solo = agents[4] ?? agents[0]!;
      const soloClient = randomUUID();
      for (let i = 1; i <= sequentialRuns; i++) {
        const res = await push(solo, soloClient, i, takeTicket(solo.teamId));
        if (i > 5) sequential.push(res.ms);
      }

      server.timed.reset();
      server.resetServerTimes();
      const latencies: number[] = [];
      const byIndex: number[][] = Array.from({ length: pushesEach }, () => []);
      let httpErrors = 0;
      let notApplied = 0;
      const started = performance.now();
      const deadline = started + (ctx.quick ? 60_000 : 150_000);
      await Promise.all(
        agents.map(async (agent) => {
          const clientId = randomUUID();
          for (let id = 1; id <= pushesEach && performance.now() < deadline; id++) {
            try {
              const res = await push(agent, clientId, id, takeTicket(agent.teamId));
              latencies.push(res.ms);
              byIndex[id - 1]!.push(res.ms);
              if (res.status !== 200) httpErrors += 1;
              else if (!ok(res)) notApplied += 1;
            } catch {
              httpErrors += 1;
            }
          }
        }),
      );
      const elapsed = performance.now() - started;
      const db = server.timed.timings();
      const dbMs = server.timed.totalDbMs();
      const top = server.timed.topStatements(4, latencies.length);
      const inServer = summarize(server.serverTimes('/api/sync/push'));

      // Baseline: the same number of one-row INSERT transactions, `clients` in flight.
      const { rows: sample } = await server.db.query<{ id: string }>('select id from tickets limit 1');
      const baseline: number[] = [];
      const baseStarted = performance.now();
      await runPool(clients, clients, async () => {
        for (let i = 0; i < pushesEach; i++) {
          const t0 = performance.now();
          await server.db.transaction((tx) =>
            tx.query(
              `insert into ticket_events (id, ticket_id, kind, author_type, author_id, created_at, payload, version)
               values ($1, $2, 'message', 'agent', null, $3, $4::jsonb, 0)`,
              [
                randomUUID(),
                sample[0]!.id,
                Date.now(),
                JSON.stringify({
                  direction: 'outbound',
                  channel: 'chat',
                  body: '您好，已为您登记，请耐心等待。',
                }),
              ],
            ),
          );
          baseline.push(performance.now() - t0);
        }
      });

      const baseElapsed = performance.now() - baseStarted;
      const lat = summarize(latencies);
      const base = summarize(baseline);
      const seq = summarize(sequential);
      const errors = httpErrors + notApplied;
      report.params = {
        tickets,
        clients,
        pushesEach,
        pushes: latencies.length,
        elapsedMs: Math.round(elapsed),
      };
      const row = (name: string, p: 'p50' | 'p95' | 'p99', target: boolean) => ({
        metric: name,
        unit: 'ms',
        value: round(lat[p]),
        baseline: round(base[p]),
        baselineLabel: `1-row INSERT transaction via Db, ${p}`,
        ...(target ? { target: { on: 'value' as const, op: '<' as const, limit: 100 } } : {}),
      });
      report.metrics.push(
        row('push p50', 'p50', false),
        row('push p95', 'p95', false),
        row('push p99', 'p99', true),
        {
          metric: 'errors',
          unit: '',
          value: errors,
          baseline: null,
          target: { on: 'value', op: '=', limit: 0 },
        },
        {
          metric: 'pushes/s',
          unit: '/s',
          value: round(latencies.length / (elapsed / 1000)),
          baseline: round(baseline.length / (baseElapsed / 1000)),
          baselineLabel: 'INSERT transactions/s',
        },
        {
          metric: 'push p50, 1 in flight',
          unit: 'ms',
          value: round(seq.p50),
          baseline: null,
        },
      );
      const per = (ms: number) => round(ms / Math.max(1, latencies.length));
      report.notes.push(
        `p50 / p99 by push of a client: ${byIndex
          .map((l, i) => `#${i + 1} ${round(summarize(l).p50)} / ${round(summarize(l).p99)} ms`)
          .join(', ')}`,
      );
      report.notes.push(
        `inside the server (request parsed → response sent): p50 ${round(inServer.p50)} ms, ` +
          `p99 ${round(inServer.p99)} ms; the rest of a push's latency is waiting to be read at all ` +
          `(connection set-up and the event loop's backlog)`,
      );
      report.notes.push(
        `${httpErrors} HTTP errors, ${notApplied} pushes not applied. ` +
          `Per push: ${per(elapsed)} ms of wall time on one thread, ${per(dbMs)} ms in PGlite statements ` +
          `and commits, ${per(db.waitMs)} ms queued for the connection. With ${clients} agents in flight and ` +
          `every write serialised (one PGlite connection, one sync_state row lock), p99 ≈ pushes in flight × ` +
          `per-push time. Top statements per push: ${top.join('; ')}`,
      );
    } finally {
      await server.close();
      await copy.dispose();
    }
  },
};
