import {
  Category,
  Channel,
  Priority,
  ProductLine,
  RootCause,
  TicketStatus,
  type Agent,
} from '@shared/domain/index.ts';
import { DUE_SOON_MS } from '@shared/sla/policies.ts';
import { z } from 'zod';
import { NO_DEADLINE } from '../../db/derive.ts';
import type { CachedTicket } from '../../db/types.ts';

/**
 * The queue's views, filters and sort as pure functions over the active tickets, so one pass over
 * the cache yields every view's count and the current view's rows (see summariseQueue).
 */

export const QueueViewId = z.enum([
  'all',
  'mine',
  'unassigned',
  'team',
  'due_soon',
  'breached',
  'complaints',
  'health_risk',
  'waiting_customer',
  'callbacks_due',
]);
export type QueueViewId = z.infer<typeof QueueViewId>;
export const QUEUE_VIEWS = QueueViewId.options;

export const QueueSort = z.enum(['priority', 'sla_due', 'newest', 'oldest']);
export type QueueSort = z.infer<typeof QueueSort>;
export const QUEUE_SORTS = QueueSort.options;

export const QueueFilters = z.object({
  channel: Channel.optional(),
  category: Category.optional(),
  rootCause: RootCause.optional(),
  status: TicketStatus.optional(),
  priority: Priority.optional(),
  tag: z.string().max(32).optional(),
  productLine: ProductLine.optional(),
});
export type QueueFilters = z.infer<typeof QueueFilters>;
export type QueueFilterKey = keyof QueueFilters;
export const QUEUE_FILTER_KEYS: readonly QueueFilterKey[] = [
  'channel',
  'category',
  'rootCause',
  'status',
  'priority',
  'tag',
  'productLine',
];

export interface QueueQuery {
  view: QueueViewId;
  filters: QueueFilters;
  sort: QueueSort;
  search: string;
}

export const DEFAULT_QUEUE_QUERY: QueueQuery = { view: 'all', filters: {}, sort: 'priority', search: '' };

export interface QueueContext {
  agent: Pick<Agent, 'id' | 'teamId'> | null;
  now: number;
}

/** Waiting on the customer: every SLA clock stands still (shared/sla pauses). */
export function isPaused(ticket: Pick<CachedTicket, 'status'>): boolean {
  return ticket.status === 'pending_customer';
}

/**
 * A callback on my list that is due within the due-soon window or overdue: the "callbacks due" view
 * and its reminder. Null when the ticket has none, or it is someone else's.
 */
export function myCallbackDue(
  t: Pick<CachedTicket, 'nextCallback'>,
  agentId: string | null,
  now: number,
): number | null {
  const cb = t.nextCallback;
  if (!cb || agentId === null || cb.agentId !== agentId) return null;
  return cb.dueAt - now <= DUE_SOON_MS ? cb.dueAt : null;
}

/** The view memberships of one ticket, as a bit set (bit i: QUEUE_VIEWS[i]). */
function viewBits(t: CachedTicket, agentId: string | null, teamId: string | null, now: number): number {
  let bits = 1; // all
  if (agentId !== null && t.assigneeId === agentId) bits |= 1 << 1;
  if (t.assigneeId === null) bits |= 1 << 2;
  if (teamId !== null && t.teamId === teamId) bits |= 1 << 3;
  if (t.dueAt !== NO_DEADLINE && t.status !== 'pending_customer') {
    // slaState(t.dueAt, null, now), inlined: this runs once per active ticket per pass.
    if (now > t.dueAt) bits |= 1 << 5;
    else if (t.dueAt - now <= DUE_SOON_MS) bits |= 1 << 4;
  }
  if (t.category === 'complaint') bits |= 1 << 6;
  if (t.priorityReasons.includes('health_risk')) bits |= 1 << 7;
  if (t.status === 'pending_customer') bits |= 1 << 8;
  if (myCallbackDue(t, agentId, now) !== null) bits |= 1 << 9;
  return bits;
}

export function matchesFilters(t: CachedTicket, f: QueueFilters): boolean {
  return (
    (f.channel === undefined || t.channel === f.channel) &&
    (f.category === undefined || t.category === f.category) &&
    (f.rootCause === undefined || t.rootCause === f.rootCause) &&
    (f.status === undefined || t.status === f.status) &&
    (f.priority === undefined || t.priority === f.priority) &&
    (f.tag === undefined || t.tags.includes(f.tag)) &&
    (f.productLine === undefined || t.productLine === f.productLine)
  );
}

/** A search matcher over ticket number and subject: "123" finds CD-000123, case-insensitive. */
export function searchMatcher(search: string): ((t: CachedTicket) => boolean) | null {
  const q = search.trim().toLowerCase();
  if (!q) return null;
  const digits = /^\d+$/.test(q) ? q : null;
  return (t) =>
    t.number.toLowerCase().includes(q) ||
    (digits !== null && t.number.replace(/\D/g, '').includes(digits)) ||
    t.subject.toLowerCase().includes(q);
}

const SORTS: Record<Exclude<QueueSort, 'priority'>, (a: CachedTicket, b: CachedTicket) => number> = {
  sla_due: (a, b) => a.dueAt - b.dueAt || a.priorityRank - b.priorityRank,
  newest: (a, b) => b.createdAt - a.createdAt,
  oldest: (a, b) => a.createdAt - b.createdAt,
};

export interface QueueSummary {
  counts: Record<QueueViewId, number>;
  /** The current view, filtered, searched and sorted. */
  tickets: CachedTicket[];
  /** Every tag on an active ticket, for the tag filter. */
  tags: string[];
}

/**
 * One pass over the active tickets (given in `[queueRank+dueAt]` order: priority, then nearest SLA
 * deadline): every view's count, the tags in use, and the current view's rows. O(n) plus a sort of
 * the current view's rows when the sort is not the index order.
 */
export function summariseQueue(
  active: readonly CachedTicket[],
  query: QueueQuery,
  ctx: QueueContext,
): QueueSummary {
  const tally = new Array<number>(QUEUE_VIEWS.length).fill(0);
  const viewBit = 1 << QUEUE_VIEWS.indexOf(query.view);
  const search = searchMatcher(query.search);
  const agentId = ctx.agent?.id ?? null;
  const teamId = ctx.agent?.teamId ?? null;
  const tags = new Set<string>();
  const tickets: CachedTicket[] = [];
  for (const t of active) {
    const bits = viewBits(t, agentId, teamId, ctx.now);
    for (let rest = bits, i = 0; rest !== 0; rest >>>= 1, i++) if (rest & 1) tally[i]! += 1;
    for (const tag of t.tags) tags.add(tag);
    if (bits & viewBit && matchesFilters(t, query.filters) && (!search || search(t))) tickets.push(t);
  }
  const counts = Object.fromEntries(QUEUE_VIEWS.map((v, i) => [v, tally[i]!])) as Record<QueueViewId, number>;
  if (query.sort !== 'priority') tickets.sort(SORTS[query.sort]);
  // Callbacks are worked in the order they fall due: the view's default order is the callback time.
  else if (query.view === 'callbacks_due')
    tickets.sort((a, b) => (a.nextCallback?.dueAt ?? 0) - (b.nextCallback?.dueAt ?? 0));
  return { counts, tickets, tags: [...tags].sort() };
}

export function activeFilterCount(filters: QueueFilters): number {
  return QUEUE_FILTER_KEYS.filter((k) => filters[k] !== undefined).length;
}
