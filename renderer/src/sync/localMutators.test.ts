import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import type { Mutation, MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import { agentAlice, makeCustomer, makeOrder, makeTicket, T0, uid } from '../../test/fixtures.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import { putOrders } from '../db/customerOrders.ts';
import { deriveTicket } from '../db/derive.ts';
import { applyLocalMutation, LocalMutationError } from './localMutators.ts';
import { rebaseLocal } from './rebase.ts';
import { cachedEvent } from '../../test/timelines.ts';
import { readTimeline } from '../db/ticketTimeline.ts';

const NOW = T0 + 3_600_000;
const bob = { id: uid(), displayName: '张伟', role: 'agent' as const, teamId: agentAlice.teamId };

let db: CareDeskDb;
let ticket: Ticket;
let order: Order;

beforeEach(async () => {
  db = new CareDeskDb(`mut-${crypto.randomUUID()}`);
  const customer = makeCustomer();
  order = makeOrder(customer.id, { total: 20_000 });
  ticket = makeTicket({ customerId: customer.id, orderId: order.id, status: 'open' });
  await db.customers.put(customer);
  await putOrders(db, [order]);
  await db.tickets.put(deriveTicket(ticket));
  await db.agents.bulkPut([
    {
      id: agentAlice.id,
      displayName: agentAlice.displayName,
      role: 'agent',
      teamId: agentAlice.teamId,
      state: 'available',
      stateSince: 0,
    },
    { ...bob, state: 'available', stateSince: 0 },
  ]);
});

afterEach(async () => {
  await db.delete();
});

let nextId = 1;
/** Applies one mutation as `agentId` in a transaction, as the engine does. */
function run<N extends MutationName>(name: N, args: MutationArgs<N>, agentId: string = agentAlice.id) {
  const mutation = { id: nextId++, name, args, clientTime: NOW } as Mutation;
  return db.transaction('rw', db.tables, async () => {
    await applyLocalMutation({ db, agentId, clientTime: NOW }, mutation);
  });
}

async function refusal(promise: Promise<unknown>): Promise<LocalMutationError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LocalMutationError);
  return err as LocalMutationError;
}

const events = () => readTimeline(db, ticket.id);
const cached = async () => (await db.tickets.get(ticket.id))!;
const ev = () => ({ ticketId: ticket.id, eventId: uid() });

describe('ownership', () => {
  beforeEach(async () => {
    await db.tickets.update(ticket.id, { assigneeId: bob.id });
  });

  it('refuses owner-only actions, replies and status changes on a colleague’s ticket, naming the holder', async () => {
    for (const [name, args] of [
      ['replyToTicket', { ...ev(), body: '您好' }],
      ['setStatus', { ...ev(), to: 'resolved', reason: null }],
      ['issueRefund', { ...ev(), orderId: order.id, amount: 100, reason: '破损' }],
      ['escalateComplaint', { ...ev(), reason: '客户要求' }],
    ] as const) {
      const err = await refusal(run(name, args as never));
      expect(err.code).toBe('not_assignee');
      expect(err.details).toEqual({ agentId: bob.id, displayName: '张伟' });
    }
    expect(await events()).toHaveLength(0);
  });

  it('still lets anyone add a note or log a call', async () => {
    await run('addNote', {
      ...ev(),
      body: '帮忙看一下',
      attachments: [{ name: '照片.jpg', sizeBytes: 2048 }],
    });
    await run('logCall', { ...ev(), direction: 'inbound', durationSec: 60, wrapUpCode: null, summary: '' });
    const list = await events();
    expect(list.map((e) => e.kind).sort()).toEqual(['call', 'note']);
    expect(list.find((e) => e.kind === 'note')).toMatchObject({ attachments: [{ name: '照片.jpg' }] });
  });

  it('takes the ticket over with a recorded reason', async () => {
    const { eventId } = ev();
    await run('takeOverTicket', { ticketId: ticket.id, eventId, reason: '张伟休假' });
    expect((await cached()).assigneeId).toBe(agentAlice.id);
    expect(await cachedEvent(db, eventId)).toMatchObject({
      kind: 'take_over',
      fromAgentId: bob.id,
      reason: '张伟休假',
      authorId: agentAlice.id,
      createdAt: NOW,
    });
    // Now it is ours: the reply goes through.
    await run('replyToTicket', { ...ev(), body: '您好，我来跟进' });
  });

  it('refuses a take-over of one’s own or an unassigned ticket', async () => {
    await db.tickets.update(ticket.id, { assigneeId: agentAlice.id });
    expect((await refusal(run('takeOverTicket', { ...ev(), reason: 'x' }))).code).toBe(
      'nothing_to_take_over',
    );
    await db.tickets.update(ticket.id, { assigneeId: null });
    expect((await refusal(run('takeOverTicket', { ...ev(), reason: 'x' }))).code).toBe(
      'nothing_to_take_over',
    );
  });

  it('gives an unassigned ticket to the agent who replies', async () => {
    await db.tickets.update(ticket.id, { assigneeId: null });
    await run('replyToTicket', { ...ev(), body: '您好' });
    expect((await cached()).assigneeId).toBe(agentAlice.id);
  });
});

describe('refunds', () => {
  it('records a refund and refuses one over what is left of the order, across tickets', async () => {
    const other = makeTicket({ customerId: ticket.customerId, status: 'open' });
    await db.tickets.put(deriveTicket(other));
    await run('issueRefund', {
      ticketId: other.id,
      eventId: uid(),
      orderId: order.id,
      amount: 15_000,
      reason: '部分退款',
    });
    const err = await refusal(
      run('issueRefund', { ...ev(), orderId: order.id, amount: 5_001, reason: '再退' }),
    );
    expect(err.code).toBe('refund_exceeds_total');
    expect(err.details).toEqual({ orderTotal: 20_000, alreadyRefunded: 15_000 });
    const { eventId } = ev();
    await run('issueRefund', {
      ticketId: ticket.id,
      eventId,
      orderId: order.id,
      amount: 5_000,
      reason: '补齐',
    });
    expect(await cachedEvent(db, eventId)).toMatchObject({
      kind: 'refund',
      amount: 5_000,
      orderId: order.id,
    });
  });

  it('refuses an order of another customer', async () => {
    const foreign = makeOrder(uid());
    await putOrders(db, [foreign]);
    const err = await refusal(run('issueRefund', { ...ev(), orderId: foreign.id, amount: 100, reason: 'x' }));
    expect(err.code).toBe('order_not_found');
  });

  it('does not count a replayed refund twice', async () => {
    const args = { ...ev(), orderId: order.id, amount: 20_000, reason: '全额' };
    await run('issueRefund', args);
    await run('issueRefund', args);
    expect((await events()).filter((e) => e.kind === 'refund')).toHaveLength(1);
  });

  it('refuses actions on a closed ticket', async () => {
    await db.tickets.update(ticket.id, { status: 'closed' });
    const err = await refusal(
      run('grantCompensation', { ...ev(), form: 'coupon', amount: 1_000, reason: 'x' }),
    );
    expect(err.code).toBe('ticket_closed');
  });
});

describe('returns and logistics', () => {
  it('opens a return under its RMA, refuses the same number twice, and tracks only known RMAs', async () => {
    const rmaNo = 'RMA-251125-ABC123';
    await run('createReturn', {
      ...ev(),
      rmaNo,
      returnKind: 'exchange',
      orderId: order.id,
      reason: '尺码不合适',
      carrier: '顺丰',
      trackingNo: 'SF1234567890',
    });
    const dup = await refusal(
      run('createReturn', {
        ...ev(),
        rmaNo,
        returnKind: 'return',
        orderId: order.id,
        reason: 'x',
        carrier: null,
        trackingNo: null,
      }),
    );
    expect(dup.code).toBe('duplicate_rma');
    const { eventId } = ev();
    await run('updateLogistics', {
      ticketId: ticket.id,
      eventId,
      rmaNo,
      status: 'received',
      carrier: null,
      trackingNo: null,
      note: '仓库已签收',
    });
    expect(await cachedEvent(db, eventId)).toMatchObject({ kind: 'logistics_update', status: 'received' });
    const unknown = await refusal(
      run('updateLogistics', {
        ...ev(),
        rmaNo: 'RMA-251125-ZZZZZZ',
        status: 'received',
        carrier: null,
        trackingNo: null,
        note: null,
      }),
    );
    expect(unknown.code).toBe('rma_not_found');
  });

  it('requests a repair only for the customer’s own order', async () => {
    await run('requestRepair', { ...ev(), orderId: null, sku: 'SKU-1', description: '拉链坏了' });
    const err = await refusal(
      run('requestRepair', { ...ev(), orderId: uid(), sku: null, description: '坏了' }),
    );
    expect(err.code).toBe('order_not_found');
  });
});

describe('escalation, medical referral, classification, feedback', () => {
  it('escalates to a high-priority complaint with the escalated tag', async () => {
    await run('escalateComplaint', { ...ev(), reason: '客户要求主管处理' });
    const t = await cached();
    expect(t).toMatchObject({ category: 'complaint', priority: 'high', priorityRank: 1 });
    expect(t.tags).toContain('escalated');
  });

  it('keeps an urgent ticket urgent when escalating', async () => {
    await db.tickets.update(ticket.id, { priority: 'urgent' });
    await run('escalateComplaint', { ...ev(), reason: '升级' });
    expect((await cached()).priority).toBe('urgent');
  });

  it('tags a medical referral and writes its advice', async () => {
    await run('referMedical', { ...ev(), advice: '请停用并就医' });
    expect((await cached()).tags).toEqual(['medical_referral']);
    expect((await events())[0]).toMatchObject({ kind: 'medical_referral', advice: '请停用并就医' });
  });

  it('classifies category and root cause', async () => {
    await run('classifyTicket', { ...ev(), category: 'after_sales', rootCause: 'quality' });
    expect(await cached()).toMatchObject({ category: 'after_sales', rootCause: 'quality' });
    await run('forwardToProduct', { ...ev(), sku: 'SKU-1', summary: '批次起球', severity: 'high' });
    expect((await events()).map((e) => e.kind).sort()).toEqual(['classification', 'product_feedback']);
  });
});

describe('callbacks and surveys', () => {
  it('schedules, reschedules and completes callbacks, keeping nextCallback the earliest open one', async () => {
    const a = uid();
    const b = uid();
    await run('scheduleCallback', { ...ev(), callbackId: a, dueAt: NOW + 7_200_000, note: '' });
    await run('scheduleCallback', { ...ev(), callbackId: b, dueAt: NOW + 3_600_000, note: '' });
    expect((await cached()).nextCallback).toEqual({
      callbackId: b,
      dueAt: NOW + 3_600_000,
      agentId: agentAlice.id,
    });
    await run('scheduleCallback', { ...ev(), callbackId: b, dueAt: NOW + 9_000_000, note: '客户改时间' });
    expect((await cached()).nextCallback?.callbackId).toBe(a);
    const actions = (await events()).map((e) => (e as Extract<TicketEvent, { kind: 'callback' }>).action);
    expect(actions).toEqual(['scheduled', 'scheduled', 'rescheduled']);
    await run('completeCallback', { ...ev(), callbackId: a, note: '已回访' });
    expect((await cached()).nextCallback?.callbackId).toBe(b);
    await run('completeCallback', { ...ev(), callbackId: b, note: '' });
    expect((await cached()).nextCallback).toBeNull();
    const again = await refusal(run('completeCallback', { ...ev(), callbackId: b, note: '' }));
    expect(again.code).toBe('callback_not_found');
    const moveDone = await refusal(run('scheduleCallback', { ...ev(), callbackId: b, dueAt: NOW, note: '' }));
    expect(moveDone.code).toBe('callback_not_found');
  });

  it('sends a survey once, only on a resolved ticket', async () => {
    expect((await refusal(run('requestSurvey', ev()))).code).toBe('survey_not_allowed');
    await db.tickets.update(ticket.id, { status: 'resolved' });
    await run('requestSurvey', ev());
    expect((await refusal(run('requestSurvey', ev()))).code).toBe('survey_not_allowed');
  });
});

describe('agent state', () => {
  it('sets the agent’s own state and rolls it back when the change is undone by a rebase', async () => {
    await run('setAgentState', { state: 'after_call_work' });
    expect(await db.agents.get(agentAlice.id)).toMatchObject({ state: 'after_call_work', stateSince: NOW });
    // Nothing in the outbox: the rebase restores the server's row.
    await rebaseLocal(db);
    expect(await db.agents.get(agentAlice.id)).toMatchObject({ state: 'available', stateSince: 0 });
    expect(await db.timelines.count()).toBe(0);
  });
});
