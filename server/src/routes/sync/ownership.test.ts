import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRmaNumber } from '@shared/domain/index.ts';
import { computeSlaDeadlines } from '@shared/sla/computeSlaDeadlines.ts';
import type { MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import { AlreadyClaimedDetails } from '@shared/sync/protocol.ts';
import { OWNER_ONLY_MUTATIONS } from '@shared/ticket/ownership.ts';
import {
  eventsOf,
  mutationClient,
  orderForTicket,
  ticketPool,
  type MutationClient,
} from '../../testing/mutationClient.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import { countRows, login, pullAll, startTestServer, type TestServer } from '../../testing/testServer.ts';

/** Who may act on a ticket, take-overs, the ticket-changing actions and the agent's own state. */
describe.each(TEST_DRIVERS)('ownership and ticket actions ($name)', (driver) => {
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

  const row = async (id: string) =>
    (await s.db.query<Record<string, unknown>>('select * from tickets where id = $1', [id])).rows[0]!;
  const held = (by: MutationClient, status = 'open') => ticket({ assigneeId: by.login.agent.id, status });

  /** One valid call of every owner-only mutation on `ticketId`. */
  function ownerOnlyCalls(ticketId: string, orderId: string) {
    const e = () => ({ ticketId, eventId: randomUUID() });
    const calls: { [N in MutationName]?: MutationArgs<N> } = {
      replyToTicket: { ...e(), body: '您好，已为您处理' },
      setStatus: { ...e(), to: 'pending_customer', reason: null },
      classifyTicket: { ...e(), category: 'after_sales', rootCause: 'quality' },
      issueRefund: { ...e(), orderId, amount: 100, reason: '退款' },
      createReturn: {
        ...e(),
        rmaNo: newRmaNumber(new Date()),
        returnKind: 'exchange',
        orderId,
        reason: '换尺码',
        carrier: null,
        trackingNo: null,
      },
      updateLogistics: {
        ...e(),
        rmaNo: newRmaNumber(new Date()),
        status: 'received',
        carrier: null,
        trackingNo: null,
        note: null,
      },
      requestRepair: { ...e(), orderId: null, sku: 'AP-CT02', description: '拉链损坏' },
      grantCompensation: { ...e(), form: 'coupon', amount: 2_000, reason: '物流延误' },
      referMedical: { ...e(), advice: '请停用并就医' },
      escalateComplaint: { ...e(), reason: '客户要求主管处理' },
      scheduleCallback: { ...e(), callbackId: randomUUID(), dueAt: 2_000_000_000_000, note: '' },
      completeCallback: { ...e(), callbackId: randomUUID(), note: '' },
      requestSurvey: e(),
      forwardToProduct: { ...e(), sku: 'CO-FC50', summary: '多位顾客反映过敏', severity: 'high' },
    };
    return Object.entries(calls) as [MutationName, MutationArgs<MutationName>][];
  }

  describe('ownership', () => {
    it('refuses every owner-only action on a ticket someone else holds, saying who and since when', async () => {
      const t = await held(a2);
      const orderId = await orderForTicket(s.db, t, 10_000);
      const calls = ownerOnlyCalls(t, orderId);
      expect(new Set(calls.map(([name]) => name))).toEqual(OWNER_ONLY_MUTATIONS);
      const before = await row(t);
      const events = await countRows(s.db, 'ticket_events');
      for (const [name, args] of calls) {
        const result = await a1.send(name, args);
        expect(result, name).toMatchObject({ status: 'rejected', reason: 'not_assignee' });
        expect(AlreadyClaimedDetails.parse(result.details)).toEqual({
          agentId: a2.login.agent.id,
          displayName: a2.login.agent.displayName,
          at: Number(before.assigned_at),
        });
      }
      expect(await countRows(s.db, 'ticket_events')).toBe(events);
      expect(Number((await row(t)).version)).toBe(Number(before.version));
    });

    it('lets anyone add notes and log calls on a held ticket', async () => {
      const t = await held(a2);
      expect(
        (await a1.send('addNote', { ticketId: t, eventId: randomUUID(), body: '帮忙看一下' })).status,
      ).toBe('applied');
      const call: MutationArgs<'logCall'> = {
        ticketId: t,
        eventId: randomUUID(),
        direction: 'outbound',
        durationSec: 60,
        wrapUpCode: null,
        summary: '代为回电',
      };
      expect((await a1.send('logCall', call)).status).toBe('applied');
    });

    it('gives an unassigned ticket to whoever replies, then holds it for them', async () => {
      const t = await ticket({ assigneeId: null, status: 'new' });
      const reply = () => ({ ticketId: t, eventId: randomUUID(), body: '您好' });
      expect((await a1.send('replyToTicket', reply())).status).toBe('applied');
      expect((await row(t)).assignee_id).toBe(a1.login.agent.id);
      expect((await a2.send('replyToTicket', reply())).reason).toBe('not_assignee');
    });

    it('takes a held ticket over with a recorded reason, then acts as its owner', async () => {
      const t = await held(a2);
      const args = { ticketId: t, eventId: randomUUID(), reason: '小李休假，由我跟进' };
      expect((await a1.send('takeOverTicket', args)).status).toBe('applied');
      const r = await row(t);
      expect(r.assignee_id).toBe(a1.login.agent.id);
      expect(await eventsOf(s.db, t, 'take_over')).toMatchObject([
        {
          id: args.eventId,
          author_id: a1.login.agent.id,
          payload: { fromAgentId: a2.login.agent.id, reason: args.reason },
        },
      ]);
      expect(
        (await a1.send('replyToTicket', { ticketId: t, eventId: randomUUID(), body: '您好' })).status,
      ).toBe('applied');
      // A replayed take-over (same event) changes nothing, even after the ticket moved on.
      expect((await mutationClient(s.app, a1.login).send('takeOverTicket', args)).status).toBe('applied');
      expect(await eventsOf(s.db, t, 'take_over')).toHaveLength(1);
    });

    it('refuses a take-over of an unassigned, own or closed ticket', async () => {
      const take = (ticketId: string) =>
        a1.send('takeOverTicket', { ticketId, eventId: randomUUID(), reason: '接手' });
      expect((await take(await ticket({ assigneeId: null }))).reason).toBe('nothing_to_take_over');
      expect((await take(await held(a1))).reason).toBe('nothing_to_take_over');
      expect((await take(await held(a2, 'closed'))).reason).toBe('ticket_closed');
    });

    it('refuses every after-sales action on a closed ticket', async () => {
      const t = await held(a1, 'closed');
      const orderId = await orderForTicket(s.db, t, 10_000);
      for (const [name, args] of ownerOnlyCalls(t, orderId)) {
        expect((await a1.send(name, args)).reason, name).toBe('ticket_closed');
      }
    });
  });

  describe('ticket-changing actions', () => {
    it('classifies the ticket and recomputes its resolution deadline as intake does', async () => {
      const t = await held(a1);
      await s.db.query(`update tickets set category = 'after_sales' where id = $1`, [t]);
      const args = {
        ticketId: t,
        eventId: randomUUID(),
        category: 'complaint',
        rootCause: 'logistics',
      } as const;
      expect((await a1.send('classifyTicket', args)).status).toBe('applied');
      const r = await row(t);
      expect(r).toMatchObject({ category: 'complaint', root_cause: 'logistics' });
      const due = computeSlaDeadlines({
        channel: r.channel as never,
        category: 'complaint',
        createdAt: Number(r.created_at),
      }).resolutionDueAt;
      expect(Number(r.resolution_due_at)).toBe(due);
      const afterSales = computeSlaDeadlines({
        channel: r.channel as never,
        category: 'after_sales',
        createdAt: Number(r.created_at),
      }).resolutionDueAt;
      expect(due).toBeLessThan(afterSales); // complaints are due sooner
      expect((await eventsOf(s.db, t, 'classification'))[0]!.payload).toEqual({
        category: 'complaint',
        rootCause: 'logistics',
      });
    });

    it('escalates to a complaint: tag, priority at least high with its reason, faster deadline', async () => {
      const t = await held(a1);
      await s.db.query(
        `update tickets set category = 'order_query', priority = 'normal', priority_reasons = '["routine"]', tags = '[]'
         where id = $1`,
        [t],
      );
      const escalate = () =>
        a1.send('escalateComplaint', { ticketId: t, eventId: randomUUID(), reason: '多次投诉' });
      expect((await escalate()).status).toBe('applied');
      const r = await row(t);
      expect(r).toMatchObject({
        category: 'complaint',
        priority: 'high',
        priority_reasons: ['complaint'],
        tags: ['escalated'],
      });
      expect(Number(r.resolution_due_at)).toBe(
        computeSlaDeadlines({
          channel: r.channel as never,
          category: 'complaint',
          createdAt: Number(r.created_at),
        }).resolutionDueAt,
      );
      // Urgent stays urgent; a second escalation adds no second tag or reason.
      await s.db.query(`update tickets set priority = 'urgent' where id = $1`, [t]);
      await escalate();
      expect(await row(t)).toMatchObject({
        priority: 'urgent',
        priority_reasons: ['complaint'],
        tags: ['escalated'],
      });
      expect(await eventsOf(s.db, t, 'escalation')).toHaveLength(2);
    });

    it('refers a health case to medical advice and tags it once', async () => {
      const t = await held(a1);
      await s.db.query(`update tickets set tags = '["过敏"]' where id = $1`, [t]);
      for (let i = 0; i < 2; i++) {
        await a1.send('referMedical', { ticketId: t, eventId: randomUUID(), advice: '请立即停用并就医' });
      }
      expect((await row(t)).tags).toEqual(['过敏', 'medical_referral']);
      expect((await eventsOf(s.db, t, 'medical_referral'))[0]!.payload).toEqual({
        advice: '请立即停用并就医',
      });
    });

    it('records repairs, compensation and product feedback on the timeline', async () => {
      const t = await held(a1);
      const orderId = await orderForTicket(s.db, t, 89_900);
      const e = () => ({ ticketId: t, eventId: randomUUID() });
      const results = [
        await a1.send('requestRepair', { ...e(), orderId, sku: 'AP-CT02', description: '纽扣脱落' }),
        await a1.send('requestRepair', { ...e(), orderId: randomUUID(), sku: null, description: '纽扣脱落' }),
        await a1.send('grantCompensation', { ...e(), form: 'points', amount: 500, reason: '等待过久' }),
        await a1.send('forwardToProduct', { ...e(), sku: null, summary: '尺码表有误', severity: 'medium' }),
      ];
      expect(results.map((r) => r.reason)).toEqual([null, 'order_not_found', null, null]);
      expect((await eventsOf(s.db, t, 'repair'))[0]!.payload).toEqual({
        orderId,
        sku: 'AP-CT02',
        description: '纽扣脱落',
      });
      expect((await eventsOf(s.db, t, 'compensation'))[0]!.payload).toEqual({
        form: 'points',
        amount: 500,
        reason: '等待过久',
      });
      expect((await eventsOf(s.db, t, 'product_feedback'))[0]!.payload).toEqual({
        sku: null,
        summary: '尺码表有误',
        severity: 'medium',
      });
    });
  });

  describe('setAgentState', () => {
    it('stamps the state with server time, logs each spell, and shows it in teammates’ pulls', async () => {
      const me = a1.login.agent.id;
      const agentRow = async () =>
        (await s.db.query<Record<string, unknown>>('select * from agents where id = $1', [me])).rows[0]!;
      const log = async () =>
        (
          await s.db.query<{ state: string; started_at: number; ended_at: number | null }>(
            'select state, started_at, ended_at from agent_state_log where agent_id = $1 order by id',
            [me],
          )
        ).rows.map((r) => ({
          state: r.state,
          startedAt: Number(r.started_at),
          endedAt: r.ended_at === null ? null : Number(r.ended_at),
        }));
      const started = Date.now();
      expect((await a1.send('setAgentState', { state: 'after_call_work' })).status).toBe('applied');
      const first = await agentRow();
      expect(first.state).toBe('after_call_work');
      expect(Number(first.state_since)).toBeGreaterThanOrEqual(started);

      // The same state again is a no-op: the spell keeps running, the row keeps its version.
      await a1.send('setAgentState', { state: 'after_call_work' });
      expect(Number((await agentRow()).version)).toBe(Number(first.version));

      await a1.send('setAgentState', { state: 'available' });
      const second = await agentRow();
      expect(await log()).toEqual([
        {
          state: 'after_call_work',
          startedAt: Number(first.state_since),
          endedAt: Number(second.state_since),
        },
        { state: 'available', startedAt: Number(second.state_since), endedAt: null },
      ]);

      const seen = (await pullAll(s.app, a2.login.accessToken, randomUUID(), null))
        .flatMap((p) => p.patch)
        .find((op) => op.op === 'put' && op.entity === 'agent' && op.value.id === me);
      expect(seen).toMatchObject({ value: { state: 'available', stateSince: Number(second.state_since) } });
    });
  });
});
