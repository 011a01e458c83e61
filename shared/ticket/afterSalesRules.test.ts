import fc from 'fast-check';
import type { TicketEvent } from '../domain/event.ts';
import { newRmaNumber, RmaNo } from '../domain/afterSales.ts';
import {
  maySendSurvey,
  nextCallbackOf,
  openCallbacks,
  refundedTotal,
  rmaNumbers,
} from './afterSalesRules.ts';
import { mayActAsOwner, ownershipRefusal } from './ownership.ts';

const TICKET = '5d7a3c1e-0000-4000-8000-000000000001';
const ORDER_A = '5d7a3c1e-0000-4000-8000-0000000000a1';
const ORDER_B = '5d7a3c1e-0000-4000-8000-0000000000b2';
const ME = '5d7a3c1e-0000-4000-8000-00000000a9e1';
const OTHER = '5d7a3c1e-0000-4000-8000-00000000a9e2';
let seq = 0;
const id = () => `5d7a3c1e-0000-4000-8000-${(++seq).toString(16).padStart(12, '0')}`;
const by = { ticketId: TICKET, authorType: 'agent', authorId: ME } as const;

function refund(orderId: string, amount: number, createdAt = 1): TicketEvent {
  return { ...by, id: id(), kind: 'refund', orderId, amount, reason: '质量问题', createdAt };
}
function callback(
  callbackId: string,
  action: 'scheduled' | 'rescheduled' | 'done',
  dueAt: number | null,
  createdAt: number,
): TicketEvent {
  return { ...by, id: id(), kind: 'callback', callbackId, action, dueAt, note: '', createdAt };
}

describe('after-sales rules', () => {
  it('sums the refunds of one order only', () => {
    const events = [refund(ORDER_A, 1000), refund(ORDER_B, 500), refund(ORDER_A, 250)];
    expect(refundedTotal(events, ORDER_A)).toBe(1250);
    expect(refundedTotal(events, ORDER_B)).toBe(500);
    expect(refundedTotal([], ORDER_A)).toBe(0);
  });

  it('keeps a callback open until it is done, at its latest time, earliest first', () => {
    const a = id();
    const b = id();
    const events = [
      callback(a, 'scheduled', 5_000, 1),
      callback(b, 'scheduled', 3_000, 2),
      callback(a, 'rescheduled', 2_000, 3),
    ];
    expect(openCallbacks(events).map((c) => [c.callbackId, c.dueAt])).toEqual([
      [a, 2_000],
      [b, 3_000],
    ]);
    expect(nextCallbackOf([...events, callback(a, 'done', null, 4)])).toEqual({
      callbackId: b,
      dueAt: 3_000,
      agentId: ME,
    });
    expect(
      nextCallbackOf([...events, callback(a, 'done', null, 4), callback(b, 'done', null, 5)]),
    ).toBeNull();
  });

  it('reads callback events in time order whatever order they are stored in', () => {
    const a = id();
    const done = callback(a, 'done', null, 9);
    expect(nextCallbackOf([done, callback(a, 'scheduled', 100, 1)])).toBeNull();
  });

  it('lists the RMA numbers of a ticket and allows one survey on a resolved ticket', () => {
    const rma = 'RMA-251125-7K2Q9Z';
    const ret: TicketEvent = {
      ...by,
      id: id(),
      kind: 'return_request',
      rmaNo: rma,
      returnKind: 'exchange',
      orderId: ORDER_A,
      reason: '尺码不合适',
      carrier: null,
      trackingNo: null,
      createdAt: 1,
    };
    expect(rmaNumbers([ret, refund(ORDER_A, 1)])).toEqual([rma]);
    expect(maySendSurvey('resolved', [])).toBe(true);
    expect(maySendSurvey('open', [])).toBe(false);
    expect(maySendSurvey('resolved', [{ ...by, id: id(), kind: 'survey_request', createdAt: 2 }])).toBe(
      false,
    );
  });

  it('mints RMA numbers the schema accepts', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(2000, 0, 1), max: new Date(2099, 11, 31), noInvalidDate: true }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (date, r) => {
          expect(RmaNo.safeParse(newRmaNumber(date, () => r)).success).toBe(true);
        },
      ),
    );
    expect(newRmaNumber(new Date(2026, 10, 25), () => 0)).toBe('RMA-261125-000000');
  });
});

describe('ownership', () => {
  it('lets the assignee, or anyone on an unassigned ticket, make owner-only changes', () => {
    expect(mayActAsOwner({ assigneeId: ME }, ME)).toBe(true);
    expect(mayActAsOwner({ assigneeId: null }, ME)).toBe(true);
    expect(mayActAsOwner({ assigneeId: OTHER }, ME)).toBe(false);
    expect(ownershipRefusal('replyToTicket', { assigneeId: OTHER }, ME)).toBe('not_assignee');
    expect(ownershipRefusal('issueRefund', { assigneeId: OTHER }, ME)).toBe('not_assignee');
  });

  it('keeps notes, call logs and take-over open to colleagues', () => {
    for (const name of ['addNote', 'logCall', 'takeOverTicket', 'claimTicket'] as const)
      expect(ownershipRefusal(name, { assigneeId: OTHER }, ME)).toBeNull();
  });
});
