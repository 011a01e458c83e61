import type { Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/startBrowserHost.ts';
import type { FillOptions, FillResult } from '../scenarios/workspacePage.ts';
import { launchBenchBrowser, signIn, waitForSyncIdle, type BenchBrowser } from './browser.ts';
import { ensureDataset, workingCopy, type WorkingCopy } from './dataset.ts';
import { benchRendererDir } from './renderer.ts';
import type { BenchContext } from './types.ts';
import { bundlePageScript } from './pageBundle.ts';

/**
 * A signed-in workspace whose Dexie cache is grown to 100k tickets: the 10k demo data set served by
 * the browser host's embedded server, `agent1` signed in and synced (her team's ~3.3k tickets and
 * their customers, orders and events), then the cache filled in the page through the renderer's
 * CareDeskDb with clones of those rows (a real 100k first sync takes minutes and measures the sync),
 * then the app loaded again on it, as after a restart.
 */
export interface Workspace {
  page: Page;
  host: BrowserHost;
  browser: BenchBrowser;
  dbName: string;
  user: string;
  /** Evaluates the scenario page bundle (bench/scenarios/workspacePage.ts) on a non-app page of the app's origin. */
  toBenchPage(): Promise<void>;
  fill(opts: FillOptions): Promise<FillResult>;
  /** Loads the app (signed in, same tab session) and waits until the queue shows `activeTickets`. */
  show(activeTickets: number, timeoutMs?: number): Promise<number>;
  /** Empties the data tables (the cookie stays: no re-pull), for the empty-cache baselines. */
  empty(): Promise<void>;
  close(): Promise<void>;
}

const USER = 'agent1';

/** Reads the queue's "共 N 个待处理工单" count (null while the queue loads). */
const queueCount = (page: Page): Promise<number | null> =>
  page.evaluate(`(() => {
    const head = document.querySelector('.cd-queue-head');
    const m = head && head.textContent.replace(/[,\\s]/g, '').match(/共(\\d+)个/);
    if (m) return Number(m[1]);
    return document.querySelector('.cd-queue .ant-empty') ? 0 : null;
  })()`);

export async function openWorkspace(ctx: BenchContext): Promise<Workspace> {
  const bundle = await bundlePageScript(ctx.root, 'workspacePage.ts');
  const dataset = await ensureDataset(ctx, 10_000);
  const copy: WorkingCopy = await workingCopy(dataset);
  const host = await startBrowserHost({
    port: 0,
    rendererDir: benchRendererDir(ctx.root),
    embedded: { dataDir: copy.dir, seed: dataset.seed },
    dataDir: copy.dir,
  });
  const browser = await launchBenchBrowser();
  const close = async () => {
    await browser.close();
    await host.close();
    await copy.dispose();
  };
  try {
    const page = await browser.context.newPage();
    await page.goto(host.url);
    await page.getByLabel('用户名').waitFor({ timeout: 30_000 });
    await signIn(page, USER);
    const synced = await waitForSyncIdle(page, performance.now() + 60_000);
    if (synced === null) throw new Error('the first sync did not finish within 60 s');
    let dbName = '';
    const toBenchPage = async () => {
      await page.goto(`${host.origin}/workspace-bench.txt`);
      await page.evaluate(bundle);
      dbName = (await page.evaluate('window.__workspaceBench.workspaceDbName()')) as string;
    };
    await toBenchPage();
    return {
      page,
      host,
      browser,
      user: USER,
      get dbName() {
        return dbName;
      },
      toBenchPage,
      async fill(opts) {
        await toBenchPage();
        return (await page.evaluate(
          `window.__workspaceBench.fillWorkspace(${JSON.stringify(dbName)}, ${JSON.stringify(opts)})`,
        )) as FillResult;
      },
      async show(activeTickets, timeoutMs = 120_000) {
        const started = performance.now();
        await page.goto(host.url);
        const deadline = performance.now() + timeoutMs;
        while (performance.now() < deadline) {
          const n = await queueCount(page).catch(() => null);
          if (n === activeTickets) return performance.now() - started;
          await page.waitForTimeout(100);
        }
        throw new Error(
          `the queue did not show ${activeTickets} tickets within ${timeoutMs / 1000} s (shows ${await queueCount(page)})`,
        );
      },
      async empty() {
        await toBenchPage();
        await page.evaluate(`window.__workspaceBench.emptyWorkspace(${JSON.stringify(dbName)})`);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
