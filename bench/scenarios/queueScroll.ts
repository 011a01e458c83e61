import type { Page } from 'playwright-core';
import { maybeCpuProfile, waitForSyncIdle } from '../harness/browser.ts';
import { round, summarize } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';
import { openWorkspace } from '../harness/workspace.ts';

/** A fast flick of the wheel: ~3 rows a frame. */
const WHEEL_PX = 300;

interface ScrollRun {
  longTasks: number[];
  frames: number[];
  scrollHeight: number;
  reachedBottom: boolean;
  lastIndex: number | null;
}

/**
 * Scrolls the queue's virtual scroller from top to bottom in `steps` equal scrollTop steps, one per
 * animation frame (as dragging the scroll bar does), while a PerformanceObserver collects long tasks
 * (> 50 ms) until a second after the last step. Without a scroller (empty list) it waits as many frames.
 */
function scrollThrough(page: Page, steps: number, pxPerStep: number | null = null): Promise<ScrollRun> {
  return page.evaluate(`(async ([steps, pxPerStep]) => {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    const scroller = document.querySelector('[data-virtual-scroller]');
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const frames = [];
    let last = await frame();
    for (let s = 1; s <= steps; s++) {
      if (scroller)
        scroller.scrollTop = pxPerStep === null
          ? Math.ceil(((scroller.scrollHeight - scroller.clientHeight) * s) / steps)
          : s * pxPerStep;
      const now = await frame();
      frames.push(now - last);
      last = now;
    }
    await new Promise((r) => setTimeout(r, 1000));
    observer.disconnect();
    const rows = scroller ? [...scroller.querySelectorAll('[data-index]')].map((e) => Number(e.getAttribute('data-index'))) : [];
    return {
      longTasks,
      frames,
      scrollHeight: scroller ? scroller.scrollHeight : 0,
      reachedBottom: scroller ? scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2 : false,
      lastIndex: rows.length ? Math.max(...rows) : null,
    };
  })(${JSON.stringify([steps, pxPerStep])})`);
}

/**
 * The virtualised queue over 100k cached tickets scrolled top to bottom, in the signed-in workspace
 * (the app loaded on the filled cache), observing long tasks. Baseline, same page and session: the
 * same frames with the data tables emptied (no rows: the background's own long tasks).
 */
export const queueScroll100k: Scenario = {
  name: 'queue-scroll-100k',
  description: 'Chromium: scroll the virtualised 100k queue top → bottom, long tasks > 50 ms vs empty list',
  browser: true,
  async run(ctx, report) {
    const tickets = ctx.quick ? 20_000 : 100_000;
    const steps = 600;
    const ws = await openWorkspace(ctx);
    try {
      const fill = await ws.fill({ tickets, heavy: 0, eventsPerHeavy: 0 });
      ctx.log(`cache filled to ${fill.tickets} tickets in ${Math.round(fill.ms)} ms`);
      report.params = { tickets: fill.tickets, activeTickets: fill.active, steps, user: ws.user };
      const settle = async (active: number) => {
        await ws.show(active);
        await waitForSyncIdle(ws.page, performance.now() + 30_000);
        await ws.page.waitForTimeout(1_500);
      };
      await settle(fill.active);
      const full = await maybeCpuProfile(ws.page, 'queue-scroll', () => scrollThrough(ws.page, steps));
      await ws.page.evaluate(`document.querySelector('[data-virtual-scroller]').scrollTop = 0`);
      await ws.page.waitForTimeout(1_000);
      const wheel = await scrollThrough(ws.page, steps, WHEEL_PX);
      await ws.empty();
      await settle(0);
      const empty = await scrollThrough(ws.page, steps);

      const longest = (r: ScrollRun) => (r.longTasks.length ? Math.max(...r.longTasks) : 0);
      const frames = summarize(full.frames);
      const baseFrames = summarize(empty.frames);
      report.metrics.push(
        {
          metric: 'long tasks > 50 ms',
          unit: '',
          value: full.longTasks.length,
          baseline: empty.longTasks.length,
          baselineLabel: 'same frames, empty list',
          target: { on: 'value', op: '<=', limit: 0 },
        },
        {
          metric: 'longest long task',
          unit: 'ms',
          value: round(longest(full)),
          baseline: round(longest(empty)),
          baselineLabel: 'same frames, empty list',
        },
        {
          metric: `long tasks, ${WHEEL_PX} px a frame`,
          unit: '',
          value: wheel.longTasks.length,
          baseline: empty.longTasks.length,
          baselineLabel: 'same frames, empty list',
          target: { on: 'value', op: '<=', limit: 0 },
        },
        {
          metric: 'frame interval p95',
          unit: 'ms',
          value: round(frames.p95),
          baseline: round(baseFrames.p95),
          baselineLabel: 'same frames, empty list',
        },
      );
      report.notes.push(
        `${steps} scrollTop steps, one per animation frame, over a ${Math.round(full.scrollHeight / 1000)}k px ` +
          `list of ${fill.active.toLocaleString('en')} active tickets (${Math.round(
            full.scrollHeight / steps / 96,
          )} rows per step: every frame shows new rows, drawn light — number and subject — while the list is flung, whole once it stops); ` +
          `at the end the last rendered row was #${full.lastIndex} of ${fill.active} (bottom ` +
          `${full.reachedBottom ? 'reached' : 'not reached: measured rows changed the list height'}); ` +
          `frame interval p50 ${round(frames.p50)} ms, max ${round(frames.max)} ms (empty: max ` +
          `${round(baseFrames.max)} ms); longest 10 long tasks ${
            full.longTasks
              .sort((a, b) => b - a)
              .slice(0, 10)
              .map((d) => Math.round(d))
              .join(', ') || 'none'
          } ms`,
        `wheel speed: ${steps} frames of ${WHEEL_PX} px (~${Math.round(WHEEL_PX / 96)} rows a frame, rows ` +
          `kept between frames) from the top: ${wheel.longTasks.length} long tasks, longest ` +
          `${round(longest(wheel))} ms; frame interval p50 ${round(summarize(wheel.frames).p50)} ms, p95 ` +
          `${round(summarize(wheel.frames).p95)} ms`,
      );
    } finally {
      await ws.close();
    }
  },
};
