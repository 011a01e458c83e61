import type { Agent, Customer, Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import { decryptCustomerColumns } from '../privacy/customerFields.ts';
import { privacyKeys } from '../privacy/keyring.ts';

/**
 * Rows as the database returns them, and their mapping to the shared domain types. Each SELECT list
 * below is the one place a table's columns are named for reading.
 */

/** What teammates see of an agent: no username, but the state they show in the team view. */
export type PublicAgent = Pick<Agent, 'id' | 'displayName' | 'role' | 'teamId' | 'state' | 'stateSince'>;

export const AGENT_COLUMNS = 'id, username, display_name, role, team_id, state, state_since';
export interface AgentRow {
  id: string;
  username: string;
  display_name: string;
  role: Agent['role'];
  team_id: string;
  state: Agent['state'];
  state_since: number;
}
export const toAgent = (r: AgentRow): Agent => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  state: r.state,
  stateSince: r.state_since,
});
export const toPublicAgent = (r: AgentRow): PublicAgent => ({
  id: r.id,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  state: r.state,
  stateSince: r.state_since,
});

export const CUSTOMER_COLUMNS =
  'id, name, phone, email, address, id_number, health_notes, loyalty_tier, flags, created_at, updated_at';
/**
 * name, phone, email, address, id_number and health_notes hold AES-256-GCM envelopes
 * (privacy/fieldCipher.ts); toCustomer opens them with the process's keys and fails loudly on any
 * value that does not open. Writers encrypt with privacy/customerFields.ts.
 */
export interface CustomerRow {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  address: string | null;
  id_number: string | null;
  health_notes: string | null;
  loyalty_tier: Customer['loyaltyTier'];
  flags: string[];
  created_at: number;
  updated_at: number;
}
export const toCustomer = (row: CustomerRow): Customer => {
  const r = decryptCustomerColumns(privacyKeys(), row);
  return {
    id: r.id,
    name: r.name,
    phone: r.phone,
    email: r.email,
    address: r.address,
    idNumber: r.id_number,
    healthNotes: r.health_notes,
    loyaltyTier: r.loyalty_tier,
    flags: r.flags,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

export const ORDER_COLUMNS =
  'id, order_no, customer_id, product_line, items, total, status, placed_at, updated_at';
export interface OrderRow {
  id: string;
  order_no: string;
  customer_id: string;
  product_line: Order['productLine'];
  items: Order['items'];
  total: number;
  status: Order['status'];
  placed_at: number;
  updated_at: number;
}
export const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  orderNo: r.order_no,
  customerId: r.customer_id,
  productLine: r.product_line,
  items: r.items,
  total: r.total,
  status: r.status,
  placedAt: r.placed_at,
  updatedAt: r.updated_at,
});

export const TICKET_COLUMNS =
  'id, number, channel, category, root_cause, status, priority, priority_reasons, subject, customer_id, ' +
  'order_id, product_line, team_id, assignee_id, tags, created_at, updated_at, first_response_at, ' +
  'resolved_at, first_response_due_at, resolution_due_at, last_customer_message_at, next_callback';
export interface TicketRow {
  id: string;
  number: string;
  channel: Ticket['channel'];
  category: Ticket['category'];
  root_cause: Ticket['rootCause'];
  status: Ticket['status'];
  priority: Ticket['priority'];
  priority_reasons: string[];
  subject: string;
  customer_id: string;
  order_id: string | null;
  product_line: Ticket['productLine'];
  team_id: string;
  assignee_id: string | null;
  tags: string[];
  created_at: number;
  updated_at: number;
  first_response_at: number | null;
  resolved_at: number | null;
  first_response_due_at: number | null;
  resolution_due_at: number | null;
  last_customer_message_at: number | null;
  next_callback: Ticket['nextCallback'];
}
export const toTicket = (r: TicketRow): Ticket => ({
  id: r.id,
  number: r.number,
  channel: r.channel,
  category: r.category,
  rootCause: r.root_cause,
  status: r.status,
  priority: r.priority,
  priorityReasons: r.priority_reasons,
  subject: r.subject,
  customerId: r.customer_id,
  orderId: r.order_id,
  productLine: r.product_line,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  tags: r.tags,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  firstResponseAt: r.first_response_at,
  resolvedAt: r.resolved_at,
  firstResponseDueAt: r.first_response_due_at,
  resolutionDueAt: r.resolution_due_at,
  lastCustomerMessageAt: r.last_customer_message_at,
  nextCallback: r.next_callback,
});

export const EVENT_COLUMNS = 'id, ticket_id, kind, author_type, author_id, created_at, payload';
export interface EventRow {
  id: string;
  ticket_id: string;
  kind: TicketEvent['kind'];
  author_type: TicketEvent['authorType'];
  author_id: string | null;
  created_at: number;
  payload: Record<string, unknown>;
}

/** The fields of a TicketEvent beyond those every kind has: what `ticket_events.payload` holds. */
export type EventPayload<E extends TicketEvent = TicketEvent> = E extends TicketEvent
  ? Omit<E, 'id' | 'ticketId' | 'kind' | 'authorType' | 'authorId' | 'createdAt'>
  : never;

export const toEvent = (r: EventRow): TicketEvent =>
  ({
    ...r.payload,
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    authorType: r.author_type,
    authorId: r.author_id,
    createdAt: r.created_at,
  }) as TicketEvent;

/** Splits a TicketEvent into its columns and payload, for inserts. */
export function eventColumns(e: TicketEvent) {
  const { id, ticketId, kind, authorType, authorId, createdAt, ...payload } = e;
  return { id, ticketId, kind, authorType, authorId, createdAt, payload };
}
