import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '@shared/domain/index.ts';
import { PullResponse, type PatchOp } from '@shared/sync/protocol.ts';
import { decodeCookie, encodeCookie } from '../../sync/cookie.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  countRows,
  login,
  pull,
  pullAll,
  push,
  startTestServer,
  type TestServer,
} from '../../testing/testServer.ts';

type Put = Extract<PatchOp, { op: 'put' }>;
const puts = (pages: PullResponse[]) =>
  pages.flatMap((p) => p.patch).filter((op): op is Put => op.op === 'put');
const key = (op: Put) => `${op.entity}:${op.value.id}`;

describe.each(TEST_DRIVERS)('sync pull ($name)', (driver) => {
  let s: TestServer;
  let agentToken: string;
  let agentTeam: string;
  let adminToken: string;
  let snapshot: PullResponse[];

  beforeAll(async () => {
    // Enough tickets that the seed's batches put thousands of rows under one version.
    s = await startTestServer(driver, { tickets: 300 });
    const agent = await login(s.app, 'agent1');
    agentToken = agent.accessToken;
    agentTeam = agent.agent.teamId;
    adminToken = (await login(s.app, 'admin')).accessToken;
    snapshot = await pullAll(s.app, agentToken, randomUUID(), null);
  });
  afterAll(() => s.close());

  it('sends a team agent exactly their team: tickets, their events, customers and orders, all agents', async () => {
    for (const page of snapshot) PullResponse.parse(page);
    const ops = puts(snapshot);
    expect(snapshot[0]!.patch[0]?.op).not.toBe('clear');
    const tickets = ops.filter((o) => o.entity === 'ticket').map((o) => o.value as Ticket);
    const { rows } = await s.db.query<{ n: number }>(
      'select count(*)::int as n from tickets where team_id = $1',
      [agentTeam],
    );
    expect(tickets.length).toBe(Number(rows[0]!.n));
    expect(tickets.every((t) => t.teamId === agentTeam)).toBe(true);

    const ticketIds = new Set(tickets.map((t) => t.id));
    const events = ops.filter((o) => o.entity === 'event');
    expect(events.length).toBeGreaterThan(tickets.length);
    expect(events.every((e) => ticketIds.has((e.value as { ticketId: string }).ticketId))).toBe(true);

    const customers = new Set(ops.filter((o) => o.entity === 'customer').map((o) => o.value.id));
    const orders = new Set(ops.filter((o) => o.entity === 'order').map((o) => o.value.id));
    expect(tickets.every((t) => customers.has(t.customerId))).toBe(true);
    expect(tickets.every((t) => t.orderId === null || orders.has(t.orderId))).toBe(true);
    // Only what the team's tickets reference.
    expect(customers.size).toBe(new Set(tickets.map((t) => t.customerId)).size);

    const agents = ops.filter((o) => o.entity === 'agent');
    expect(agents.length).toBe(await countRows(s.db, 'agents'));
    // No username (a login name is not the team's business), but the state the team view shows.
    expect(Object.keys(agents[0]!.value).sort()).toEqual([
      'displayName',
      'id',
      'role',
      'state',
      'stateSince',
      'teamId',
    ]);
  });

  it('sends an admin every ticket', async () => {
    const ops = puts(await pullAll(s.app, adminToken, randomUUID(), null));
    expect(ops.filter((o) => o.entity === 'ticket').length).toBe(await countRows(s.db, 'tickets'));
    expect(ops.filter((o) => o.entity === 'event').length).toBe(await countRows(s.db, 'ticket_events'));
  });

  it('estimates the size of a sync from scratch on its first chunk only', async () => {
    const pages = await pullAll(s.app, agentToken, randomUUID(), null, 50);
    const total = pages.reduce((n, p) => n + p.patch.length, 0);
    const [first, ...rest] = pages;
    const estimate = first!.patch.length + first!.remaining!;
    // Approximate by design (a team's share of customers, orders and events is taken from its tickets).
    expect(estimate).toBeGreaterThan(total * 0.5);
    expect(estimate).toBeLessThan(total * 1.5);
    expect(rest.every((p) => p.remaining === undefined)).toBe(true);
    // Incremental pulls carry no estimate.
    const next = await pull(s.app, agentToken, { clientId: randomUUID(), cookie: pages.at(-1)!.cookie });
    expect(next.json().remaining).toBeUndefined();
  });

  it('streams the same snapshot in small chunks, stopping inside a version', async () => {
    const pages = await pullAll(s.app, agentToken, randomUUID(), null, 37);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.slice(0, -1).every((p) => p.more && p.patch.length === 37)).toBe(true);
    const chunked = puts(pages).map(key);
    expect(new Set(chunked).size).toBe(chunked.length);
    expect(new Set(chunked)).toEqual(new Set(puts(snapshot).map(key)));

    // In commit order (a cookie at version 0 of this epoch, as after a snapshot), a cookie that stopped
    // mid-version: the next chunk continues in that same version.
    const { rows: epochRows } = await s.db.query<{ epoch: string }>('select epoch from sync_state');
    const origin = encodeCookie({ epoch: epochRows[0]!.epoch, version: 0, key: null });
    const ordered = await pullAll(s.app, agentToken, randomUUID(), origin, 37);
    expect(new Set(puts(ordered).map(key))).toEqual(new Set(chunked));
    // The walk reads rows as JSON, commit-order pulls column by column: the same values either way.
    const byKey = (ops: Put[]) => new Map(ops.map((op) => [key(op), op.value]));
    expect(byKey(puts(pages))).toEqual(byKey(puts(ordered)));
    const index = ordered.findIndex((p) => p.more && decodeCookie(p.cookie)?.key);
    const stoppedAt = decodeCookie(ordered[index]!.cookie)!;
    const next = puts([ordered[index + 1]!])[0]!;
    const table = {
      agent: 'agents',
      customer: 'customers',
      order: 'orders',
      ticket: 'tickets',
      event: 'ticket_events',
    };
    const { rows } = await s.db.query<{ version: number }>(
      `select version from ${table[next.entity]} where id = $1`,
      [next.value.id],
    );
    expect(Number(rows[0]!.version)).toBe(stoppedAt.version);
  });

  it('sends tickets first on a sync from scratch, so the queue can show before the rest arrives', async () => {
    const pages = await pullAll(s.app, agentToken, randomUUID(), null, 40);
    const order = puts(pages).map((op) => op.entity);
    const firstOf = (entity: string) => order.indexOf(entity as never);
    const lastOf = (entity: string) => order.lastIndexOf(entity as never);
    expect(lastOf('agent')).toBeLessThan(firstOf('ticket'));
    expect(lastOf('ticket')).toBeLessThan(firstOf('customer'));
    expect(lastOf('customer')).toBeLessThan(firstOf('order'));
    expect(lastOf('order')).toBeLessThan(firstOf('event'));
    // Every chunk but the last is full, across table boundaries too.
    expect(pages.slice(0, -1).every((p) => p.patch.length === 40)).toBe(true);
  });

  // A client keeps a ticket's events in one row (its timeline) and a customer's orders in one row.
  const GROUPED = [
    { entity: 'event', group: 'ticketId', of: 'ticket', walk: 4, limit: 29 },
    { entity: 'order', group: 'customerId', of: 'customer', walk: 3, limit: 33 },
  ] as const;
  const groupOf = (op: Put, group: string) => (op.value as unknown as Record<string, string>)[group];

  it.each(GROUPED)(
    'sends each $entity of one $of together on a sync from scratch, resuming inside it',
    async ({ entity, group, limit }) => {
      const pages = await pullAll(s.app, agentToken, randomUUID(), null, limit);
      const records = puts(pages).filter((op) => op.entity === entity);
      // One run per group (written as one row): never back to a group.
      const runs = records.map((op) => groupOf(op, group)).filter((g, i, all) => g !== all[i - 1]);
      expect(new Set(runs).size).toBe(runs.length);
      // Some chunk ended inside a group, and the next went on with the rest of it.
      const cutInside = pages.some((p, i) => {
        const last = p.patch.at(-1);
        const next = pages[i + 1]?.patch[0];
        return (
          last?.op === 'put' &&
          next?.op === 'put' &&
          last.entity === entity &&
          next.entity === entity &&
          groupOf(last, group) === groupOf(next, group)
        );
      });
      expect(cutInside).toBe(true);
      expect(new Set(records.map(key))).toEqual(
        new Set(
          puts(snapshot)
            .filter((op) => op.entity === entity)
            .map(key),
        ),
      );
    },
  );

  it.each(GROUPED)(
    'restarts the $entity walk of a sync from scratch whose cookie predates walking them by $of',
    async ({ entity, walk }) => {
      const pages = await pullAll(s.app, agentToken, randomUUID(), null, 100);
      const wireOf = (cookie: string) =>
        JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')) as Record<string, unknown>;
      // A chunk that stopped inside this table's walk.
      const inside = pages.find((p) => {
        const wire = wireOf(p.cookie);
        return wire.b === walk && wire.i !== null;
      });
      expect(inside).toBeDefined();
      const { t: _group, ...old } = wireOf(inside!.cookie);
      const oldCookie = Buffer.from(JSON.stringify(old)).toString('base64url');
      const resumed = await pullAll(s.app, agentToken, randomUUID(), oldCookie, 100);
      const all = puts(pages)
        .filter((op) => op.entity === entity)
        .map(key);
      expect(
        puts(resumed)
          .filter((op) => op.entity === entity)
          .map(key),
      ).toEqual(all);
    },
  );

  it('after a change, an incremental pull returns only that change', async () => {
    const done = snapshot[snapshot.length - 1]!;
    expect(done.more).toBe(false);
    expect(
      (await pull(s.app, agentToken, { clientId: randomUUID(), cookie: done.cookie })).json().patch,
    ).toEqual([]);

    const ticket = puts(snapshot).find((o) => o.entity === 'ticket')!.value as Ticket;
    const eventId = randomUUID();
    const clientId = randomUUID();
    const pushed = await push(s.app, agentToken, {
      clientId,
      mutations: [
        { id: 1, name: 'addNote', args: { ticketId: ticket.id, eventId, body: '已电话回访' }, clientTime: 1 },
      ],
    });
    expect(pushed.statusCode).toBe(200);

    const res = await pull(s.app, agentToken, { clientId, cookie: done.cookie });
    const page = PullResponse.parse(res.json());
    expect(page.more).toBe(false);
    expect(page.lastMutationId).toBe(1);
    expect(page.patch.map((op) => (op.op === 'put' ? key(op) : op.op)).sort()).toEqual(
      [`event:${eventId}`, `ticket:${ticket.id}`].sort(),
    );
    const again = await pull(s.app, agentToken, { clientId, cookie: page.cookie });
    expect(again.json().patch).toEqual([]);
  });

  it('tells a client with a cookie from another database epoch to clear, then resends everything', async () => {
    const foreign = encodeCookie({ epoch: randomUUID(), version: 3, key: null });
    const pages = await pullAll(s.app, agentToken, randomUUID(), foreign);
    expect(pages[0]!.patch[0]).toEqual({ op: 'clear' });
    expect(puts(pages).filter((o) => o.entity === 'ticket').length).toBe(
      puts(snapshot).filter((o) => o.entity === 'ticket').length,
    );
    const garbage = await pull(s.app, agentToken, {
      clientId: randomUUID(),
      cookie: 'not-a-cookie',
      limit: 5,
    });
    expect(garbage.json().patch[0]).toEqual({ op: 'clear' });
  });

  it('reports lastMutationId 0 for a new client and refuses another agent’s client id', async () => {
    const fresh = await pull(s.app, agentToken, { clientId: randomUUID(), cookie: null, limit: 1 });
    expect(fresh.json().lastMutationId).toBe(0);

    const clientId = randomUUID();
    const other = await login(s.app, 'agent2');
    const ticket = puts(snapshot).find((o) => o.entity === 'ticket')!.value as Ticket;
    await push(s.app, other.accessToken, {
      clientId,
      mutations: [
        {
          id: 1,
          name: 'addNote',
          args: { ticketId: ticket.id, eventId: randomUUID(), body: '备注' },
          clientTime: 1,
        },
      ],
    });
    const stolen = await pull(s.app, agentToken, { clientId, cookie: null, limit: 1 });
    expect(stolen.statusCode).toBe(403);
  });

  it('sends what changed during a sync from scratch after it, and ends on a commit-order cookie', async () => {
    const clientId = randomUUID();
    const first = (await pull(s.app, agentToken, { clientId, cookie: null, limit: 30 })).json<PullResponse>();
    expect(first.more).toBe(true);
    // A note on a ticket the walk has not reached yet, and one it has already sent.
    const sent = puts([first]).find((o) => o.entity === 'ticket')!.value as Ticket;
    const { rows } = await s.db.query<{ id: string }>(
      'select id from tickets where team_id = $1 order by id desc limit 1',
      [agentTeam],
    );
    const notes = [
      { ticketId: sent.id, eventId: randomUUID() },
      { ticketId: rows[0]!.id, eventId: randomUUID() },
    ];
    const pushed = await push(s.app, agentToken, {
      clientId,
      mutations: notes.map((n, i) => ({
        id: i + 1,
        name: 'addNote' as const,
        args: { ...n, body: '同步期间的备注' },
        clientTime: 1,
      })),
    });
    expect(pushed.statusCode).toBe(200);
    const rest = await pullAll(s.app, agentToken, clientId, first.cookie, 30);
    const all = puts([first, ...rest]);
    for (const n of notes) expect(all.some((o) => o.value.id === n.eventId)).toBe(true);
    // The latest version of each ticket wins, as the client applies them in order.
    const latest = new Map(
      all.filter((o) => o.entity === 'ticket').map((o) => [o.value.id, o.value as Ticket]),
    );
    const { rows: updated } = await s.db.query<{ updated_at: number }>(
      'select updated_at from tickets where id = $1',
      [sent.id],
    );
    expect(latest.get(sent.id)!.updatedAt).toBe(Number(updated[0]!.updated_at));
    const done = decodeCookie(rest.at(-1)!.cookie);
    expect(done?.key).toBeNull();
    expect(rest.at(-1)!.more).toBe(false);
  });

  it('rejects a malformed pull with 400', async () => {
    const res = await pull(s.app, agentToken, { clientId: 'nope', cookie: null });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_input');
  });
});
