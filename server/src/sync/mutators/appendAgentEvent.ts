import type { Ticket, TicketEvent } from '@shared/domain/index.ts';
import { insertEvent } from '../../tickets/insertEvent.ts';
import type { MutatorContext } from './context.ts';
import { loadTicketForChange } from './loadTicketForChange.ts';
import { MutationRejected } from './MutationRejected.ts';

type AgentEventBody = TicketEvent extends infer E
  ? E extends TicketEvent
    ? Omit<E, 'id' | 'ticketId' | 'authorType' | 'authorId' | 'createdAt'>
    : never
  : never;

/**
 * The shared first half of every mutation that writes one agent event on a ticket (reply, note,
 * call): lock the ticket, skip a change that already arrived, refuse a closed ticket (closed is final),
 * and insert the event authored by the pushing agent at server time. Returns null when the change was
 * already applied, else the ticket as it was and the transaction's stamp for the ticket update.
 */
export async function appendAgentEvent(
  ctx: MutatorContext,
  ticketId: string,
  eventId: string,
  body: (ticket: Ticket) => AgentEventBody,
): Promise<{ ticket: Ticket; version: number; now: number } | null> {
  const { ticket, alreadyApplied } = await loadTicketForChange(ctx, ticketId, eventId);
  if (alreadyApplied) return null;
  if (ticket.status === 'closed') throw new MutationRejected('ticket_closed');
  const { version, now } = ctx.stamp;
  const event = {
    ...body(ticket),
    id: eventId,
    ticketId: ticket.id,
    authorType: 'agent',
    authorId: ctx.agent.id,
    createdAt: now,
  } as TicketEvent;
  await insertEvent(ctx.tx, event, version);
  return { ticket, version, now };
}
