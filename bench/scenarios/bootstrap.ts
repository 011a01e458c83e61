import { cpus } from 'node:os';
import type { Page } from 'playwright-core';
import { startBrowserHost } from '../../electron/browser-host/startBrowserHost.ts';
import {
  cacheCounts,
  IDB_PROBE,
  idbLog,
  launchBenchBrowser,
  pullChainAlone,
  rawPutOfCachedRows,
  recorded,
  signIn,
  unionMs,
  waitForSyncIdle,
  type CacheCounts,
  type IdbEntry,
} from '../harness/browser.ts';
import { DEFAULT_PULL_LIMIT, FIRST_CHUNK_LIMIT } from '../../renderer/src/sync/createSyncEngine.ts';
import { ensureDataset, workingCopy, type RowCounts } from '../harness/dataset.ts';
import { benchRendererDir } from '../harness/renderer.ts';
import { startBenchServer } from '../harness/server.ts';
import { round } from '../harness/stats.ts';
import { createPullReplay, pullFirstSyncThroughHost } from '../harness/pullReplay.ts';
import type { BenchContext, Metric, Scenario, ScenarioReport, Target } from '../harness/types.ts';

const PULL_CHUNK = 2_000;
/**
 * The stores a first sync fills (renderer/src/db/CareDeskDb.ts dataTables). Events and orders are not
 * stores of their own: they live inside `timelines` (one row per ticket) and `customerOrders` (one row
 * per customer), so the baseline copies those rows.
 */
const DATA_STORES = ['tickets', 'customers', 'customerOrders', 'timelines', 'agents'] as const;

interface BootstrapSpec {
  name: string;
  description: string;
  tickets: (quick: boolean) => number;
  /** Longest the first sync may take before the scenario gives up and reports it as not complete. */
  budgetMs: (quick: boolean) => number;
  completeTarget: Target;
}

/** Whether the cache holds every record of the server's database (events: those inside the timelines). */
const matches = (c: CacheCounts | null, e: RowCounts) =>
  !!c &&
  c.tickets === e.tickets &&
  c.customers === e.customers &&
  c.orders === e.orders &&
  c.events === e.events &&
  c.agents === e.agents;

/**
 * Waits for the first sync to finish: the header went from syncing back to online and the cache
 * holds every row the server has (counted only then: see waitForSyncIdle).
 */
async function waitForSyncComplete(page: Page, expected: RowCounts, deadline: number) {
  let counts: CacheCounts | null = null;
  const completeAt = await waitForSyncIdle(page, deadline, Number.NEGATIVE_INFINITY, async () => {
    counts = await cacheCounts(page);
    return matches(counts, expected);
  });
  if (completeAt === null) counts = await cacheCounts(page).catch(() => null);
  return { completeAt, counts: counts as CacheCounts | null, rec: await recorded(page) };
}

/**
 * Sign-in to a usable queue and to a complete local cache, in Chromium through the browser host with
 * an embedded server over the seeded database, as `admin` (sees every team). Baseline, same Chromium
 * and disk: a raw IndexedDB put of the same rows with the same indexes (rawPutOfCachedRows).
 */
function bootstrapScenario(spec: BootstrapSpec): Scenario {
  return {
    name: spec.name,
    description: spec.description,
    browser: true,
    async run(ctx, report: ScenarioReport) {
      const tickets = spec.tickets(ctx.quick);
      const dataset = await ensureDataset(ctx, tickets);
      const copy = await workingCopy(dataset);
      // The server the host's `embedded` option would start (same startServer, demo mode, same data
      // folder), started here instead so its request times and database time can be read.
      const server = await startBenchServer(copy.dir);
      const rendererDir = benchRendererDir(ctx.root);
      const host = await startBrowserHost({ port: 0, serverUrl: server.url, dataDir: null, rendererDir });
      const browser = await launchBenchBrowser();
      await browser.context.addInitScript({ content: IDB_PROBE });
      const expected = dataset.counts;
      const totalRows =
        expected.tickets + expected.customers + expected.orders + expected.events + expected.agents;
      report.params = { tickets, totalRows, pullChunk: PULL_CHUNK, user: 'admin' };
      let baselineMs: number;
      try {
        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        // Every pull as the page saw it (wall clock, ms): start and end of the round trip to the host.
        const pulls: Array<{ start: number; end: number }> = [];
        page.on('requestfinished', (request) => {
          if (!request.url().endsWith('/host/api/sync.pull')) return;
          const t = request.timing();
          pulls.push({ start: t.startTime, end: t.startTime + t.responseEnd });
        });
        await page.goto(host.url);
        await page.getByLabel('用户名').waitFor({ timeout: 30_000 });
        server.resetServerTimes();
        server.timed.reset();
        await signIn(page, 'admin');
        const deadline = performance.now() + spec.budgetMs(ctx.quick);
        const { completeAt, counts, rec } = await waitForSyncComplete(page, expected, deadline);
        const clickAt = rec.clicks[rec.clicks.length - 1] ?? null;
        const since = (t: number | null) => (t === null || clickAt === null ? null : t - clickAt);
        const usable = since(rec.firstRowAt);
        const complete = since(completeAt);
        // Baseline, once the sync is done: the very rows it cached, put again with the same indexes.
        const base = await rawPutOfCachedRows(page, DATA_STORES, PULL_CHUNK);
        ctx.log(`baseline: ${base.rows} rows in ${Math.round(base.ms)} ms`);
        baselineMs = base.ms;

        const metrics: Metric[] = [
          {
            metric: 'usable queue (sign-in → first row)',
            unit: 'ms',
            value: usable === null ? null : Math.round(usable),
            baseline: null,
            target: { on: 'value', op: '<', limit: 3_000 },
          },
          {
            metric: 'first sync complete',
            unit: 'ms',
            value: complete === null ? null : Math.round(complete),
            baseline: Math.round(base.ms),
            baselineLabel: `raw IndexedDB put of the same ${base.rows.toLocaleString('en')} rows, same indexes`,
            target: spec.completeTarget,
          },
        ];
        report.metrics.push(...metrics);
        // IndexedDB rows, on both sides: the app's timelines and customer order rows (not the events and
        // orders inside them) against the same rows put raw.
        const cachedRows = counts
          ? counts.tickets + counts.customers + counts.customerOrders + counts.timelines + counts.agents
          : null;
        if (cachedRows !== null) report.params.cachedRows = cachedRows;
        if (complete !== null && cachedRows !== null) {
          report.metrics.push({
            metric: 'rows cached/s',
            unit: '/s',
            value: round(cachedRows / (complete / 1000)),
            baseline: round(base.rows / (base.ms / 1000)),
            baselineLabel: 'raw IndexedDB rows/s',
          });
        }
        if (counts && 'ticketBytes' in counts)
          report.params.productTicketBytes = (counts as { ticketBytes: number }).ticketBytes;
        if (complete === null) {
          report.notes.push(
            `first sync not complete after ${Math.round(spec.budgetMs(ctx.quick) / 1000)} s; cache then held ` +
              `${JSON.stringify(counts)} of ${JSON.stringify(expected)}`,
          );
        }
        report.notes.push(
          `the sync caches ${totalRows.toLocaleString('en')} records (tickets ${expected.tickets}, customers ` +
            `${expected.customers}, orders ${expected.orders}, agents ${expected.agents}, events ` +
            `${expected.events}) as ${base.rows.toLocaleString('en')} IndexedDB rows: events (inside them) ` +
            `in ${counts ? counts.timelines.toLocaleString('en') : '?'} timelines (rows, one per ticket with ` +
            `events), orders in ${counts ? counts.customerOrders.toLocaleString('en') : '?'} customer order ` +
            `rows (one per customer with orders); the baseline copies those rows from the app's database into a scratch one with the ` +
            `same stores and indexes, ${PULL_CHUNK} rows a transaction, timing the puts only (ms by store: ` +
            `${JSON.stringify(base.byStore)}); rows cached/s counts IndexedDB rows on both sides`,
        );
        const timeOrigin = (await page.evaluate('performance.timeOrigin')) as number;
        const serverPullMs = server.serverTimes('/api/sync/pull').reduce((a, b) => a + b, 0);
        // Pulls overlap (the engine asks for the next chunk while it writes one): count wall time once.
        const pagePullMs = unionMs(pulls.map((p) => [p.start, p.end] as const));
        const pullsBeforeRow =
          rec.firstRowAt === null ? null : pulls.filter((p) => p.end <= timeOrigin + rec.firstRowAt!).length;
        report.params.pulls = pulls.length;
        if (complete !== null && clickAt !== null && completeAt !== null) {
          const pct = (ms: number) => `${Math.round((100 * ms) / complete)}%`;
          const txs = (await idbLog(page)).filter(
            (e) => e.t0 >= clickAt && e.t1 !== null && e.t1 <= completeAt,
          );
          const span = (pick: (e: IdbEntry) => boolean) =>
            unionMs(txs.filter(pick).map((e) => [e.t0, e.t1!] as const));
          const applyMs = span((e) => e.mode === 'readwrite' && e.stores > 3);
          const readMs = span((e) => e.mode === 'readonly');
          report.notes.push(
            `where the ${Math.round(complete / 1000)} s went (${pulls.length} pulls; a pull in flight ` +
              `counts as pull time even while the renderer writes the previous chunk): ` +
              `sync server ${Math.round(serverPullMs / 1000)} s in all (${pct(serverPullMs)}; PGlite ` +
              `${Math.round(server.timed.totalDbMs() / 1000)} s); browser host (fetch, zod, sealing, JSON) ` +
              `${Math.round((pagePullMs - serverPullMs) / 1000)} s (${pct(pagePullMs - serverPullMs)}); ` +
              `renderer with no pull in flight (Dexie apply, live queries, React) ` +
              `${Math.round((complete - pagePullMs) / 1000)} s (${pct(complete - pagePullMs)})`,
          );
          report.notes.push(
            `renderer IndexedDB time: pull-apply transactions (readwrite, every store) open ` +
              `${Math.round(applyMs / 1000)} s (${pct(applyMs)}); readonly transactions (live queries, ` +
              `meta reads) open ${Math.round(readMs / 1000)} s (${pct(readMs)}); ` +
              `${txs.filter((e) => e.mode === 'readonly').length} readonly transactions in all`,
          );
        }
        if (pullsBeforeRow !== null)
          report.notes.push(
            `the first queue row appeared after ${pullsBeforeRow} pull(s) had finished (a sync from ` +
              `scratch sends agents and tickets first)`,
          );
        if (rec.firstRowFrameAt !== null && rec.firstRowAt !== null)
          report.notes.push(
            `first row painted ${round(rec.firstRowFrameAt - rec.firstRowAt)} ms after it entered the DOM`,
          );
        if (errors.length) report.notes.push(`page errors: ${errors.slice(0, 3).join(' | ')}`);
        // Informational, last (its pulls must not count in the notes above): the same sync's pulls with
        // nothing written, what the server and the main process cost on their own.
        const chain = await pullChainAlone(page, FIRST_CHUNK_LIMIT, DEFAULT_PULL_LIMIT);
        report.metrics.push({
          metric: 'pull chain alone (nothing written)',
          unit: 'ms',
          value: Math.round(chain.ms),
          baseline: null,
        });
        report.notes.push(
          `pull chain alone: the sync's ${chain.pulls} pulls (${chain.rows.toLocaleString('en')} records) from a ` +
            `fresh client through the browser host, nothing written: ${Math.round(chain.ms)} ms of server, main ` +
            `process (read-ahead, zod, sealing) and transfer. The sync overlaps it with the renderer's writes, ` +
            `on the same ${cpus().length} cores; the raw baseline has neither`,
        );
      } finally {
        await browser.close();
        await host.close();
      }
      try {
        await measureReplayedSync(ctx, report, {
          serverUrl: server.url,
          rendererDir,
          expected,
          deadlineMs: spec.budgetMs(ctx.quick),
          baselineMs,
        });
      } finally {
        await server.close();
        await copy.dispose();
      }
    },
  };
}

/**
 * Informational, after the measured sync: the same first sync with the sync server's answers replayed
 * from memory (bench/harness/pullReplay.ts), as if the server ran on another machine, in a fresh
 * browser profile against the same raw put. Only the desktop's share is left on these cores: the main
 * process (read-ahead, zod, sealing, the host's JSON) and Chromium. The answers are recorded first by
 * a first sync pulled through the same host from Node, with the engine's chunk sizes.
 */
async function measureReplayedSync(
  ctx: BenchContext,
  report: ScenarioReport,
  opts: {
    serverUrl: string;
    rendererDir: string;
    expected: RowCounts;
    deadlineMs: number;
    baselineMs: number;
  },
): Promise<void> {
  const replay = createPullReplay();
  const host = await startBrowserHost({
    port: 0,
    serverUrl: opts.serverUrl,
    dataDir: null,
    rendererDir: opts.rendererDir,
    fetch: replay.fetch,
  });
  const browser = await launchBenchBrowser();
  try {
    await pullFirstSyncThroughHost(host.url, 'admin', FIRST_CHUNK_LIMIT, DEFAULT_PULL_LIMIT);
    replay.replay();
    const page = await browser.context.newPage();
    await page.goto(host.url);
    await page.getByLabel('用户名').waitFor({ timeout: 30_000 });
    await signIn(page, 'admin');
    const { completeAt, rec } = await waitForSyncComplete(
      page,
      opts.expected,
      performance.now() + opts.deadlineMs,
    );
    const clickAt = rec.clicks[rec.clicks.length - 1] ?? null;
    const complete = completeAt === null || clickAt === null ? null : completeAt - clickAt;
    const { recorded: answers, replayed, missed } = replay.stats();
    report.metrics.push({
      metric: 'first sync complete, server answers replayed',
      unit: 'ms',
      value: complete === null ? null : Math.round(complete),
      baseline: Math.round(opts.baselineMs),
      baselineLabel: 'the raw put above',
    });
    report.notes.push(
      `server answers replayed: the same first sync in a fresh profile, its ${replayed} pulls answered ` +
        `from ${answers} recorded server answers (${missed} not recorded, sent to the server), so the ` +
        `sync server costs these ${cpus().length} cores nothing, as if it ran on another machine; the ` +
        `main process and Chromium do all their work. Informational: the target above is for the ` +
        `first sync with the embedded server`,
    );
    ctx.log(`replayed sync: ${complete === null ? 'not complete' : `${Math.round(complete)} ms`}`);
  } finally {
    await browser.close();
    await host.close();
  }
}

export const bootstrap100k = bootstrapScenario({
  name: 'bootstrap-100k',
  description: 'Chromium: sign-in → usable queue and → full cache, 100k tickets as admin vs raw IDB put',
  tickets: (quick) => (quick ? 20_000 : 100_000),
  budgetMs: (quick) => (quick ? 60_000 : 400_000),
  completeTarget: { on: 'ratio', op: '<=', limit: 1.25 },
});

export const bootstrap10k = bootstrapScenario({
  name: 'bootstrap-10k',
  description: 'Chromium: sign-in → usable queue and → full cache, 10k tickets as admin',
  tickets: () => 10_000,
  budgetMs: (quick) => (quick ? 45_000 : 90_000),
  completeTarget: { on: 'value', op: '<', limit: 5_000 },
});
