import fc from 'fast-check';
import type { Ticket, TicketStatus } from '@shared/domain/index.ts';
import { AlreadyClaimedDetails, PROTOCOL_VERSION } from '@shared/sync/protocol.ts';
import type { CachedTicket } from '../../renderer/src/db/types.ts';
import { TEST_DRIVERS } from '../../server/src/testing/testDrivers.ts';
import { dumpRawIndexedDb, eventually } from '../support/desk.ts';
import { quotaExceeded, SimulatedCrash } from '../support/storageFaults.ts';
import { commandArbs, type RunModel } from './support/commands.ts';
import { checkInvariants } from './support/invariants.ts';
import { startSimServer, type SimServer } from './support/simServer.ts';
import { createWorld, DAY_MS, type SimDesk, type World, type WorldOptions } from './support/world.ts';
import { cachedEvent } from '../../renderer/test/timelines.ts';

/**
 * The sync protocol under faults, end to end: real main-process services and sync engines over
 * fake-indexeddb, a fault-injecting network, the real server on PGlite (and PostgreSQL when
 * TEST_DATABASE_URL is set). Each named scenario sets one fault up on purpose; the model-based run
 * mixes them at random. Every world ends the same way: faults off, every desk syncs until its outbox
 * is empty, then checkInvariants (exactly once, none lost, refusals delivered, serial order, server
 * clock, caches equal to the server's view). The 50-client run is faults.scale.test.ts.
 */
const PUSH = '/api/sync/push';
const PULL = '/api/sync/pull';
const uuid = () => crypto.randomUUID();
let worldSeed = 100;

describe.each(TEST_DRIVERS)('sync under faults ($name)', (driver) => {
  let server: SimServer;
  let world: World | null = null;

  beforeAll(async () => {
    server = await startSimServer({ driver, tickets: 60, seed: 11 });
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await world?.close();
    world = null;
  });

  async function open(usernames: string[], options: Partial<WorldOptions> = {}): Promise<SimDesk[]> {
    world = await createWorld({ server, desks: usernames.length, usernames, seed: worldSeed++, ...options });
    return world.desks;
  }

  /** Heals, checks every invariant, returns the run's summary. */
  async function settle() {
    await world!.heal();
    return checkInvariants(world!, Date.now());
  }

  /** A ticket in `desk`'s cache matching `where`. */
  async function ticketOf(desk: SimDesk, where: (t: CachedTicket) => boolean): Promise<CachedTicket> {
    const found = (await desk.desk.db.tickets.toArray()).filter(where).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!found[0]) throw new Error('no such ticket in the cache');
    return found[0];
  }
  const open_ = (t: Ticket) => t.status !== 'closed' && t.status !== 'resolved';
  /** Open and free for anyone: every agent may reply to it and move it (shared ownership rules). */
  const openFree = (t: Ticket) => open_(t) && t.assigneeId === null;
  async function serverTicket(id: string) {
    const { rows } = await server.db.query<{
      status: TicketStatus;
      assignee_id: string | null;
      assigned_at: number;
    }>('select status, assignee_id, assigned_at from tickets where id = $1', [id]);
    return rows[0]!;
  }
  async function outcomes(desk: SimDesk) {
    const { rows } = await server.db.query<{ id: number; status: string; reason: string | null }>(
      'select id, status, reason from mutations where client_id = $1 order by id',
      [desk.clientId],
    );
    return rows.map((r) => ({ id: Number(r.id), status: r.status, reason: r.reason }));
  }
  const outboxEmpty = (desk: SimDesk) => async () => (await desk.desk.db.outbox.count()) === 0;

  it('lost response then replay: an applied reply counts once, a refusal still arrives', async () => {
    const [a, b] = await open(['agent1', 'agent2'], { retryDelaysMs: [60_000] });
    const target = await ticketOf(a!, open_);
    const eventId = uuid();
    a!.network.dropNextResponse(PUSH);
    await world!.mutate(a!, 'replyToTicket', { ticketId: target.id, eventId, body: '您好，已为您处理' });
    // The server applied it; the answer never came back.
    await eventually('the push to be processed', async () => (await outcomes(a!)).length === 1);
    expect(await a!.desk.db.outbox.toArray()).toMatchObject([{ id: 1, state: 'pending' }]);
    await a!.desk.engine.pushNow(); // the replay: answered as a duplicate
    await eventually('the outbox to drain', outboxEmpty(a!));
    expect(a!.network.stats.byPath[PUSH]!.sent).toBe(2);
    expect(await outcomes(a!)).toEqual([{ id: 1, status: 'applied', reason: null }]);
    const { rows } = await server.db.query('select 1 from ticket_events where id = $1', [eventId]);
    expect(rows).toHaveLength(1);

    // Now a refusal whose answer is lost, and a pull that arrives before the retry does.
    const free = await ticketOf(a!, (t) => open_(t) && t.assigneeId === null);
    a!.network.offline = true;
    await world!.mutate(b!, 'claimTicket', { ticketId: free.id });
    await eventually(
      'agent2’s claim',
      async () => (await serverTicket(free.id)).assignee_id === b!.desk.agent.id,
    );
    await world!.mutate(a!, 'claimTicket', { ticketId: free.id }); // a's cache still shows it free
    await a!.desk.engine.pushNow().catch(() => undefined); // fails: offline
    a!.network.offline = false;
    a!.network.dropNextResponse(PUSH);
    await a!.desk.engine.pushNow().catch(() => undefined);
    await a!.desk.engine.pullNow(); // lastMutationId now covers the claim…
    expect(await a!.desk.db.outbox.toArray()).toMatchObject([{ id: 2, state: 'pending' }]); // …its outcome is unknown
    expect((await a!.desk.db.tickets.get(free.id))?.assigneeId).toBe(b!.desk.agent.id);
    await a!.desk.engine.pushNow(); // the replay is answered with the stored refusal
    const [rejected] = await a!.desk.db.rejected.toArray();
    expect(rejected).toMatchObject({ id: 2, name: 'claimTicket', reason: 'already_claimed' });
    expect(AlreadyClaimedDetails.parse(rejected!.details)).toMatchObject({ agentId: b!.desk.agent.id });
    await settle();
  });

  it('crash after local write: before the push, and while the push is in flight', async () => {
    const [a] = await open(['agent1']);
    const target = await ticketOf(a!, open_);
    a!.network.offline = true;
    const eventId = uuid();
    const first = await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId, body: '客户来电催单' });
    await a!.desk.reload({ start: false }); // the renderer dies before anything was sent
    expect(await a!.desk.db.outbox.get(first)).toMatchObject({ state: 'pending' });
    expect(await cachedEvent(a!.desk.db, eventId)).toMatchObject({ body: '客户来电催单' });
    a!.network.offline = false;
    await a!.desk.engine.start();
    await eventually('the outbox to drain', outboxEmpty(a!));

    // The push is on the wire when the renderer dies: the server may or may not get it first.
    const release = a!.network.hold(PUSH);
    const second = await world!.mutate(a!, 'addNote', {
      ticketId: target.id,
      eventId: uuid(),
      body: '第二条',
    });
    await eventually('the push to be waiting', async () => a!.network.stats.byPath[PUSH]!.sent >= 2);
    const reopening = a!.desk.reload();
    release();
    await reopening;
    await eventually('the outbox to drain', outboxEmpty(a!));
    expect((await outcomes(a!)).map((o) => o.id)).toEqual([first, second]);
    await settle();
  });

  it('crash mid-pull: interrupted at any write, the cache is as before; then the pull completes', async () => {
    const [a, b] = await open(['agent1', 'agent2']);
    const mine = await ticketOf(a!, open_);
    a!.network.offline = true;
    await world!.mutate(a!, 'addNote', { ticketId: mine.id, eventId: uuid(), body: '离线备注' });
    await world!.mutate(a!, 'replyToTicket', { ticketId: mine.id, eventId: uuid(), body: '离线回复' });
    for (let i = 0; i < 4; i++) {
      const t = await ticketOf(b!, (x) => open_(x) && x.id !== mine.id);
      await world!.mutate(b!, 'addNote', { ticketId: t.id, eventId: uuid(), body: `b ${i}` });
    }
    await world!.mutate(b!, 'addNote', { ticketId: mine.id, eventId: uuid(), body: 'b on the same ticket' });
    await eventually('agent2 to sync', outboxEmpty(b!));
    await a!.desk.reload({ start: false }); // a window that syncs only when told to
    a!.network.offline = false;

    let crashes = 0;
    for (let n = 0; n < 500; n++) {
      const before = await dumpRawIndexedDb(a!.desk.dbName);
      a!.desk.window.storage.failWrite(n, () => new SimulatedCrash());
      try {
        await a!.desk.engine.pullNow();
      } catch (err) {
        expect(err).toBeInstanceOf(SimulatedCrash);
        crashes += 1;
        await a!.desk.reload({ start: false });
        expect(await dumpRawIndexedDb(a!.desk.dbName)).toBe(before); // nothing of the pull landed
        continue;
      }
      a!.desk.window.storage.disarm(); // the pull had fewer writes than n: it went through
      break;
    }
    expect(crashes).toBeGreaterThan(10); // every write of the apply was a crash point once
    expect(await a!.desk.db.outbox.count()).toBe(2); // the pending work survived every crash
    await a!.desk.engine.start();
    await settle();
  });

  it('a rejected mutation in the middle of the queue: those around it apply, it rolls back', async () => {
    const [a, b] = await open(['agent1', 'agent2'], { retryDelaysMs: [60_000] });
    const target = await ticketOf(
      a!,
      (t) => (t.status === 'open' || t.status === 'new' || t.status === 'reopened') && t.assigneeId === null,
    );
    a!.network.offline = true;
    const noteA = uuid();
    const noteB = uuid();
    const statusEvent = uuid();
    await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: noteA, body: '第一条' });
    const middle = await world!.mutate(a!, 'setStatus', {
      ticketId: target.id,
      eventId: statusEvent,
      to: 'pending_internal',
      reason: null,
    });
    await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: noteB, body: '第三条' });
    // Meanwhile another agent resolves the ticket: resolved → pending_internal is not allowed.
    await world!.mutate(b!, 'setStatus', {
      ticketId: target.id,
      eventId: uuid(),
      to: 'resolved',
      reason: null,
    });
    await eventually(
      'the ticket resolved',
      async () => (await serverTicket(target.id)).status === 'resolved',
    );

    a!.network.offline = false;
    await a!.desk.engine.pushNow();
    expect(await outcomes(a!)).toEqual([
      { id: middle - 1, status: 'applied', reason: null },
      { id: middle, status: 'rejected', reason: 'invalid_transition' },
      { id: middle + 1, status: 'applied', reason: null },
    ]);
    const db = a!.desk.db;
    expect(await cachedEvent(db, noteA)).toBeDefined();
    expect(await cachedEvent(db, noteB)).toBeDefined();
    expect(await cachedEvent(db, statusEvent)).toBeUndefined(); // its optimistic effect is gone
    expect((await db.tickets.get(target.id))?.status).toBe('resolved');
    expect(await db.rejected.toArray()).toMatchObject([{ id: middle, reason: 'invalid_transition' }]);
    await settle();
  });

  it('a mutation made while a sync is in flight is neither lost nor overwritten', async () => {
    const [a, b] = await open(['agent1', 'agent2']);
    const target = await ticketOf(a!, open_);
    // During a pull: the pull's answer predates the note; applying it must keep the note.
    const releasePull = a!.network.hold(PULL);
    const pulling = a!.desk.engine.pullNow();
    await world!.mutate(b!, 'addNote', { ticketId: target.id, eventId: uuid(), body: 'b 在拉取期间' });
    await eventually('agent2 to sync', outboxEmpty(b!));
    const noteId = uuid();
    await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: noteId, body: '拉取期间的备注' });
    releasePull();
    await pulling;
    expect(await cachedEvent(a!.desk.db, noteId)).toMatchObject({ body: '拉取期间的备注' });
    // During a push: the second mutation waits for the next push, and both count once.
    const releasePush = a!.network.hold(PUSH);
    const first = await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: uuid(), body: '一' });
    const second = await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: uuid(), body: '二' });
    releasePush();
    await eventually('the outbox to drain', outboxEmpty(a!));
    expect((await outcomes(a!)).slice(-2)).toMatchObject([{ id: first }, { id: second }]);
    await settle();
  });

  it('two windows over one database: one outbox, ids strictly increasing, never two pushes at once', async () => {
    const [a] = await open(['agent1']);
    const second = await a!.desk.openWindow();
    a!.network.profile = { ...a!.network.profile, delay: 1, maxDelayMs: 5 };
    const op = (i: number) => ({ kind: 'note' as const, ticket: i });
    const results = await Promise.all(
      [a!.desk.window, second].map(async (window, w) => {
        for (let i = 0; i < 20; i++) expect(await world!.perform(a!, op(i * 2 + w), window)).toBe('issued');
      }),
    );
    expect(results).toHaveLength(2);
    await Promise.all([a!.desk.engine.pushNow(), second.engine.pushNow()]);
    const ids = [...a!.issued.keys()].sort((x, y) => x - y);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(a!.network.stats.byPath[PUSH]!.maxInFlight).toBe(1);
    second.close();
    await settle();
  });

  // Needs real concurrent connections: PGlite is one connection, so only the PostgreSQL run has it
  // (CI always runs PostgreSQL).
  if (driver.name === 'postgres') {
    it('concurrent server transactions committing out of order: a pull never skips the slower one', async () => {
      const { proveCommitOrder } = await import('./support/commitOrder.ts');
      await proveCommitOrder(server.db);
    });
  }

  it('clock skew of ±1 day on the clients: the server keeps its own time', async () => {
    const desks = await open(['agent1', 'agent2', 'agent1'], { skew: (i) => [DAY_MS, -DAY_MS, 0][i]! });
    const [ahead, behind] = desks;
    const target = await ticketOf(ahead!, openFree);
    ahead!.network.offline = true;
    const eventId = uuid();
    await world!.mutate(ahead!, 'replyToTicket', { ticketId: target.id, eventId, body: '明天的时钟' });
    // Optimistically the event carries the client's clock…
    expect((await cachedEvent(ahead!.desk.db, eventId))!.createdAt).toBeGreaterThan(
      Date.now() + DAY_MS - 60_000,
    );
    ahead!.network.offline = false;
    for (const d of desks) {
      const t = await ticketOf(d, open_);
      await world!.mutate(d, 'logCall', {
        ticketId: t.id,
        eventId: uuid(),
        direction: 'inbound',
        durationSec: 95,
        wrapUpCode: null,
        summary: '时钟测试',
      });
    }
    await settle(); // includes: every server time within the run, clientTime off by the skew only
    // …and once synced, the server's.
    const cached = (await cachedEvent(ahead!.desk.db, eventId))!.createdAt;
    expect(Math.abs(cached - Date.now())).toBeLessThan(60_000);
    const { rows } = await server.db.query<{ client_time: number; server_time: number }>(
      'select client_time, server_time from mutations where client_id = $1',
      [behind!.clientId],
    );
    for (const r of rows)
      expect(Number(r.server_time) - Number(r.client_time)).toBeGreaterThan(DAY_MS - 60_000);
  });

  it('offline double claim: the server picks one, the other sees who and when', async () => {
    const [a, b] = await open(['agent1', 'agent2']);
    const free = await ticketOf(a!, (t) => open_(t) && t.assigneeId === null);
    a!.network.offline = true;
    b!.network.offline = true;
    await world!.mutate(a!, 'claimTicket', { ticketId: free.id });
    await world!.mutate(b!, 'claimTicket', { ticketId: free.id });
    expect((await a!.desk.db.tickets.get(free.id))?.assigneeId).toBe(a!.desk.agent.id);
    expect((await b!.desk.db.tickets.get(free.id))?.assigneeId).toBe(b!.desk.agent.id);
    a!.network.offline = false;
    await a!.desk.engine.pushNow();
    b!.network.offline = false;
    await b!.desk.engine.pushNow();

    const row = await serverTicket(free.id);
    expect(row.assignee_id).toBe(a!.desk.agent.id);
    const [lost] = await b!.desk.db.rejected.toArray();
    expect(lost).toMatchObject({ name: 'claimTicket', reason: 'already_claimed' });
    expect(AlreadyClaimedDetails.parse(lost!.details)).toEqual({
      agentId: a!.desk.agent.id,
      displayName: a!.desk.agent.displayName,
      at: Number(row.assigned_at),
    });
    // The loser's optimistic claim rolled back to the winner.
    expect((await b!.desk.db.tickets.get(free.id))?.assigneeId).toBe(a!.desk.agent.id);
    expect(b!.desk.engine.status.get().rejected).toBe(1);
    await settle();
  });

  it('quota error: a full disk refuses a change whole, a pull stays unapplied, both recover', async () => {
    const [a, b] = await open(['agent1', 'agent2']);
    await a!.desk.reload({ start: false }); // no background sync while we watch the database
    const target = await ticketOf(a!, open_);
    let failures = 0;
    for (let n = 0; n < 50; n++) {
      const before = await dumpRawIndexedDb(a!.desk.dbName);
      a!.desk.window.storage.failWrite(n, quotaExceeded);
      const outcome = await world!.perform(a!, { kind: 'note', ticket: 0 });
      a!.desk.window.storage.disarm();
      if (outcome !== 'storage_full') break;
      failures += 1;
      expect(await dumpRawIndexedDb(a!.desk.dbName)).toBe(before);
    }
    expect(failures).toBeGreaterThan(3);
    await world!.mutate(b!, 'addNote', { ticketId: target.id, eventId: uuid(), body: '服务器上的新备注' });
    await eventually('agent2 to sync', outboxEmpty(b!));
    const before = await dumpRawIndexedDb(a!.desk.dbName);
    a!.desk.window.storage.failWrite(1, quotaExceeded);
    await expect(a!.desk.engine.pullNow()).rejects.toMatchObject({ code: 'storage_full' });
    expect(a!.desk.engine.status.get().lastError).toBe('storage_full');
    expect(await dumpRawIndexedDb(a!.desk.dbName)).toBe(before);
    await a!.desk.engine.start();
    await settle();
  });

  it('protocol upgrade required: a 426 stops syncing and keeps the outbox until the client updates', async () => {
    const [a] = await open(['agent1']);
    const events: string[] = [];
    a!.desk.api.on('sync.upgradeRequired', () => events.push('upgradeRequired'));
    try {
      await server.restart({ minClientProtocol: PROTOCOL_VERSION + 1 });
      const target = await ticketOf(a!, open_);
      await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: uuid(), body: '等待升级' });
      await eventually('upgrade required', async () => a!.desk.engine.status.get().upgradeRequired);
      const sent = a!.network.stats.byPath[PUSH]?.sent ?? 0;
      await world!.mutate(a!, 'addNote', { ticketId: target.id, eventId: uuid(), body: '还在排队' });
      await a!.desk.engine.pushNow();
      expect(a!.network.stats.byPath[PUSH]?.sent ?? 0).toBe(sent); // it stopped pushing
      expect(a!.desk.engine.status.get()).toMatchObject({ upgradeRequired: true, pending: 2 });
      await eventually('the live channel to hear it too', async () => events.length > 0);
    } finally {
      await server.restart();
    }
    await a!.desk.reload(); // the updated app starts with the same database
    await eventually('the outbox to drain', outboxEmpty(a!));
    await settle();
  });

  it('model-based: random work under random faults, crashes and restarts keeps every invariant', async () => {
    const scale = { desks: 6, workDesks: 4, workOps: 8, afterSales: true };
    await fc.assert(
      fc.asyncProperty(
        fc.commands(commandArbs(scale), { maxCommands: 50, size: 'max' }),
        async (commands) => {
          const desks = await open(['agent1', 'agent2', 'lead1', 'admin', 'agent3', 'agent5'], {
            skew: (i) => ((i % 3) - 1) * DAY_MS,
          });
          try {
            const model: RunModel = { attempted: 0, crashes: 0, restarts: 0, quotaErrors: 0 };
            await fc.asyncModelRun(() => ({ model, real: world! }), commands);
            await settle();
            expect(desks).toHaveLength(6);
          } finally {
            await world!.close();
            world = null;
          }
        },
      ),
      { numRuns: 4, interruptAfterTimeLimit: 150_000 },
    );
    // Room for fast-check's own time limit plus the last run's settle: on a loaded machine a run
    // takes well over the default 60 s, and a timeout here would say nothing about sync.
  }, 240_000);
});
