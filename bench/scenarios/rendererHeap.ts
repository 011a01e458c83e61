import type { Page } from 'playwright-core';
import { waitForSyncIdle } from '../harness/browser.ts';
import { round } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';
import { openWorkspace, type Workspace } from '../harness/workspace.ts';

interface Heap {
  usedMb: number;
  totalMb: number;
  metricsUsedMb: number;
  domNodes: number;
}

const MB = 2 ** 20;

/** The page's JS heap after two forced GCs: CDP Runtime.getHeapUsage and Performance.getMetrics. */
async function heapOf(ws: Workspace, page: Page): Promise<Heap> {
  const cdp = await ws.browser.context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(200);
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return {
      usedMb: usage.usedSize / MB,
      totalMb: usage.totalSize / MB,
      metricsUsedMb: metric('JSHeapUsedSize') / MB,
      domNodes: metric('Nodes'),
    };
  } finally {
    await cdp.detach();
  }
}

/** Loads the app on the cache as it is, lets the sync after sign-in settle, then measures the heap. */
async function settledHeap(ws: Workspace, activeTickets: number): Promise<Heap> {
  await ws.show(activeTickets);
  await waitForSyncIdle(ws.page, performance.now() + 30_000);
  await ws.page.waitForTimeout(2_000);
  return heapOf(ws, ws.page);
}

/**
 * The renderer's JS heap with the queue shown over 100k cached tickets (the app loaded on the filled
 * cache, as after a restart), after forced GCs. Baseline, same page and session: the heap with the data
 * tables emptied (meta and cookie kept, so nothing is pulled again).
 */
export const rendererHeap100k: Scenario = {
  name: 'renderer-heap-100k',
  description: 'Chromium: JS heap of the signed-in workspace, queue shown, 100k cached vs empty cache',
  browser: true,
  async run(ctx, report) {
    const tickets = ctx.quick ? 20_000 : 100_000;
    const ws = await openWorkspace(ctx);
    try {
      const fill = await ws.fill({ tickets, heavy: 0, eventsPerHeavy: 0 });
      ctx.log(`cache filled to ${fill.tickets} tickets in ${Math.round(fill.ms)} ms`);
      report.params = { tickets: fill.tickets, activeTickets: fill.active, user: ws.user };
      const full = await settledHeap(ws, fill.active);
      ctx.log(`heap with ${fill.tickets} tickets: ${round(full.usedMb)} MB`);
      await ws.empty();
      const empty = await settledHeap(ws, 0);
      report.metrics.push(
        {
          metric: 'JS heap used after GC',
          unit: 'MB',
          value: round(full.usedMb),
          baseline: round(empty.usedMb),
          baselineLabel: 'same workspace, empty cache',
          target: { on: 'value', op: '<', limit: 300 },
        },
        {
          metric: 'JS heap total (allocated)',
          unit: 'MB',
          value: round(full.totalMb),
          baseline: round(empty.totalMb),
          baselineLabel: 'same workspace, empty cache',
        },
      );
      const perTicket = ((full.usedMb - empty.usedMb) * MB) / fill.active;
      report.notes.push(
        `${fill.tickets.toLocaleString('en')} cached tickets, ${fill.active.toLocaleString('en')} active ` +
          `(the queue keeps every active ticket in memory: readActiveTickets' array and the current view's ` +
          `summary); ${Math.round(perTicket)} bytes of heap per active ticket over the empty cache; ` +
          `Performance.getMetrics JSHeapUsedSize ${round(full.metricsUsedMb)} MB vs ` +
          `${round(empty.metricsUsedMb)} MB; DOM nodes ${full.domNodes} vs ${empty.domNodes}`,
      );
    } finally {
      await ws.close();
    }
  },
};
