import { seedServerTicket } from '../../test/fakeApi.ts';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import { createFakeApi, FakeServer, type FakeApi } from '../../test/fakeApi.ts';
import { agentAlice, makeMessage, T0, uid } from '../../test/fixtures.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import { createSyncEngine, FIRST_CHUNK_LIMIT, type SyncEngine } from './createSyncEngine.ts';
import { allCachedEvents, cachedEvent } from '../../test/timelines.ts';
import { readTimeline } from '../db/ticketTimeline.ts';

let db: CareDeskDb;
let server: FakeServer;
let api: FakeApi;
let engine: SyncEngine;
const NOW = T0 + 10_000;

const seedTicket = (overrides: Partial<Ticket> = {}) => seedServerTicket(server, overrides);

beforeEach(() => {
  db = new CareDeskDb(`sync-${crypto.randomUUID()}`);
  server = new FakeServer();
  api = createFakeApi({ server });
  engine = createSyncEngine({ api, db, now: () => NOW, agentId: agentAlice.id, retryDelaysMs: [60_000] });
});

afterEach(async () => {
  engine.stop();
  await db.delete();
});

describe('sync engine: pull', () => {
  it('creates a clientId once and applies the patch with derived ticket fields', async () => {
    const ticket = seedTicket({ priority: 'high' });
    await engine.start();
    const clientId = await db.getMeta<string>('clientId');
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    const cached = await db.tickets.get(ticket.id);
    expect(cached).toMatchObject({
      id: ticket.id,
      priorityRank: 1,
      queueRank: 1,
      dueAt: ticket.firstResponseDueAt,
    });
    expect(await db.customers.count()).toBe(1);
    expect(await readTimeline(db, ticket.id)).toHaveLength(1);
    expect(await db.getMeta('cookie')).toBeTruthy();
    await engine.pullNow();
    expect(await db.getMeta<string>('clientId')).toBe(clientId);
  });

  it('pulls again while the server says `more`', async () => {
    for (let i = 0; i < 7; i++) seedTicket();
    engine = createSyncEngine({ api, db, now: () => NOW, pullLimit: 5 });
    await engine.pullNow();
    expect(await db.tickets.count()).toBe(7);
    expect(await allCachedEvents(db)).toHaveLength(7);
    expect(api.calls.filter((c) => c === 'sync.pull').length).toBe(5); // 21 rows / 5 per chunk
  });

  it('names its chunk size for the next pull, so the main process fetches ahead with it', async () => {
    for (let i = 0; i < 3; i++) seedTicket();
    engine = createSyncEngine({ api, db, now: () => NOW, pullLimit: 5_000 });
    const asked: Array<{ limit?: number; nextLimit?: number }> = [];
    const original = api.sync.pull;
    (api.sync as { pull: typeof original }).pull = (input) => {
      asked.push({ limit: input.limit, nextLimit: input.nextLimit });
      return original(input);
    };
    await engine.pullNow();
    // From scratch: a small first chunk (the queue shows sooner), full ones after it.
    expect(asked[0]).toEqual({ limit: FIRST_CHUNK_LIMIT, nextLimit: 5_000 });
    expect(asked.slice(1).every((a) => a.limit === 5_000 && a.nextLimit === 5_000)).toBe(true);
  });

  it('asks for the next chunk before writing the current one, and applies chunks in order', async () => {
    for (let i = 0; i < 7; i++) seedTicket();
    engine = createSyncEngine({ api, db, now: () => NOW, pullLimit: 5 });
    const pullsAtCommit: number[] = [];
    const pulls = () => api.calls.filter((c) => c === 'sync.pull').length;
    const onCommit = (parts: Record<string, unknown>) => {
      // A pull apply: it writes the cookie and clears the shadows (opening the database writes all).
      const keys = Object.keys(parts);
      if (keys.some((k) => k.endsWith('/shadows/')) && !keys.some((k) => k.endsWith('/drafts/')))
        pullsAtCommit.push(pulls());
    };
    Dexie.on('storagemutated', onCommit);
    try {
      await engine.pullNow();
    } finally {
      Dexie.on('storagemutated').unsubscribe(onCommit);
    }
    // The first chunk's transaction committed after the second chunk had been requested.
    expect(pullsAtCommit[0]).toBe(2);
    expect(pulls()).toBe(5); // the last response says `more: false`: nothing fetched beyond it
    expect(await db.tickets.count()).toBe(7);
  });

  it('drops a prefetched chunk when another window moved the cookie meanwhile', async () => {
    for (let i = 0; i < 7; i++) seedTicket();
    engine = createSyncEngine({ api, db, now: () => NOW, pullLimit: 5 });
    const latest = server.pull({ clientId: uid(), cookie: null, limit: 1_000 }).cookie;
    const original = api.sync.pull;
    let calls = 0;
    (api.sync as { pull: typeof original }).pull = async (input) => {
      calls += 1;
      // Another window applies a whole pull right after our first response arrives.
      if (calls === 2) await db.setMeta('cookie', latest);
      return original(input);
    };
    await engine.pullNow();
    expect(await db.tickets.count()).toBe(0); // the other "window" wrote only the cookie
    expect(await db.getMeta('cookie')).toBe(latest);
  });

  it('applies deletes and a clear', async () => {
    const a = seedTicket();
    const b = seedTicket();
    await engine.pullNow();
    server.del('ticket', a.id);
    await engine.pullNow();
    expect(await db.tickets.get(a.id)).toBeUndefined();
    expect(await db.tickets.get(b.id)).toBeDefined();

    server.reset();
    server.del('ticket', b.id);
    const c = seedTicket();
    await engine.pullNow();
    expect((await db.tickets.toArray()).map((t) => t.id)).toEqual([c.id]);
  });

  it('coalesces pokes into one follow-up pull', async () => {
    seedTicket();
    await engine.start();
    const before = api.calls.filter((c) => c === 'sync.pull').length;
    const p1 = engine.pullNow();
    const p2 = engine.pullNow();
    const p3 = engine.pullNow();
    await Promise.all([p1, p2, p3]);
    expect(api.calls.filter((c) => c === 'sync.pull').length - before).toBe(2);
  });
});

describe('sync engine: mutations', () => {
  it('shows a reply immediately and queues it in the outbox', async () => {
    const ticket = seedTicket();
    await engine.start();
    let release!: () => void;
    server.holdPushes = new Promise((r) => (release = r));
    const eventId = uid();
    await engine.mutate('replyToTicket', { ticketId: ticket.id, eventId, body: '您好，已为您加急处理' });

    const event = await cachedEvent(db, eventId);
    expect(event).toMatchObject({
      kind: 'message',
      direction: 'outbound',
      authorId: agentAlice.id,
      createdAt: NOW,
    });
    const cached = await db.tickets.get(ticket.id);
    expect(cached?.status).toBe('open');
    expect(cached?.firstResponseAt).toBe(NOW);
    expect(cached?.dueAt).toBe(ticket.resolutionDueAt);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ id: 1, name: 'replyToTicket', state: 'pending', clientTime: NOW });
    expect(engine.status.get().pending).toBe(1);

    release();
    server.holdPushes = null;
    await engine.pushNow();
    expect(await db.outbox.count()).toBe(0);
    expect(engine.status.get().pending).toBe(0);
    // The server's row (its clock) replaced the optimistic one.
    expect((await cachedEvent(db, eventId))?.createdAt).toBe(server.time);
  });

  it('rejects invalid arguments and impossible transitions without queueing', async () => {
    const ticket = seedTicket({ status: 'closed' });
    await engine.pullNow();
    await expect(
      engine.mutate('replyToTicket', { ticketId: ticket.id, eventId: uid(), body: '   ' }),
    ).rejects.toThrow();
    await expect(
      engine.mutate('setStatus', { ticketId: ticket.id, eventId: uid(), to: 'open', reason: null }),
    ).rejects.toMatchObject({ code: 'invalid_transition' });
    await expect(
      engine.mutate('replyToTicket', { ticketId: ticket.id, eventId: uid(), body: 'hi' }),
    ).rejects.toMatchObject({ code: 'ticket_not_open' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('rebases: a pending reply survives a pull that does not include it yet', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.offline = true; // the push goes nowhere
    const eventId = uid();
    await engine.mutate('replyToTicket', { ticketId: ticket.id, eventId, body: '稍等，我帮您查询' });
    await expect.poll(() => engine.status.get().online).toBe(false);
    server.offline = false;

    // Meanwhile the customer writes again and the ticket changes on the server.
    const inbound = makeMessage(ticket.id, { createdAt: T0 + 5_000, body: '还在吗？' });
    server.put({ op: 'put', entity: 'event', value: inbound });
    server.put({
      op: 'put',
      entity: 'ticket',
      value: { ...ticket, subject: '催发货', updatedAt: T0 + 5_000 },
    });
    await engine.pullNow();

    const cached = await db.tickets.get(ticket.id);
    expect(cached?.subject).toBe('催发货'); // the server's change
    expect(cached?.status).toBe('open'); // our pending reply, replayed on top
    expect(await cachedEvent(db, inbound.id)).toBeDefined();
    expect(await cachedEvent(db, eventId)).toMatchObject({ body: '稍等，我帮您查询' });
    expect(await db.outbox.count()).toBe(1);

    await engine.pushNow();
    expect(await db.outbox.count()).toBe(0);
    expect(server.get(`event:${eventId}`)).toBeDefined();
  });

  it('keeps rejected mutations with their reason and reverts their optimistic effect', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.rejectIf = (m) => (m.name === 'addNote' ? 'forbidden' : null);
    const eventId = uid();
    await engine.mutate('addNote', { ticketId: ticket.id, eventId, body: '客户要求退款' });
    expect(await cachedEvent(db, eventId)).toBeDefined();
    await engine.pushNow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.rejected.toArray()).toMatchObject([{ id: 1, name: 'addNote', reason: 'forbidden' }]);
    expect(await cachedEvent(db, eventId)).toBeUndefined();
    expect(engine.status.get().rejected).toBe(1);
  });

  it('sends the outbox in id order, in batches', async () => {
    const ticket = seedTicket();
    engine = createSyncEngine({ api, db, now: () => NOW, pushBatchSize: 2 });
    await engine.pullNow();
    server.offline = true;
    for (let i = 0; i < 5; i++) {
      await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: `note ${i}` });
    }
    await expect.poll(() => engine.status.get().online).toBe(false);
    server.offline = false;
    await engine.pushNow();
    expect(server.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([[1, 2], [3, 4], [5]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('re-pushes from the expected id after a mutation gap', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    server.offline = true;
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'first' });
    await expect.poll(() => engine.status.get().online).toBe(false);
    server.offline = false;
    // The local sequence ran ahead of the server (e.g. restored from an older copy).
    const [entry] = await db.outbox.toArray();
    await db.outbox.clear();
    await db.outbox.add({ ...entry!, id: 4 });
    await db.setMeta('nextMutationId', 5);
    await engine.pushNow();
    expect(server.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([[4], [1]]);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.getMeta('nextMutationId')).toBe(2);
  });

  it('pulls on poke and on going online', async () => {
    await engine.start();
    const ticket = seedTicket();
    api.emit('sync.poke');
    await expect.poll(() => db.tickets.get(ticket.id)).toBeDefined();
    api.emit('sync.offline');
    expect(engine.status.get().online).toBe(false);
    const other = seedTicket();
    api.emit('sync.online');
    await expect.poll(() => db.tickets.get(other.id)).toBeDefined();
    expect(engine.status.get().online).toBe(true);
  });
});

describe('sync engine: coalescing', () => {
  it('runs a push requested while a failing push is in flight', async () => {
    const ticket = seedTicket();
    await engine.pullNow();
    let release!: () => void;
    server.holdPushes = new Promise((r) => (release = r));
    await engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: 'queued' });
    await expect.poll(() => api.calls.includes('sync.push')).toBe(true);
    server.failNext = new TypeError('Failed to fetch'); // the in-flight push will fail…
    const again = engine.pushNow(); // …while another push has been asked for
    server.holdPushes = null;
    release();
    await again;
    expect(await db.outbox.count()).toBe(0);
  });
});
