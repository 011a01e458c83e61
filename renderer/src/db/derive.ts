import { PRIORITY_RANK, type Ticket } from '@shared/domain/index.ts';
import { nextDeadline } from '@shared/sla/computeSlaDeadlines.ts';
import { isActive } from '@shared/ticket/stateMachine.ts';
import type { CachedTicket } from './types.ts';

/** The `dueAt` of a ticket with no running SLA clock: sorts after every real deadline. */
export const NO_DEADLINE = 8_640_000_000_000_000;
/** Added to the queue rank of resolved/closed tickets so they sort after all open work. */
export const INACTIVE_RANK_OFFSET = 10;

/** Adds the derived sort fields; call whenever a ticket is written to the cache. */
export function deriveTicket(ticket: Ticket): CachedTicket {
  const priorityRank = PRIORITY_RANK[ticket.priority];
  return {
    ...ticket,
    priorityRank,
    dueAt: nextDeadline(ticket)?.dueAt ?? NO_DEADLINE,
    queueRank: isActive(ticket.status) ? priorityRank : INACTIVE_RANK_OFFSET + priorityRank,
  };
}

/** The range of `[queueRank+dueAt]` that holds the active tickets. */
export const ACTIVE_QUEUE_RANGE = {
  lower: [0, -Infinity] as [number, number],
  upper: [INACTIVE_RANK_OFFSET - 1, Infinity] as [number, number],
};
