import type { Ticket, TicketEvent } from '@shared/domain/index.ts';
import type { MutationName } from '@shared/sync/mutations.ts';
import { insertEvent } from '../../tickets/insertEvent.ts';
import type { MutatorContext } from './context.ts';
import { loadTicketForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';
import { requireOwnership } from './requireOwnership.ts';

export type AgentEventBody = TicketEvent extends infer E
  ? E extends TicketEvent
    ? Omit<E, 'id' | 'ticketId' | 'authorType' | 'authorId' | 'createdAt'>
    : never
  : never;

export interface Appended {
  /** The ticket as it was before this change (locked until commit). */
  ticket: Ticket;
  version: number;
  now: number;
}

/**
 * The shared first half of every mutation that writes one agent event on a ticket: lock the ticket,
 * skip a change that already arrived, refuse a closed ticket (closed is final) and, for owner-only
 * mutations, a ticket someone else holds; then insert the event authored by the pushing agent at
 * server time. `body` builds the event and is where a mutator's own rules refuse (it runs under the
 * ticket lock, after the shared checks). Returns null when the change was already applied.
 */
export async function appendAgentEvent(
  ctx: MutatorContext,
  name: MutationName,
  ticketId: string,
  eventId: string,
  body: (ticket: Ticket) => AgentEventBody | Promise<AgentEventBody>,
): Promise<Appended | null> {
  const { ticket, alreadyApplied } = await loadTicketForChange(ctx, ticketId, eventId);
  if (alreadyApplied) return null;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  await requireOwnership(ctx, name, ticket);
  const { version, now } = ctx.stamp;
  const event = {
    ...(await body(ticket)),
    id: eventId,
    ticketId: ticket.id,
    authorType: 'agent',
    authorId: ctx.agent.id,
    createdAt: now,
  } as TicketEvent;
  // The event id was checked above under the ticket lock, so the only unique key a new event can
  // still hit is a return's RMA number (taken by a concurrent return on another ticket).
  if (!(await insertEvent(ctx.tx, event, version))) throw new MutationRejected('duplicate_rma');
  return { ticket, version, now };
}

/** The plain second half: the ticket changed now (sorts up in lists, reaches teammates' pulls). */
export async function touchTicket(ctx: MutatorContext, { ticket, version, now }: Appended): Promise<void> {
  await ctx.tx.query('update tickets set updated_at = $2, version = $3 where id = $1', [
    ticket.id,
    now,
    version,
  ]);
}
