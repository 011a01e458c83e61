import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRmaNumber } from '@shared/domain/index.ts';
import type { MutationArgs } from '@shared/sync/mutations.ts';
import {
  eventsOf,
  mutationClient,
  orderForTicket,
  ticketPool,
  type MutationClient,
} from '../../testing/mutationClient.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import { login, startTestServer, type TestServer } from '../../testing/testServer.ts';

/** Refunds, returns and their logistics, callbacks and surveys over HTTP: each rule and each refusal. */
describe.each(TEST_DRIVERS)('after-sales mutators ($name)', (driver) => {
  let s: TestServer;
  let a1: MutationClient;
  let a2: MutationClient;
  let ticket: ReturnType<typeof ticketPool>;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 120 });
    a1 = mutationClient(s.app, await login(s.app, 'agent1'));
    a2 = mutationClient(s.app, await login(s.app, 'agent2'));
    ticket = ticketPool(s.db, a1.login.agent.teamId);
  });
  afterAll(() => s.close());

  const mine = () => ticket({ assigneeId: a1.login.agent.id, status: 'open' });
  const row = async (id: string) =>
    (await s.db.query<Record<string, unknown>>('select * from tickets where id = $1', [id])).rows[0]!;
  const refund = (ticketId: string, orderId: string, amount: number): MutationArgs<'issueRefund'> => ({
    ticketId,
    eventId: randomUUID(),
    orderId,
    amount,
    reason: '质量问题退款',
  });
  const rma = () => newRmaNumber(new Date());
  const openReturn = (ticketId: string, orderId: string, rmaNo = rma()): MutationArgs<'createReturn'> => ({
    ticketId,
    eventId: randomUUID(),
    rmaNo,
    returnKind: 'return',
    orderId,
    reason: '面霜过敏，申请退货',
    carrier: null,
    trackingNo: null,
  });

  describe('issueRefund', () => {
    it('refunds within the order total, stamped by server time, and moves the ticket', async () => {
      const t = await mine();
      const orderId = await orderForTicket(s.db, t, 10_000);
      const before = await row(t);
      const started = Date.now();
      const args = refund(t, orderId, 4_000);
      expect(await a1.send('issueRefund', args)).toMatchObject({ status: 'applied', reason: null });
      const [event] = await eventsOf(s.db, t, 'refund');
      expect(event).toMatchObject({
        id: args.eventId,
        author_type: 'agent',
        author_id: a1.login.agent.id,
        payload: { orderId, amount: 4_000, reason: '质量问题退款' },
      });
      expect(Number(event!.created_at)).toBeGreaterThanOrEqual(started);
      const after = await row(t);
      expect(Number(after.version)).toBeGreaterThan(Number(before.version));
      expect(Number(after.updated_at)).toBe(Number(event!.created_at));
    });

    it('refuses a refund that takes the order over its total, saying how much is left', async () => {
      const t = await mine();
      const orderId = await orderForTicket(s.db, t, 10_000);
      expect((await a1.send('issueRefund', refund(t, orderId, 6_000))).status).toBe('applied');
      // Two refunds that each fit but together exceed the total: the second is refused.
      expect(await a1.send('issueRefund', refund(t, orderId, 5_000))).toMatchObject({
        status: 'rejected',
        reason: 'refund_exceeds_total',
        details: { orderTotal: 10_000, alreadyRefunded: 6_000 },
      });
      // Exactly what is left still goes through.
      expect((await a1.send('issueRefund', refund(t, orderId, 4_000))).status).toBe('applied');
      expect((await a1.send('issueRefund', refund(t, orderId, 1))).reason).toBe('refund_exceeds_total');
      expect((await eventsOf(s.db, t, 'refund')).map((e) => e.payload.amount)).toEqual([6_000, 4_000]);
    });

    it('counts refunds of the order made on other tickets', async () => {
      const t1 = await mine();
      const t2 = await ticket({ assigneeId: a2.login.agent.id, status: 'open' });
      const orderId = await orderForTicket(s.db, t1, 10_000);
      await s.db.query(
        'update tickets set customer_id = (select customer_id from tickets where id = $1) where id = $2',
        [t1, t2],
      );
      expect((await a1.send('issueRefund', refund(t1, orderId, 7_000))).status).toBe('applied');
      expect(await a2.send('issueRefund', refund(t2, orderId, 3_001))).toMatchObject({
        reason: 'refund_exceeds_total',
        details: { orderTotal: 10_000, alreadyRefunded: 7_000 },
      });
    });

    it('lets only one of two concurrent refunds that together exceed the total pass', async () => {
      const t1 = await mine();
      const t2 = await ticket({ assigneeId: a2.login.agent.id, status: 'open' });
      const orderId = await orderForTicket(s.db, t1, 10_000);
      await s.db.query(
        'update tickets set customer_id = (select customer_id from tickets where id = $1) where id = $2',
        [t1, t2],
      );
      const results = await Promise.all([
        a1.send('issueRefund', refund(t1, orderId, 6_000)),
        a2.send('issueRefund', refund(t2, orderId, 6_000)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['applied', 'rejected']);
      expect(results.find((r) => r.status === 'rejected')!.reason).toBe('refund_exceeds_total');
      const { rows } = await s.db.query<{ n: number }>(
        `select coalesce(sum((payload->>'amount')::int), 0)::int as n from ticket_events
         where kind = 'refund' and payload->>'orderId' = $1`,
        [orderId],
      );
      expect(Number(rows[0]!.n)).toBe(6_000);
    });

    it('refuses an order that is not the ticket customer’s', async () => {
      const t = await mine();
      const other = await ticket({ assigneeId: null });
      await s.db.query(
        'update tickets set customer_id = (select id from customers where id <> (select customer_id from tickets where id = $1) limit 1) where id = $2',
        [t, other],
      );
      const foreign = await orderForTicket(s.db, other, 10_000);
      expect((await a1.send('issueRefund', refund(t, foreign, 100))).reason).toBe('order_not_found');
      expect((await a1.send('issueRefund', refund(t, randomUUID(), 100))).reason).toBe('order_not_found');
      expect(await eventsOf(s.db, t, 'refund')).toEqual([]);
    });

    it('applies a replayed refund exactly once', async () => {
      const t = await mine();
      const orderId = await orderForTicket(s.db, t, 10_000);
      const args = refund(t, orderId, 3_000);
      expect((await a1.send('issueRefund', args)).status).toBe('applied');
      // The answer was lost: the same mutation id again…
      expect(await a1.resend(await lastId(a1), 'issueRefund', args)).toMatchObject({ status: 'duplicate' });
      // …and the same change from a reinstalled client (new client, same event id).
      const reinstalled = mutationClient(s.app, a1.login);
      expect((await reinstalled.send('issueRefund', args)).status).toBe('applied');
      expect(await eventsOf(s.db, t, 'refund')).toHaveLength(1);
    });
  });

  describe('createReturn and updateLogistics', () => {
    it('opens a return under its RMA number and logs logistics steps of that RMA only', async () => {
      const t = await mine();
      const orderId = await orderForTicket(s.db, t, 25_900);
      const args = openReturn(t, orderId);
      expect((await a1.send('createReturn', args)).status).toBe('applied');
      expect((await eventsOf(s.db, t, 'return_request'))[0]!.payload).toEqual({
        rmaNo: args.rmaNo,
        returnKind: 'return',
        orderId,
        reason: '面霜过敏，申请退货',
        carrier: null,
        trackingNo: null,
      });
      const step = (rmaNo: string): MutationArgs<'updateLogistics'> => ({
        ticketId: t,
        eventId: randomUUID(),
        rmaNo,
        status: 'in_transit',
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
        note: null,
      });
      expect((await a1.send('updateLogistics', step(args.rmaNo))).status).toBe('applied');
      expect((await a1.send('updateLogistics', step(rma()))).reason).toBe('rma_not_found');
      // An RMA of another ticket is not this ticket's.
      const t2 = await mine();
      const other = openReturn(t2, await orderForTicket(s.db, t2, 1_000));
      expect((await a1.send('createReturn', other)).status).toBe('applied');
      expect((await a1.send('updateLogistics', step(other.rmaNo))).reason).toBe('rma_not_found');
      expect(await eventsOf(s.db, t, 'logistics_update')).toHaveLength(1);
    });

    it('refuses an RMA number already used anywhere, but takes a replay of the same event', async () => {
      const t = await mine();
      const orderId = await orderForTicket(s.db, t, 5_000);
      const first = openReturn(t, orderId);
      expect((await a1.send('createReturn', first)).status).toBe('applied');
      expect((await a1.send('createReturn', { ...first, eventId: randomUUID() })).reason).toBe(
        'duplicate_rma',
      );
      const t2 = await ticket({ assigneeId: a2.login.agent.id, status: 'open' });
      const second = openReturn(t2, await orderForTicket(s.db, t2, 5_000), first.rmaNo);
      expect((await a2.send('createReturn', second)).reason).toBe('duplicate_rma');
      // The same event again (a reinstalled client): nothing new, no refusal.
      expect((await mutationClient(s.app, a1.login).send('createReturn', first)).status).toBe('applied');
      expect(await eventsOf(s.db, t, 'return_request')).toHaveLength(1);
      expect(await eventsOf(s.db, t2, 'return_request')).toHaveLength(0);
    });

    it('refuses a return of another customer’s order', async () => {
      const t = await mine();
      expect((await a1.send('createReturn', openReturn(t, randomUUID()))).reason).toBe('order_not_found');
    });
  });

  describe('callbacks', () => {
    it('keeps next_callback on the earliest open callback through schedule, move and done', async () => {
      const t = await mine();
      const next = async () => (await row(t)).next_callback;
      const [c1, c2] = [randomUUID(), randomUUID()];
      const schedule = (callbackId: string, dueAt: number) =>
        a1.send('scheduleCallback', { ticketId: t, eventId: randomUUID(), callbackId, dueAt, note: '回访' });
      const complete = (callbackId: string) =>
        a1.send('completeCallback', { ticketId: t, eventId: randomUUID(), callbackId, note: '已回访' });
      const me = a1.login.agent.id;

      expect((await schedule(c1, 2_000_000_000_000)).status).toBe('applied');
      expect(await next()).toEqual({ callbackId: c1, dueAt: 2_000_000_000_000, agentId: me });
      await schedule(c2, 1_900_000_000_000);
      expect(await next()).toEqual({ callbackId: c2, dueAt: 1_900_000_000_000, agentId: me });
      // Moving c1 before c2 makes it the next one; the event says it was rescheduled.
      await schedule(c1, 1_800_000_000_000);
      expect(await next()).toEqual({ callbackId: c1, dueAt: 1_800_000_000_000, agentId: me });
      expect((await eventsOf(s.db, t, 'callback')).map((e) => e.payload.action)).toEqual([
        'scheduled',
        'scheduled',
        'rescheduled',
      ]);
      expect((await complete(c1)).status).toBe('applied');
      expect(await next()).toEqual({ callbackId: c2, dueAt: 1_900_000_000_000, agentId: me });
      // Done is done: completing or moving it again, or an unknown id, is refused.
      expect((await complete(c1)).reason).toBe('callback_not_found');
      expect((await schedule(c1, 2_100_000_000_000)).reason).toBe('callback_not_found');
      expect((await complete(randomUUID())).reason).toBe('callback_not_found');
      await complete(c2);
      expect(await next()).toBeNull();
    });
  });

  describe('requestSurvey', () => {
    it('sends the survey once, and only on a resolved ticket', async () => {
      const t = await mine();
      const ask = () => a1.send('requestSurvey', { ticketId: t, eventId: randomUUID() });
      expect((await ask()).reason).toBe('survey_not_allowed');
      await s.db.query(`update tickets set status = 'resolved' where id = $1`, [t]);
      expect((await ask()).status).toBe('applied');
      expect((await ask()).reason).toBe('survey_not_allowed');
      expect(await eventsOf(s.db, t, 'survey_request')).toHaveLength(1);
    });
  });

  async function lastId(c: MutationClient): Promise<number> {
    const { rows } = await s.db.query<{ n: number }>(
      'select last_mutation_id as n from clients where client_id = $1',
      [c.clientId],
    );
    return Number(rows[0]!.n);
  }
});
