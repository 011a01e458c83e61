import { PRIORITY_RANK, type Category, type Priority, type Ticket } from '@shared/domain/index.ts';
import { computeSlaDeadlines } from '@shared/sla/computeSlaDeadlines.ts';

/** Ticket.tags holds at most 16: a tag that does not fit is left off rather than refusing the action. */
const MAX_TAGS = 16;

export function withTag(tags: readonly string[], tag: string): string[] {
  return tags.includes(tag) || tags.length >= MAX_TAGS ? [...tags] : [...tags, tag];
}

/** The resolution deadline for the ticket under `category`, computed exactly as intake does. */
export function resolutionDueAt(ticket: Ticket, category: Category): number {
  return computeSlaDeadlines({ channel: ticket.channel, category, createdAt: ticket.createdAt })
    .resolutionDueAt;
}

/** At least `floor`: an escalation never lowers an urgent ticket. */
export function raisePriority(priority: Priority, floor: Priority): Priority {
  return PRIORITY_RANK[priority] <= PRIORITY_RANK[floor] ? priority : floor;
}
