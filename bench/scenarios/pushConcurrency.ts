import { randomUUID } from 'node:crypto';
import { writeTransaction } from '../../server/src/db/beginWrite.ts';
import { AGENT_INSERT_COLUMNS, insertRows } from '../../server/src/seed/insertRows.ts';
import { DATASET_NOW, ensureDataset, workingCopy } from '../harness/dataset.ts';
import { login, postJson } from '../harness/http.ts';
import { runPool } from '../harness/pool.ts';
import { fireOnSchedule, poissonArrivals } from '../harness/schedule.ts';
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

/** One simulated desk's outbox: mutations queue while a push is in flight, like the real engine's. */
interface Desk {
  agent: SimAgent;
  clientId: string;
  nextId: number;
  inFlight: boolean;
  /** A push failed: the desk's later ids would only meet gaps, so it stops (each counted an error). */
  broken: boolean;
  queued: { id: number; ticketId: string; scheduledAt: number }[];
}

const AGENTS = 1_000;
/** Mean gap between one agent's pushes: 5–10× a busy agent's real rate (one change per 30–60 s). */
const MEAN_GAP_MS = 5_000;
const SCHEDULE_SEED = 4;
const BURST_PUSHES_EACH = 3;
const SEQUENTIAL_RUNS = 50;
const REPLY_BODY = '您好，已为您登记，请耐心等待。';

/**
 * Issue 4's words: 1,000 agents connected at once (each its own client id and token), each pushing
 * replyToTicket on its own open-loop Poisson schedule (mean one push per 5 s per agent, 200/s offered),
 * latency from each push's scheduled time. Baseline: bare 1-row INSERT transactions via the Db at the
 * same arrival times. The old all-at-once burst runs after it as an informational metric.
 */
export const pushConcurrency: Scenario = {
  name: 'push-concurrency',
  description:
    '1,000 agents pushing replyToTicket on Poisson schedules (1 per 5 s each, 200/s) vs 1-row INSERT ' +
    'transactions at the same times; plus the all-at-once burst, informational',
  browser: false,
  async run(ctx, report) {
    const tickets = ctx.quick ? 10_000 : 100_000;
    const durationMs = ctx.quick ? 10_000 : 30_000;
    const burstClients = ctx.quick ? 200 : 1_000;
    // Decided before anything is measured: the same arrivals for the product path and its baseline.
    const arrivals = poissonArrivals({
      sources: AGENTS,
      meanGapMs: MEAN_GAP_MS,
      durationMs,
      seed: SCHEDULE_SEED,
    });
    const dataset = await ensureDataset(ctx, tickets);
    const copy = await workingCopy(dataset);
    const server = await startBenchServer(copy.dir);
    try {
      const runId = randomUUID().slice(0, 8);
      const agents = await simulatedAgents(server, AGENTS, runId);
      ctx.log(
        `${agents.length} simulated agents ready, ${arrivals.length} pushes scheduled over ${durationMs / 1000} s`,
      );

      // Distinct open tickets per push, from the agent's own team (others' tickets are rejected).
      const needByTeam = new Map<string, number>();
      const need = (teamId: string, n: number) => needByTeam.set(teamId, (needByTeam.get(teamId) ?? 0) + n);
      for (const a of arrivals) need(agents[a.source]!.teamId, 1);
      for (const agent of agents.slice(0, burstClients)) need(agent.teamId, BURST_PUSHES_EACH);
      const solo = agents[4] ?? agents[0]!;
      need(solo.teamId, SEQUENTIAL_RUNS);
      const byTeam = new Map<string, string[]>();
      for (const [teamId, count] of needByTeam) {
        const { rows } = await server.db.query<{ id: string }>(
          "select id from tickets where team_id = $1 and status <> 'closed' order by id limit $2",
          [teamId, count],
        );
        if (rows.length < count)
          throw new Error(`team ${teamId}: ${rows.length} open tickets, ${count} needed`);
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

      const push = (agent: SimAgent, clientId: string, mutations: { id: number; ticketId: string }[]) =>
        postJson<PushBody>(
          `${server.url}/api/sync/push`,
          {
            clientId,
            mutations: mutations.map(({ id, ticketId }) => ({
              id,
              name: 'replyToTicket',
              args: { ticketId, eventId: randomUUID(), body: `${REPLY_BODY}（压测 ${runId}）` },
              clientTime: Date.now(),
            })),
          },
          { authorization: `Bearer ${agent.token}` },
          60_000,
        );
      const applied = (res: { status: number; body: PushBody }, count: number) =>
        res.status === 200 &&
        res.body.results.length === count &&
        res.body.results.every((r) => r.status === 'applied');

      // One push at a time: the service time with no queue (and the warm-up).
      const sequential: number[] = [];
      const soloClient = randomUUID();
      for (let i = 1; i <= SEQUENTIAL_RUNS; i++) {
        const res = await push(solo, soloClient, [{ id: i, ticketId: takeTicket(solo.teamId) }]);
        if (i > 5) sequential.push(res.ms);
      }

      // --- The load: open-loop Poisson pushes. ---
      server.timed.reset();
      server.resetServerTimes();
      const desks: Desk[] = agents.map((agent) => ({
        agent,
        clientId: randomUUID(),
        nextId: 1,
        inFlight: false,
        broken: false,
        queued: [],
      }));
      const latencies: number[] = [];
      let errors = 0;
      let batched = 0;
      let outstanding = 0;
      let drained: () => void = () => undefined;
      const allAnswered = new Promise<void>((resolve) => (drained = resolve));
      const settle = (n: number) => {
        outstanding -= n;
        if (outstanding === 0 && fired) drained();
      };
      // A desk pushes everything its outbox holds, one push at a time (the sync lock): a change made
      // while a push is in flight waits for it, and that wait counts, from its own scheduled time.
      const flush = (desk: Desk) => {
        if (desk.inFlight || desk.queued.length === 0) return;
        const batch = desk.queued.splice(0);
        if (batch.length > 1) batched += batch.length;
        desk.inFlight = true;
        push(desk.agent, desk.clientId, batch).then(
          (res) => {
            const done = performance.now();
            for (const m of batch) latencies.push(done - m.scheduledAt);
            if (!applied(res, batch.length)) errors += batch.length;
            desk.inFlight = false;
            flush(desk);
            settle(batch.length);
          },
          () => {
            errors += batch.length;
            desk.broken = true;
            settle(batch.length);
          },
        );
      };
      let fired = false;
      const started = performance.now();
      await fireOnSchedule(arrivals, (arrival, scheduledAt) => {
        const desk = desks[arrival.source]!;
        if (desk.broken) {
          errors += 1;
          return;
        }
        outstanding += 1;
        desk.queued.push({ id: desk.nextId++, ticketId: takeTicket(desk.agent.teamId), scheduledAt });
        flush(desk);
      });
      fired = true;
      if (outstanding > 0) await allAnswered;
      const elapsed = performance.now() - started;
      const db = server.timed.timings();
      const dbMs = server.timed.totalDbMs();
      const top = server.timed.topStatements(6, latencies.length);
      const inServer = summarize(server.serverTimes('/api/sync/push'));

      // Baseline: one-row INSERT transactions straight to the Db at the same arrival times.
      const { rows: sample } = await server.db.query<{ id: string }>('select id from tickets limit 1');
      const insertReply = () =>
        server.db.transaction((tx) =>
          tx.query(
            `insert into ticket_events (id, ticket_id, kind, author_type, author_id, created_at, payload, version)
             values ($1, $2, 'message', 'agent', null, $3, $4::jsonb, 0)`,
            [
              randomUUID(),
              sample[0]!.id,
              Date.now(),
              JSON.stringify({ direction: 'outbound', channel: 'chat', body: REPLY_BODY }),
            ],
          ),
        );
      const baseline: number[] = [];
      const baseInFlight: Promise<void>[] = [];
      const baseStarted = performance.now();
      await fireOnSchedule(arrivals, (_arrival, scheduledAt) => {
        baseInFlight.push(insertReply().then(() => void baseline.push(performance.now() - scheduledAt)));
      });
      await Promise.all(baseInFlight);
      const baseElapsed = performance.now() - baseStarted;

      const lat = summarize(latencies);
      const base = summarize(baseline);
      const seq = summarize(sequential);
      report.params = {
        tickets,
        agents: AGENTS,
        meanGapMsPerAgent: MEAN_GAP_MS,
        offeredPerSecond: AGENTS / (MEAN_GAP_MS / 1000),
        durationMs,
        scheduled: arrivals.length,
        answered: latencies.length,
        burstClients,
        burstPushesEach: BURST_PUSHES_EACH,
      };
      const row = (name: string, p: 'p50' | 'p95' | 'p99', target: boolean) => ({
        metric: name,
        unit: 'ms',
        value: round(lat[p]),
        baseline: round(base[p]),
        baselineLabel: `1-row INSERT transaction via Db at the same arrival times, ${p}`,
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
          baselineLabel: 'INSERT transactions/s (the same offered rate)',
        },
        { metric: 'push p50, 1 in flight', unit: 'ms', value: round(seq.p50), baseline: null },
      );
      const per = (ms: number) => round(ms / Math.max(1, latencies.length));
      report.notes.push(
        `Open loop: ${AGENTS} agents, each its own client id and token, each pushing one replyToTicket at ` +
          `exponential gaps (mean ${MEAN_GAP_MS / 1000} s: ${AGENTS / (MEAN_GAP_MS / 1000)}/s offered, 5–10× a busy ` +
          `agent's rate) for ${durationMs / 1000} s; schedule seed ${SCHEDULE_SEED}, drawn before the run. Latency ` +
          `runs from each push's scheduled time to its answer, so time queued anywhere (the event loop, the ` +
          `database, the desk's own previous push: ${batched} changes waited for one and went in a batch) counts. ` +
          `Requests share one keep-alive pool, as desks that stay connected would (no TCP set-up in the ` +
          `latency); live streams and the pulls pokes trigger are not part of this load (pull-one-change). ` +
          `max ${round(lat.max)} ms; baseline max ${round(base.max)} ms.`,
      );
      report.notes.push(
        `inside the server (request parsed → response sent): p50 ${round(inServer.p50)} ms, ` +
          `p99 ${round(inServer.p99)} ms. Per push: ${per(dbMs)} ms in PGlite statements and commits, ` +
          `${per(db.waitMs)} ms queued for the connection, ${round(db.transactions / Math.max(1, latencies.length))} ` +
          `transactions. Top statements per push: ${top.join('; ')}`,
      );

      // --- Informational: the old stampede, every burst client's pushes fired at the same instant. ---
      // Its p99 is the time to drain the whole burst through one serialised connection, so it has no
      // target; it is kept so nothing is hidden.
      server.timed.reset();
      const burst: number[] = [];
      let burstErrors = 0;
      const burstStarted = performance.now();
      await Promise.all(
        agents.slice(0, burstClients).map(async (agent) => {
          const clientId = randomUUID();
          for (let id = 1; id <= BURST_PUSHES_EACH; id++) {
            try {
              const res = await push(agent, clientId, [{ id, ticketId: takeTicket(agent.teamId) }]);
              burst.push(res.ms);
              if (!applied(res, 1)) burstErrors += 1;
            } catch {
              burstErrors += 1;
            }
          }
        }),
      );
      const burstElapsed = performance.now() - burstStarted;
      const burstBase: number[] = [];
      const burstBaseStarted = performance.now();
      await runPool(burstClients, burstClients, async () => {
        for (let i = 0; i < BURST_PUSHES_EACH; i++) {
          const t0 = performance.now();
          await insertReply();
          burstBase.push(performance.now() - t0);
        }
      });
      const burstBaseElapsed = performance.now() - burstBaseStarted;
      const b = summarize(burst);
      const bb = summarize(burstBase);
      report.metrics.push(
        {
          metric: `burst p99 (${burstClients}×${BURST_PUSHES_EACH} at once)`,
          unit: 'ms',
          value: round(b.p99),
          baseline: round(bb.p99),
          baselineLabel: '1-row INSERT transactions, same concurrency, p99',
        },
        {
          metric: 'burst pushes/s',
          unit: '/s',
          value: round(burst.length / (burstElapsed / 1000)),
          baseline: round(burstBase.length / (burstBaseElapsed / 1000)),
          baselineLabel: 'INSERT transactions/s',
        },
      );
      report.notes.push(
        `Burst (informational, no target): ${burstClients} agents × ${BURST_PUSHES_EACH} pushes fired at ` +
          `once, each agent's one after another: p50 ${round(b.p50)} ms / p99 ${round(b.p99)} ms ` +
          `(baseline p50 ${round(bb.p50)} / p99 ${round(bb.p99)} ms), ${burstErrors} errors. A burst's p99 is ` +
          `the time to drain it through one serialised connection, not a push's cost.`,
      );
    } finally {
      await server.close();
      await copy.dispose();
    }
  },
};
