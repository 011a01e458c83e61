import type { LogisticsStatus, ReturnKind } from '@shared/domain/index.ts';
import { ACTIVE, type EventSeed, type TicketSeed, type TicketWorld } from './generateTicket.ts';
import type { SeedRandom } from './random.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const CARRIERS = ['顺丰速运', '中通快递', '京东物流', '圆通速递'] as const;
const RETURN_REASONS = ['商品有质量问题，申请退货', '尺码不合适，申请换货', '与描述不符，客户要求退回'];
const CALLBACK_NOTES = ['回访确认退货进度', '跟进退款是否到账', '确认换货商品是否满意'];

/**
 * Gives some open after-sales tickets a return in progress, so the demo shows the after-sales
 * flows: a return or exchange under an RMA number, its logistics steps (the first logged by the
 * agent, later ones from the carrier's feed), a refund for returns, and a callback due around `now`
 * (some already overdue). Changes `made` in place; the ticket's nextCallback and last update follow.
 */
export function addAfterSales(
  r: SeedRandom,
  index: number,
  made: { ticket: TicketSeed; events: EventSeed[] },
  world: TicketWorld,
  now: number,
): void {
  const t = made.ticket;
  const agentId = t.assignee_id;
  if (!t.order_id || !agentId || !ACTIVE.includes(t.status)) return;
  if (t.category !== 'after_sales' && t.category !== 'complaint') return;
  if (!r.chance(0.4)) return;
  const order = world.orders.find((o) => o.id === t.order_id)!;

  let at = t.updated_at;
  const add = (kind: EventSeed['kind'], by: 'agent' | 'system', payload: Record<string, unknown>) => {
    at = Math.min(now, at + r.int(10 * MINUTE, 3 * HOUR));
    made.events.push({
      id: r.uuid(),
      ticket_id: t.id,
      kind,
      author_type: by,
      author_id: by === 'agent' ? agentId : null,
      created_at: at,
      payload,
    });
  };

  const returnKind: ReturnKind = order.product_line === 'apparel' && r.chance(0.5) ? 'exchange' : 'return';
  // Unique by construction: the ticket's index in base 36 (a seed may not collide on the RMA index).
  const rmaNo = `RMA-${yymmdd(t.created_at)}-${index.toString(36).toUpperCase().padStart(6, '0')}`;
  const carrier = r.pick(CARRIERS);
  const trackingNo = `${carrier === '顺丰速运' ? 'SF' : 'YT'}${r.int(100_000_000, 999_999_999)}${r.int(100, 999)}`;
  add('return_request', 'agent', {
    rmaNo,
    returnKind,
    orderId: order.id,
    reason: r.pick(RETURN_REASONS),
    carrier: null,
    trackingNo: null,
  });
  const steps: LogisticsStatus[] = ['label_issued', 'in_transit', 'received'].slice(
    0,
    r.int(1, 3),
  ) as LogisticsStatus[];
  for (const [i, status] of steps.entries()) {
    add('logistics_update', i === 0 ? 'agent' : 'system', { rmaNo, status, carrier, trackingNo, note: null });
  }
  if (returnKind === 'return') {
    const share = r.pick([0.3, 0.5, 1]);
    add('refund', 'agent', {
      orderId: order.id,
      amount: Math.max(1, Math.round(order.total * share)),
      reason: share === 1 ? '退货退款' : '部分退款（商品瑕疵）',
    });
  }
  const callbackId = r.uuid();
  const dueAt = r.chance(0.5) ? now - r.int(0, 2 * HOUR) : now + r.int(HOUR, 2 * DAY);
  add('callback', 'agent', { callbackId, action: 'scheduled', dueAt, note: r.pick(CALLBACK_NOTES) });
  t.next_callback = { callbackId, dueAt, agentId };
  t.updated_at = Math.max(t.updated_at, at);
}

function yymmdd(ms: number): string {
  const d = new Date(ms);
  return [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate()]
    .map((n) => String(n).padStart(2, '0'))
    .join('');
}
