import { randomUUID } from 'node:crypto';
import type { IntakeTicketRequest } from '@shared/api/http.ts';
import { CHANNELS } from '@shared/domain/common.ts';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from '../../server/src/db/rows.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { ensureDataset, workingCopy } from '../harness/dataset.ts';
import { postJson } from '../harness/http.ts';
import { runPool } from '../harness/pool.ts';
import { startBenchServer } from '../harness/server.ts';
import { round, summarize } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';

const CATEGORIES = ['product_inquiry', 'order_query', 'after_sales', 'complaint'] as const;
const SUBJECTS = [
  '收到的面霜有破损',
  '卫生巾漏发一包',
  '裙子尺码偏小想换货',
  '物流三天没有更新',
  '退款还没到账',
];
const BODIES = [
  '你好，我昨天收到快递，打开发现瓶身有裂痕，里面的膏体漏出来了，请问怎么处理？',
  '订单里少发了一包夜用的，麻烦帮我补发一下，谢谢。',
  '平时穿M码，这次买的M码明显偏小，想换成L码，需要我先寄回吗？',
  '物流信息一直停在中转站，已经三天没有动了，能帮忙催一下吗？',
  '上周申请的退款显示已同意，但是钱还没有退回到我的账户。',
];

/**
 * Channel systems open tickets through POST /api/intake/tickets, 16 deliveries in flight, on a
 * 100k-ticket database (30% from known customers' phones, 20% naming a known order). Baseline: the
 * same number of bare single-statement ticket INSERTs through the server's Db, same concurrency.
 */
export const intakeThroughput: Scenario = {
  name: 'intake-throughput',
  description: 'POST /api/intake/tickets ×16 concurrent vs bare ticket INSERTs via Db',
  browser: false,
  async run(ctx, report) {
    const tickets = ctx.quick ? 10_000 : 100_000;
    const count = ctx.quick ? 500 : 2_000;
    const concurrency = 16;
    const dataset = await ensureDataset(ctx, tickets);
    const copy = await workingCopy(dataset);
    const server = await startBenchServer(copy.dir);
    try {
      // Privacy columns are envelopes at rest: decrypt through the row mapping (the server's keys).
      const known = (
        await server.db.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers order by id limit 400`)
      ).rows.map(toCustomer);
      const { rows: orders } = await server.db.query<{ order_no: string }>(
        'select order_no from orders order by id limit 400',
      );
      const runId = randomUUID().slice(0, 8);
      const bodies: IntakeTicketRequest[] = Array.from({ length: count }, (_, i) => {
        const existing = i % 10 < 3 ? known[i % known.length] : undefined;
        return {
          channel: CHANNELS[i % CHANNELS.length]!,
          externalId: `bench-${runId}-${i}`,
          customer: existing
            ? { name: existing.name, phone: existing.phone, email: null }
            : {
                name: `测试客户${i}`,
                phone: `139${String(10_000_000 + i * 7).padStart(8, '0')}`,
                email: null,
              },
          subject: SUBJECTS[i % SUBJECTS.length]!,
          body: BODIES[i % BODIES.length]!,
          category: CATEGORIES[i % CATEGORIES.length]!,
          orderNo: i % 5 === 0 ? orders[i % orders.length]!.order_no : null,
        };
      });

      const post = (body: IntakeTicketRequest) =>
        postJson(`${server.url}/api/intake/tickets`, body, { 'x-api-key': DEMO_INTAKE_KEY });
      // Warm-up deliveries (not counted): JIT, plan caches, connection pool.
      for (let i = 0; i < 20; i++) {
        await post({ ...bodies[i]!, externalId: `bench-${runId}-warm-${i}` });
      }

      server.timed.reset();
      const latencies: number[] = [];
      let errors = 0;
      const started = performance.now();
      const sent = await runPool(
        count,
        concurrency,
        async (i) => {
          try {
            const res = await post(bodies[i]!);
            if (res.status !== 201) errors += 1;
            latencies.push(res.ms);
          } catch {
            errors += 1;
          }
        },
        started + (ctx.quick ? 30_000 : 90_000),
      );
      const elapsed = performance.now() - started;
      const db = server.timed.timings();
      const dbMs = server.timed.totalDbMs();
      const top = server.timed.topStatements(4, sent);
      const perSecond = (sent - errors) / (elapsed / 1000);

      // Baseline: the ticket rows alone, one autocommit INSERT each, same concurrency.
      const { rows: refs } = await server.db.query<{ team_id: string; customer_id: string; version: number }>(
        'select team_id, customer_id, version from tickets limit 1',
      );
      const ref = refs[0]!;
      const now = Date.now();
      const baseStarted = performance.now();
      await runPool(count, concurrency, async (i) => {
        const b = bodies[i]!;
        await server.db.query(
          `insert into tickets (id, number, channel, category, status, priority, priority_reasons, subject,
             customer_id, team_id, tags, created_at, updated_at, version)
           values ($1, $2, $3, $4, 'new', 'normal', '[]'::jsonb, $5, $6, $7, '[]'::jsonb, $8, $8, $9)`,
          [
            randomUUID(),
            `B-${runId}-${i}`,
            b.channel,
            b.category,
            b.subject,
            ref.customer_id,
            ref.team_id,
            now,
            ref.version,
          ],
        );
      });
      const baseElapsed = performance.now() - baseStarted;
      const basePerSecond = count / (baseElapsed / 1000);
      const lat = summarize(latencies);

      report.params = { tickets, deliveries: sent, concurrency, errors };
      report.metrics.push(
        {
          metric: 'tickets/s',
          unit: '/s',
          value: round(perSecond),
          baseline: round(basePerSecond),
          baselineLabel: 'bare ticket INSERTs/s via Db, same concurrency',
          target: { on: 'value', op: '>=', limit: 500 },
        },
        { metric: 'delivery p50', unit: 'ms', value: round(lat.p50), baseline: null },
        { metric: 'delivery p95', unit: 'ms', value: round(lat.p95), baseline: null },
        {
          metric: 'errors',
          unit: '',
          value: errors,
          baseline: null,
          target: { on: 'value', op: '=', limit: 0 },
        },
      );
      const perTicket = (ms: number) => round(ms / Math.max(1, sent));
      report.notes.push(
        `per delivery: ${perTicket(elapsed)} ms of wall time on one thread (server + load generator share it), ` +
          `of which ${perTicket(dbMs)} ms in PGlite statements and commits ` +
          `(${perTicket(db.commitMs)} ms commit); the rest is HTTP, zod, rules and JSON. ` +
          // Group commit: how many deliveries shared each write transaction on average.
          `${round(sent / Math.max(1, db.transactions))} deliveries per write transaction. ` +
          `Top statements per delivery: ${top.join('; ')}`,
      );
    } finally {
      await server.close();
      await copy.dispose();
    }
  },
};
