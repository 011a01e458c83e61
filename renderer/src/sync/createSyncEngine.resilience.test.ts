import { seedServerTicket } from '../../test/fakeApi.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import type { SealedPullResponse } from '@shared/sync/protocol.ts';
import { installStorageFaults, quotaExceeded, SimulatedCrash } from '../../../test/support/storageFaults.ts';
import { createFakeApi, FakeServer, type FakeApi } from '../../test/fakeApi.ts';
import { agentAlice, T0, uid } from '../../test/fixtures.ts';
import { CareDeskApiError } from '../api/apiError.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { createSyncEngine, type SyncEngine } from './createSyncEngine.ts';
import { applyPullResponse } from './rebase.ts';
import type { SyncStatus } from './syncStatus.ts';
import { cachedEvent } from '../../test/timelines.ts';

let db: CareDeskDb;
let server: FakeServer;
let api: FakeApi;
let engine: SyncEngine;
const NOW = T0 + 10_000;
const engines: SyncEngine[] = [];
const dbs: CareDeskDb[] = [];

const seedTicket = (overrides: Partial<Ticket> = {}) => seedServerTicket(server, overrides);

function open(name: string, extra: Partial<Parameters<typeof createSyncEngine>[0]> = {}) {
  const handle = new CareDeskDb(name);
  const faults = installStorageFaults(handle);
  const made = createSyncEngine({ api, db: handle, now: () => NOW, agentId: agentAlice.id, ...extra });
  engines.push(made);
  dbs.push(handle);
  return { db: handle, faults, engine: made };
}

/** Every row of every table, for "nothing changed" comparisons. */
async function snapshot(handle: CareDeskDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of handle.tables) out[table.name] = await table.toArray();
  return out;
}

/** Replaces one sync method of the fake API (the contract's type makes them read-only). */
function override<M extends keyof FakeApi['sync']>(target: FakeApi, method: M, fn: FakeApi['sync'][M]): void {
  (target.sync as Record<M, FakeApi['sync'][M]>)[method] = fn;
}

function record(store: SyncEngine['status']): SyncStatus[] {
  const seen: SyncStatus[] = [];
  store.subscribe((s) => seen.push(s));
  return seen;
}

let dbName: string;
let faults: ReturnType<typeof installStorageFaults>;

beforeEach(() => {
  server = new FakeServer();
  api = createFakeApi({ server });
  dbName = `resilience-${crypto.randomUUID()}`;
  ({ db, faults, engine } = open(dbName, { retryDelaysMs: [60_000] }));
});

afterEach(async () => {
  for (const e of engines.splice(0)) e.stop();
  for (const d of dbs.splice(0)) d.close();
  await db.delete();
});

describe('sync engine: storage failures', () => {
  it('a full disk during mutate throws storage_full and leaves nothing half-written, at every write', async () => {
    const ticket = seedTicket({ status: 'new' });
    await engine.pullNow();
    server.offline = true;
    const before = await snapshot(db);
    let n = 0;
    for (; n < 20; n++) {
      faults.failWrite(n, quotaExceeded);
      const attempt = engine.mutate('replyToTicket', { ticketId: ticket.id, eventId: uid(), body: '您好' });
      try {
        await attempt;
      } catch (err) {
        expect(err).toMatchObject({ code: 'storage_full' });
        expect(engine.status.get().lastError).toBe('storage_full'); // the sync panel says so
        expect(await snapshot(db)).toEqual(before);
        continue;
      }
      break; // this mutation had fewer than n + 1 writes: it went through
    }
    expect(n).toBeGreaterThan(3); // the fault hit several different writes before that
    faults.disarm();
    expect(engine.status.get().lastError).toBeNull();
    expect(await db.outbox.count()).toBe(1);
    expect((await db.tickets.get(ticket.id))?.status).toBe('open');
  });

  it('a crash at any write of a pull apply leaves the cache exactly as it was', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.offline = true;
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'pending' });
    server.offline = false;
    override(api, 'push', () => Promise.reject(new TypeError('Failed to fetch'))); // the note stays pending
    for (let i = 0; i < 3; i++) seedTicket();
    server.put({ op: 'put', entity: 'ticket', value: { ...ticket, subject: 'changed on the server' } });

    let crashes = 0;
    for (let n = 0; n < 100; n++) {
      const before = await snapshot(db);
      faults.failWrite(n, () => new SimulatedCrash());
      try {
        await engine.pullNow();
      } catch (err) {
        expect(err).toBeInstanceOf(SimulatedCrash);
        crashes += 1;
        expect(await snapshot(db)).toEqual(before);
        continue;
      }
      break;
    }
    faults.disarm();
    expect(crashes).toBeGreaterThan(5);
    expect((await db.tickets.get(ticket.id))?.subject).toBe('changed on the server');
    expect(await db.tickets.count()).toBe(4);
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses a stale pull response (the cookie moved) without writing anything', async () => {
    seedTicket();
    await engine.pullNow();
    const before = await snapshot(db);
    const stale: SealedPullResponse = {
      cookie: 'x',
      lastMutationId: 0,
      patch: [{ op: 'clear' }],
      more: false,
    };
    expect(await applyPullResponse(db, stale, 'not-the-stored-cookie')).toBe(false);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('sync engine: status for the UI', () => {
  it('reports offline since when, and push progress "n of m"', async () => {
    const ticket = seedTicket();
    const pushBatched = open(dbName, { pushBatchSize: 2 }).engine;
    await pushBatched.pullNow();
    server.offline = true;
    for (let i = 0; i < 5; i++) {
      await pushBatched.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: `n${i}` });
    }
    await expect.poll(() => pushBatched.status.get().online).toBe(false);
    expect(pushBatched.status.get()).toMatchObject({ offlineSince: NOW, pending: 5, lastError: 'network' });

    server.offline = false;
    const seen = record(pushBatched.status);
    await pushBatched.pushNow();
    const progress = seen.flatMap((s) => (s.push ? [`${s.push.pushed}/${s.push.total}`] : []));
    expect([...new Set(progress)]).toEqual(['0/5', '2/5', '4/5', '5/5']);
    expect(pushBatched.status.get()).toMatchObject({
      online: true,
      offlineSince: null,
      push: null,
      pending: 0,
    });
  });

  it('reports initial sync progress from the server’s estimate, then clears it', async () => {
    for (let i = 0; i < 6; i++) seedTicket();
    let first = true;
    const pull = api.sync.pull;
    override(api, 'pull', async (input) => {
      const response = await pull(input);
      if (!first) return response;
      first = false;
      return { ...response, remaining: 20 - response.patch.length };
    });
    const chunked = open(dbName, { pullLimit: 5 }).engine;
    const seen = record(chunked.status);
    await chunked.pullNow();
    const progress = seen.flatMap((s) => (s.initialSync ? [s.initialSync] : []));
    expect(progress.map((p) => p.applied)).toEqual([5, 10, 15, 18]);
    expect(progress.every((p) => p.estimatedTotal === 20)).toBe(true);
    expect(chunked.status.get().initialSync).toBeNull();
    // Later pulls are not an initial sync.
    seedTicket();
    const later = record(chunked.status);
    await chunked.pullNow();
    expect(later.some((s) => s.initialSync)).toBe(false);
  });

  it('stops syncing on client_too_old, keeps the outbox and says upgrade required', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.failNext = new CareDeskApiError('client_too_old', 'update', { status: 426 });
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'kept' });
    await expect.poll(() => engine.status.get().upgradeRequired).toBe(true);
    const calls = api.calls.length;
    await engine.pushNow();
    await engine.pullNow();
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'still queued' });
    expect(api.calls.length).toBe(calls);
    expect(await db.outbox.count()).toBe(2);
    expect(engine.status.get()).toMatchObject({ upgradeRequired: true, pending: 2 });
  });

  it('also stops on the main process’ sync.upgradeRequired event', async () => {
    await engine.start();
    api.emit('sync.upgradeRequired');
    expect(engine.status.get().upgradeRequired).toBe(true);
  });

  it('draws push retry waits from an exponential ceiling with jitter', () => {
    const at = (attempt: number, r: number) => backoffDelay(attempt, { ...DEFAULT_BACKOFF, random: () => r });
    expect([0, 1, 2, 3].map((a) => at(a, 0))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect([0, 1, 2, 3].map((a) => at(a, 1))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(at(40, 1)).toBe(60_000);
    expect(backoffDelay(5, { ...DEFAULT_BACKOFF, ceilingsMs: [100, 200], random: () => 0.5 })).toBe(150);
  });
});

describe('sync engine: rejected mutations', () => {
  it('keeps the reason and details; discards; re-issues as new with a fresh id and event id', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.rejectIf = (m) => (m.name === 'addNote' ? 'ticket_closed' : null);
    const push = api.sync.push;
    override(api, 'push', async (input) => {
      const response = await push(input);
      return {
        ...response,
        results: response.results.map((r) => (r.reason ? { ...r, details: { hint: 'x' } } : r)),
      };
    });
    const eventA = uid();
    const eventB = uid();
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: eventA, body: 'a' });
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: eventB, body: 'b' });
    await engine.pushNow();
    expect(await db.rejected.toArray()).toMatchObject([
      { id: 1, reason: 'ticket_closed', details: { hint: 'x' }, args: { eventId: eventA } },
      { id: 2, reason: 'ticket_closed', details: { hint: 'x' }, args: { eventId: eventB } },
    ]);
    expect(await cachedEvent(db, eventA)).toBeUndefined(); // rolled back

    await engine.discardRejected(1);
    server.rejectIf = null;
    const newId = await engine.retryRejectedAsNew(2);
    expect(newId).toBe(3);
    expect(await db.rejected.count()).toBe(0);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ id: 3, name: 'addNote', args: { ticketId: ticket.id, body: 'b' } });
    const freshEventId = (entry!.args as { eventId: string }).eventId;
    expect(freshEventId).not.toBe(eventB);
    await engine.pushNow();
    expect(await db.outbox.count()).toBe(0);
    expect(server.get(`event:${freshEventId}`)).toBeDefined();
    expect(engine.status.get()).toMatchObject({ pending: 0, rejected: 0 });
  });

  it('leaves a rejected row in place when its retry is refused locally', async () => {
    const ticket = seedTicket({ assigneeId: null });
    await engine.pullNow();
    server.rejectIf = () => 'already_claimed';
    await engine.mutate('claimTicket', { ticketId: ticket.id });
    await engine.pushNow();
    expect((await db.tickets.get(ticket.id))?.assigneeId).toBeNull(); // the optimistic claim rolled back
    server.rejectIf = null;
    server.put({ op: 'put', entity: 'ticket', value: { ...ticket, assigneeId: uid() } });
    await engine.pullNow();
    await expect(engine.retryRejectedAsNew(1)).rejects.toMatchObject({ code: 'already_claimed' });
    expect(await db.rejected.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps a pending mutation the server processed until its answer is known', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    const push = api.sync.push;
    let loseAnswer = true;
    override(api, 'push', async (input) => {
      const response = await push(input);
      if (loseAnswer) throw new TypeError('Failed to fetch'); // processed, answer lost
      return response;
    });
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'x' });
    await expect.poll(() => server.lastMutationIds.size).toBe(1);
    await engine.pullNow(); // the server says lastMutationId 1…
    expect(await db.outbox.toArray()).toMatchObject([{ id: 1, state: 'pending' }]); // …but its outcome is unknown
    loseAnswer = false;
    await engine.pushNow(); // answered as a duplicate (applied), then confirmed by a pull
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.count()).toBe(0);
  });
});

describe('sync engine: two windows over one database', () => {
  it('hands out strictly increasing ids and never pushes from both at once', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    const other = open(dbName).engine;
    let inFlight = 0;
    let maxInFlight = 0;
    const push = api.sync.push;
    override(api, 'push', async (input) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await push(input);
      } finally {
        inFlight -= 1;
      }
    });
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? engine : other).mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: `w${i}` }),
      ),
    );
    await Promise.all([engine.pushNow(), other.pushNow(), engine.pushNow(), other.pushNow()]);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(maxInFlight).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect(server.lastMutationIds.get((await db.getMeta<string>('clientId'))!)).toBe(30);
    // Every mutation reached the server once: 30 pushes' worth of distinct ids, no duplicates applied.
    const applied = server.pushes.flatMap((p) => p.mutations.map((m) => m.id));
    expect(new Set(applied).size).toBe(30);
  });
});
