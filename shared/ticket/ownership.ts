import type { Ticket } from '../domain/ticket.ts';
import type { MutationName } from '../sync/mutations.ts';

/**
 * Mutations only the ticket's assignee may make. Anyone else takes the ticket over first (a recorded
 * `takeOverTicket`); on an unassigned ticket anyone may act (a reply also makes it theirs). Notes and
 * call logs stay open to everyone who sees the ticket: colleagues help without taking the case.
 */
export const OWNER_ONLY_MUTATIONS: ReadonlySet<MutationName> = new Set<MutationName>([
  'replyToTicket',
  'setStatus',
  'classifyTicket',
  'issueRefund',
  'createReturn',
  'updateLogistics',
  'requestRepair',
  'grantCompensation',
  'referMedical',
  'escalateComplaint',
  'scheduleCallback',
  'completeCallback',
  'requestSurvey',
  'forwardToProduct',
]);

/** True when `agentId` may make owner-only changes on the ticket: it is theirs or nobody's. */
export function mayActAsOwner(ticket: Pick<Ticket, 'assigneeId'>, agentId: string | null): boolean {
  return ticket.assigneeId === null || ticket.assigneeId === agentId;
}

/** Refusal reason for `name` on this ticket by this agent, or null when allowed (same on both sides). */
export function ownershipRefusal(
  name: MutationName,
  ticket: Pick<Ticket, 'assigneeId'>,
  agentId: string | null,
): 'not_assignee' | null {
  return OWNER_ONLY_MUTATIONS.has(name) && !mayActAsOwner(ticket, agentId) ? 'not_assignee' : null;
}
