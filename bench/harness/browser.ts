import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/e2e/support/chromium.ts';

export interface BenchBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with the e2e suite's flags, but with a profile on disk: the e2e helper's
 * `browser.newContext()` is an off-the-record context, whose IndexedDB lives in memory — faster than
 * any agent's desktop, so a bench of the local cache would flatter it.
 */
export async function launchBenchBrowser(): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'caredesk-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  });
  await context.addInitScript({ content: RECORDER });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Installed in every page before its scripts: timestamps (performance.now) of every click (capture
 * phase, before React sees it), of every change of the header's data-sync-state, and of the first
 * queue row in the DOM (and the frame after it). In-page code is plain JS text: tsx's helpers would
 * not exist in the page.
 */
const RECORDER = `(() => {
  const rec = { clicks: [], states: [], firstRowAt: null, firstRowFrameAt: null, onState: [] };
  window.__bench = rec;
  addEventListener('click', () => rec.clicks.push(performance.now()), true);
  let last = null;
  const check = () => {
    const el = document.querySelector('[data-sync-state]');
    const state = el ? el.getAttribute('data-sync-state') : null;
    if (state !== last) {
      last = state;
      rec.states.push([performance.now(), state]);
      for (const wake of rec.onState.splice(0)) wake();
    }
    if (rec.firstRowAt === null &&
        document.querySelector('[role="listbox"][aria-label="工单队列列表"] [role="option"]')) {
      rec.firstRowAt = performance.now();
      requestAnimationFrame(() => { rec.firstRowFrameAt = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-sync-state'],
  });
})();`;

export interface Recorded {
  clicks: number[];
  states: Array<[number, string | null]>;
  firstRowAt: number | null;
  firstRowFrameAt: number | null;
}

export const recorded = (page: Page): Promise<Recorded> =>
  page.evaluate(
    '(() => { const r = window.__bench; return { ...r, clicks: [...r.clicks], states: [...r.states], onState: undefined }; })()',
  );

/** Signs in through the login form; resolves right after the click on 登录. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`demo-${username}`);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

export interface CacheCounts {
  tickets: number;
  customers: number;
  /** Orders inside the customers' order rows: comparable with the server's orders count (RowCounts). */
  orders: number;
  /** Customer order rows (one per customer with orders). */
  customerOrders: number;
  /** Events inside the timeline rows: comparable with the server's ticket_events count (RowCounts). */
  events: number;
  /** Timeline rows (one per ticket with events): the rows IndexedDB actually holds for the events. */
  timelines: number;
  agents: number;
}

/**
 * Row counts of the signed-in agent's Dexie cache (`caredesk-<agentId>`), read with raw IndexedDB.
 * Orders are counted by their index entries. Events live inside their ticket's timeline row, so they
 * are counted by reading the timelines in pages of `page` rows (one readonly transaction each, so no
 * long one blocks the app); call it only while the sync is idle (waitForSyncIdle).
 */
export function cacheCounts(page: Page, pageRows = 2_000): Promise<CacheCounts | null> {
  return page.evaluate(`(async (pageRows) => {
    const dbs = await indexedDB.databases();
    const name = dbs.map((d) => d.name).find((n) => n && n.startsWith('caredesk-'));
    if (!name) return null;
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const done = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
    try {
      const stores = ['tickets', 'customers', 'customerOrders', 'timelines', 'agents'];
      const tx = db.transaction(stores, 'readonly');
      const counts = {};
      await Promise.all(stores.map(async (s) => { counts[s] = await done(tx.objectStore(s).count()); }));
      // Orders live in their customers' rows: each is one entry of the multi-entry orderIds index.
      counts.orders = await done(tx.objectStore('customerOrders').index('orderIds').count());
      counts.events = 0;
      let after = null;
      for (;;) {
        const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const store = db.transaction('timelines', 'readonly').objectStore('timelines');
        const [rows, keys] = await Promise.all([done(store.getAll(range, pageRows)), done(store.getAllKeys(range, pageRows))]);
        if (rows.length === 0) break;
        for (const row of rows) counts.events += row.events.length;
        after = keys[keys.length - 1];
      }
      const sample = await done(db.transaction('tickets', 'readonly').objectStore('tickets').getAll(null, 500));
      counts.ticketBytes = sample.length
        ? Math.round(new TextEncoder().encode(JSON.stringify(sample)).length / sample.length) : 0;
      return counts;
    } finally {
      db.close();
    }
  })(${JSON.stringify(pageRows)})`);
}

/**
 * The baseline of a first sync: the rows the app cached, put again by hand. Every data store of the
 * app's database (`caredesk-<agent>`) is re-created in a scratch database with the same key path and
 * the same indexes, and its rows are copied `chunk` at a time: read (not timed), then one readwrite
 * transaction per chunk (timed). Same rows, same indexes, same browser and disk: what a sync could
 * cost at the least. Run on the app's page once its sync is complete.
 */
export function rawPutOfCachedRows(
  page: Page,
  stores: readonly string[],
  chunk: number,
): Promise<{ ms: number; rows: number; byStore: Record<string, number> }> {
  return page.evaluate(`(async ({ stores, chunk }) => {
    const done = (req) => new Promise((resolve, reject) => { req.onsuccess = () => resolve(req.result); req.onerror = () => reject(req.error); });
    const open = (name, upgrade) => new Promise((resolve, reject) => {
      const req = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
      if (upgrade) req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n && n.startsWith('caredesk-'));
    if (names.length !== 1) throw new Error('expected one app database, found ' + JSON.stringify(names));
    const app = await open(names[0]);
    const shapes = stores.map((name) => {
      const s = app.transaction(name, 'readonly').objectStore(name);
      return { name, keyPath: s.keyPath, autoIncrement: s.autoIncrement,
        indexes: [...s.indexNames].map((i) => { const x = s.index(i); return { name: i, keyPath: x.keyPath, unique: x.unique, multiEntry: x.multiEntry }; }) };
    });
    const copyName = 'bench-baseline-' + Math.random().toString(36).slice(2);
    const copy = await open(copyName, (db) => {
      for (const shape of shapes) {
        const s = db.createObjectStore(shape.name, { keyPath: shape.keyPath, autoIncrement: shape.autoIncrement });
        for (const i of shape.indexes) s.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    });
    let ms = 0;
    let rows = 0;
    const byStore = {};
    for (const { name } of shapes) {
      let after = null;
      let storeMs = 0;
      for (;;) {
        const range = after === null ? null : IDBKeyRange.lowerBound(after, true);
        const source = app.transaction(name, 'readonly').objectStore(name);
        const [values, keys] = await Promise.all([done(source.getAll(range, chunk)), done(source.getAllKeys(range, chunk))]);
        if (values.length === 0) break;
        after = keys[keys.length - 1];
        const t0 = performance.now();
        await new Promise((resolve, reject) => {
          const tx = copy.transaction(name, 'readwrite');
          const store = tx.objectStore(name);
          for (const row of values) store.put(row);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
        storeMs += performance.now() - t0;
        rows += values.length;
      }
      byStore[name] = Math.round(storeMs);
      ms += storeMs;
    }
    app.close();
    copy.close();
    await new Promise((resolve) => { const req = indexedDB.deleteDatabase(copyName); req.onsuccess = req.onerror = req.onblocked = resolve; });
    return { ms, rows, byStore };
  })(${JSON.stringify({ stores, chunk })})`);
}

/**
 * Waits until the header's sync state has gone to `syncing` (after page time `since`) and back to
 * `online`, and `isDone` (if given) agrees; returns the page time it went online, or null at
 * `deadline` (performance.now() here). Asks the recorder only: reading IndexedDB while the engine
 * syncs would queue behind its transactions and slow what is measured. Between looks it waits in the
 * page for the next state change (at most a second), not on a timer: polling every 100 ms through
 * CDP cost about 1.3 CPU-s of this process over a 100k first sync, on the cores being measured.
 */
export async function waitForSyncIdle(
  page: Page,
  deadline: number,
  since = Number.NEGATIVE_INFINITY,
  isDone?: () => Promise<boolean>,
): Promise<number | null> {
  let checked = Number.NaN;
  while (performance.now() < deadline) {
    const { states } = await recorded(page);
    const syncing = states.findLastIndex(([t, s]) => s === 'syncing' && t > since);
    const last = states[states.length - 1];
    if (
      syncing >= 0 &&
      last &&
      last[1] === 'online' &&
      last[0] > states[syncing]![0] &&
      last[0] !== checked
    ) {
      checked = last[0];
      if (!isDone || (await isDone())) return last[0];
    }
    await page.evaluate(`new Promise((wake) => {
      const rec = window.__bench;
      if (rec.states.length > ${states.length}) return wake();
      rec.onState.push(wake);
      setTimeout(wake, 1000);
    })`);
  }
  return null;
}

/**
 * An init script that timestamps every IndexedDB transaction the page opens (mode, stores, start,
 * complete) into `window.__idb`, by wrapping IDBDatabase.prototype.transaction: how a bench sees
 * where an interaction's time goes without a hook in app code. One listener per transaction.
 */
export const IDB_PROBE = `(() => {
  const log = [];
  window.__idb = log;
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, options) {
    const tx = original.call(this, stores, mode, options);
    const entry = { t0: performance.now(), t1: null, mode: mode || 'readonly', stores: tx.objectStoreNames.length };
    if (log.length < 50000) log.push(entry);
    tx.addEventListener('complete', () => { entry.t1 = performance.now(); });
    return tx;
  };
})();`;

export interface IdbEntry {
  t0: number;
  t1: number | null;
  mode: string;
  stores: number;
}

export const idbLog = (page: Page): Promise<IdbEntry[]> =>
  page.evaluate(
    '(() => { const l = window.__idb || []; const copy = l.map((e) => ({ ...e })); l.length = 0; return copy; })()',
  );

/** Total time covered by a set of intervals (overlaps counted once). */
export function unionMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/**
 * Runs `fn` under Chromium's sampling CPU profiler and writes the profile (open it in DevTools'
 * Performance panel, or summarise it with `tsx bench/harness/profileTop.ts <file>`) when
 * `BENCH_CPU_PROFILE` names a folder; otherwise just runs `fn`. Off the clock of every metric: only
 * for finding where a scenario's time goes.
 */
export async function maybeCpuProfile<T>(page: Page, label: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${label}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

/**
 * A sync from scratch's chain of pulls, as the page would make it (a fresh client id, the engine's
 * chunk sizes, through the browser host and so the main process's read-ahead and sealing), with
 * nothing written: what the server and the main process cost on their own, beside the renderer's
 * writes. Uses the tab's host session (sessionStorage, renderer/src/api/browserHostApi.ts).
 */
export function pullChainAlone(
  page: Page,
  firstLimit: number,
  limit: number,
): Promise<{ ms: number; pulls: number; rows: number }> {
  return page.evaluate(`(async ({ firstLimit, limit }) => {
    const headers = {
      'content-type': 'application/json',
      'x-caredesk-token': sessionStorage.getItem('caredesk.hostToken'),
      'x-caredesk-host-session': sessionStorage.getItem('caredesk.hostSession'),
    };
    const clientId = crypto.randomUUID();
    let cookie = null;
    let pulls = 0;
    let rows = 0;
    const t0 = performance.now();
    for (;;) {
      const res = await fetch('/host/api/sync.pull', {
        method: 'POST',
        headers,
        // As the engine asks: the first chunk small, naming the full limit of the ones after it.
        body: JSON.stringify({ clientId, cookie, limit: cookie === null ? firstLimit : limit, nextLimit: limit }),
      });
      if (!res.ok) throw new Error('pull answered ' + res.status);
      const body = await res.json();
      pulls += 1;
      rows += body.patch.length;
      cookie = body.cookie;
      if (!body.more) break;
    }
    return { ms: performance.now() - t0, pulls, rows };
  })(${JSON.stringify({ firstLimit, limit })})`);
}
