import type { TicketRow } from '../db/rows.ts';
import type {
  Category,
  Channel,
  LoyaltyTier,
  ProductLine,
  RootCause,
  TicketEvent,
  TicketStatus,
} from '@shared/domain/index.ts';
import { computePriority } from '@shared/priority/computePriority.ts';
import { computeSlaDeadlines } from '@shared/sla/computeSlaDeadlines.ts';
import { formatTicketNumber } from '../tickets/ticketNumbers.ts';
import { CATALOG, TAGS } from './catalog.ts';
import type { OrderSeed } from './generateOrders.ts';
import type { SeedRandom } from './random.ts';
import {
  AGENT_REPLIES,
  ANGRY_ENDINGS,
  BODY_AREAS,
  CUSTOMER_FOLLOW_UPS,
  fill,
  FIRST_MESSAGES,
  HEALTH_MESSAGES,
  HEALTH_REPLIES,
  HEALTH_SUBJECTS,
  SUBJECTS,
} from './texts.ts';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A tickets row as inserted: the table's own row shape, with the SLA deadlines always set. */
export type TicketSeed = TicketRow & { first_response_due_at: number; resolution_due_at: number };

/** A ticket_events row as inserted (payload: the kind's own fields, see db/rows.ts EventPayload). */
export interface EventSeed {
  id: string;
  ticket_id: string;
  kind: TicketEvent['kind'];
  author_type: TicketEvent['authorType'];
  author_id: string | null;
  created_at: number;
  payload: Record<string, unknown>;
}

export interface TicketWorld {
  customers: readonly { id: string; loyalty_tier: LoyaltyTier }[];
  customerById: ReadonlyMap<string, { id: string; loyalty_tier: LoyaltyTier }>;
  orders: readonly Pick<OrderSeed, 'id' | 'order_no' | 'customer_id' | 'product_line' | 'items' | 'total'>[];
  /** Team ids: 0 feminine care, 1 cosmetics, 2 apparel (see DEMO_TEAMS). */
  teams: readonly string[];
  /** Agent ids per team index: who may be assigned. */
  members: readonly (readonly string[])[];
}

const TEAM_OF_LINE: Readonly<Record<ProductLine, number>> = {
  feminine_care: 0,
  cosmetics: 1,
  apparel: 2,
  general: 0,
};

export const ACTIVE: readonly TicketStatus[] = [
  'new',
  'open',
  'pending_customer',
  'pending_internal',
  'reopened',
];

function rootCauseFor(r: SeedRandom, category: Category): RootCause | null {
  if (category === 'after_sales' || category === 'complaint') {
    return r.weighted({ quality: 30, logistics: 25, description_mismatch: 20, usage: 15, other: 10 });
  }
  if (category === 'order_query') return r.chance(0.5) ? 'logistics' : null;
  return r.chance(0.3) ? 'usage' : null;
}

/** One ticket with a plausible 1–5 message timeline, all times at or before `now`. */
export function generateTicket(
  r: SeedRandom,
  index: number,
  world: TicketWorld,
  now: number,
): { ticket: TicketSeed; events: EventSeed[] } {
  const order = r.chance(0.75) ? r.pick(world.orders) : null;
  const customer = order ? world.customerById.get(order.customer_id)! : r.pick(world.customers);
  const category = r.weighted<Category>({
    product_inquiry: 25,
    order_query: 25,
    after_sales: 30,
    complaint: 20,
  });
  const line: ProductLine = order
    ? order.product_line
    : category === 'order_query'
      ? 'general'
      : r.pick(['feminine_care', 'cosmetics', 'apparel'] as const);
  const productName = order
    ? r.pick(order.items).name
    : r.pick(CATALOG[line === 'general' ? 'cosmetics' : line]).name;
  const channel = r.weighted<Channel>({
    chat: 30,
    phone: 20,
    marketplace: 20,
    app: 12,
    email: 10,
    social: 8,
  });
  const rootCause = rootCauseFor(r, category);
  const status = r.weighted<TicketStatus>({
    new: 12,
    open: 20,
    pending_customer: 12,
    pending_internal: 8,
    resolved: 25,
    closed: 18,
    reopened: 5,
  });

  // Health complaints come from quality and usage problems with things worn on the skin.
  const health =
    (category === 'after_sales' || category === 'complaint') &&
    (rootCause === 'quality' || rootCause === 'usage') &&
    r.chance(0.3);
  const values = { p: productName, o: order?.order_no ?? '', a: r.pick(BODY_AREAS[line]) };
  const subject = fill(health ? r.pick(HEALTH_SUBJECTS) : r.pick(SUBJECTS[category]), values);
  let firstMessage = fill(health ? r.pick(HEALTH_MESSAGES) : r.pick(FIRST_MESSAGES[category]), values);
  if (category === 'complaint' && r.chance(0.25)) firstMessage += r.pick(ANGRY_ENDINGS);

  const createdAt = ACTIVE.includes(status)
    ? now - r.int(0, status === 'new' ? 2 * DAY : 7 * DAY)
    : now - r.int(1, 90) * DAY - r.int(0, DAY);
  const id = r.uuid();
  const teamIndex = order || line !== 'general' ? TEAM_OF_LINE[line] : r.int(0, world.teams.length - 1);
  const members = world.members[teamIndex]!;
  const assigneeId = status === 'new' && r.chance(0.7) ? null : r.pick(members);

  // The timeline alternates customer and agent; a new ticket has had no answer yet.
  const count = status === 'new' ? r.int(1, 2) : r.int(2, 5);
  const events: EventSeed[] = [];
  let at = createdAt;
  let firstResponseAt: number | null = null;
  let lastCustomerAt: number | null = null;
  for (let i = 0; i < count; i++) {
    const inbound = status === 'new' || i % 2 === 0 || (status === 'reopened' && i === count - 1);
    if (i > 0) at = Math.min(now, at + r.int(2 * MINUTE, 6 * HOUR));
    const body = inbound
      ? i === 0
        ? firstMessage
        : r.pick(CUSTOMER_FOLLOW_UPS)
      : health && firstResponseAt === null
        ? r.pick(HEALTH_REPLIES)
        : r.pick(AGENT_REPLIES);
    if (inbound) lastCustomerAt = at;
    else firstResponseAt ??= at;
    events.push({
      id: r.uuid(),
      ticket_id: id,
      kind: 'message',
      author_type: inbound ? 'customer' : 'agent',
      author_id: inbound ? null : (assigneeId ?? r.pick(members)),
      created_at: at,
      payload: { direction: inbound ? 'inbound' : 'outbound', channel, body },
    });
  }
  const resolvedAt =
    status === 'resolved' || status === 'closed' ? Math.min(now, at + r.int(10 * MINUTE, DAY)) : null;

  const { priority, reasons } = computePriority({
    category,
    text: `${subject}\n${firstMessage}`,
    loyaltyTier: customer.loyalty_tier,
  });
  const due = computeSlaDeadlines({ channel, category, createdAt });
  const tagCount = r.int(0, 2);
  const tags = new Set<string>();
  for (let i = 0; i < tagCount; i++) tags.add(r.pick(TAGS[line]));

  return {
    ticket: {
      id,
      number: formatTicketNumber(index + 1),
      channel,
      category,
      root_cause: rootCause,
      status,
      priority,
      priority_reasons: reasons,
      subject,
      customer_id: customer.id,
      order_id: order?.id ?? null,
      product_line: line,
      team_id: world.teams[teamIndex]!,
      assignee_id: assigneeId,
      tags: [...tags],
      created_at: createdAt,
      updated_at: Math.max(at, resolvedAt ?? 0),
      first_response_at: firstResponseAt,
      resolved_at: resolvedAt,
      first_response_due_at: due.firstResponseDueAt,
      resolution_due_at: due.resolutionDueAt,
      last_customer_message_at: lastCustomerAt,
      next_callback: null,
    },
    events,
  };
}
