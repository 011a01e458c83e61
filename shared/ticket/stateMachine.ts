import type { TicketStatus } from '../domain/ticket.ts';

/**
 * The ticket lifecycle, enforced on both sides: the UI offers only these moves and the server
 * rejects any other. A closed ticket is final; a customer coming back after resolution reopens it.
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending_customer', 'pending_internal', 'resolved'],
  open: ['pending_customer', 'pending_internal', 'resolved'],
  pending_customer: ['open', 'pending_internal', 'resolved'],
  pending_internal: ['open', 'pending_customer', 'resolved'],
  resolved: ['closed', 'reopened'],
  reopened: ['open', 'pending_customer', 'pending_internal', 'resolved'],
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

/** Statuses an agent still has to act on (the queue's "open work"). */
export const ACTIVE_STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'pending_customer',
  'pending_internal',
  'reopened',
];

export function isActive(status: TicketStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

/**
 * What an agent's public reply does to the status: a reply to a new or reopened ticket opens it;
 * a reply to a waiting customer keeps waiting on them. Resolved/closed tickets need a status change first.
 */
export function statusAfterAgentReply(status: TicketStatus): TicketStatus {
  return status === 'new' || status === 'reopened' ? 'open' : status;
}

/** A customer writing again moves the ball back to the agent, and reopens a resolved ticket. */
export function statusAfterCustomerMessage(status: TicketStatus): TicketStatus {
  if (status === 'pending_customer') return 'open';
  if (status === 'resolved') return 'reopened';
  return status;
}
