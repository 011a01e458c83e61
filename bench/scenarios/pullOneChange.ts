import { randomUUID } from 'node:crypto';
import { writeTransaction } from '../../server/src/db/beginWrite.ts';
import { encodeCookie } from '../../server/src/sync/cookie.ts';
import { ensureDataset, workingCopy } from '../harness/dataset.ts';
import { login, postJson } from '../harness/http.ts';
import { startBenchServer } from '../harness/server.ts';
import { round, summarize } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';

interface Session {
  username: string;
  label: string;
  accessToken: string;
  agent: { id: string; teamId: string };
  clientId: string;
  cookie: string;
}

interface PullBody {
  cookie: string;
  patch: { op: string; entity?: string }[];
  more: boolean;
}

/**
 * An agent already in sync pulls after one ticket of their team changed: the steady-state cost of a
 * poke. The change is a normal versioned write (beginWrite), the pull goes over loopback HTTP with a
 * real access token. Baseline: the cheapest read of that ticket, a primary-key select through the
 * same Db.
 */
export const pullOneChange: Scenario = {
  name: 'pull-one-change',
  description: 'pull after 1 ticket changed, cookie current (HTTP loopback) vs select by id via Db',
  browser: false,
  async run(ctx, report) {
    const tickets = ctx.quick ? 10_000 : 100_000;
    const runs = ctx.quick ? 60 : 200;
    const warmup = 10;
    const dataset = await ensureDataset(ctx, tickets);
    const copy = await workingCopy(dataset);
    const server = await startBenchServer(copy.dir);
    try {
      const deadline = performance.now() + (ctx.quick ? 40_000 : 90_000);
      const accounts = [
        { username: 'agent1', label: 'agent1 (team)' },
        { username: 'admin', label: 'admin (all teams)' },
      ];
      const sessions: Session[] = [];
      for (const account of accounts) {
        const { accessToken, agent } = await login(server.url, account.username);
        sessions.push({ ...account, accessToken, agent, clientId: randomUUID(), cookie: '' });
      }
      const team = sessions[0]!.agent.teamId;
      const { rows: picked } = await server.db.query<{ id: string }>(
        'select id from tickets where team_id = $1 order by number limit 1 offset 500',
        [team],
      );
      const ticketId = picked[0]!.id;

      // A current cookie without replaying 100k rows: the position "everything up to now", made by the
      // server's own encoder; the first pull below proves it is current (an empty patch).
      const { rows: state } = await server.db.query<{ version: number; epoch: string }>(
        'select version, epoch from sync_state',
      );
      const now = encodeCookie({ epoch: state[0]!.epoch, version: Number(state[0]!.version), key: null });
      for (const s of sessions) {
        s.cookie = now;
        const first = await pull(s);
        if (first.patch.length !== 0 || first.more) throw new Error('the crafted cookie is not current');
        s.cookie = first.cookie;
      }

      async function pull(s: Session) {
        const res = await postJson<PullBody>(
          `${server.url}/api/sync/pull`,
          { clientId: s.clientId, cookie: s.cookie, limit: 2_000 },
          { authorization: `Bearer ${s.accessToken}` },
        );
        if (res.status !== 200) throw new Error(`pull: HTTP ${res.status}`);
        return { ...res.body, ms: res.ms };
      }

      const samples = new Map<string, number[]>(sessions.map((s) => [s.label, []]));
      const baseline: number[] = [];
      let anomalies = 0;
      let done = 0;
      for (let i = 0; i < warmup + runs && performance.now() < deadline; i++) {
        await writeTransaction(server.db, (tx, stamp) =>
          tx.query('update tickets set updated_at = $2, version = $3 where id = $1', [
            ticketId,
            stamp.now,
            stamp.version,
          ]),
        );
        for (const s of sessions) {
          const res = await pull(s);
          if (res.patch.length !== 1 || res.patch[0]?.entity !== 'ticket' || res.more) anomalies += 1;
          s.cookie = res.cookie;
          if (i >= warmup) samples.get(s.label)!.push(res.ms);
        }
        const started = performance.now();
        await server.db.query('select * from tickets where id = $1', [ticketId]);
        if (i >= warmup) baseline.push(performance.now() - started);
        if (i >= warmup) done += 1;
      }

      const base = summarize(baseline);
      report.params = { tickets, runs: done, warmup, copyMs: Math.round(copy.copyMs) };
      for (const s of sessions) {
        const sum = summarize(samples.get(s.label)!);
        const primary = s.username === 'agent1';
        report.metrics.push(
          {
            metric: `pull p50, ${s.label}`,
            unit: 'ms',
            value: round(sum.p50),
            baseline: round(base.p50),
            baselineLabel: 'select by id via Db, p50',
            ...(primary ? { target: { on: 'value' as const, op: '<' as const, limit: 50 } } : {}),
          },
          {
            metric: `pull p95, ${s.label}`,
            unit: 'ms',
            value: round(sum.p95),
            baseline: round(base.p95),
            baselineLabel: 'select by id via Db, p95',
            ...(primary ? { target: { on: 'value' as const, op: '<' as const, limit: 50 } } : {}),
          },
        );
      }
      if (anomalies) report.notes.push(`${anomalies} pulls did not return exactly the one changed ticket`);
      if (done < runs) report.notes.push(`time bound hit: ${done} of ${runs} runs`);
    } finally {
      await server.close();
      await copy.dispose();
    }
  },
};
