import { TICKET_COLUMNS, toTicket, type TicketRow } from '../../db/rows.ts';
import type { Ticket } from '@shared/domain/index.ts';
import { canSeeTeam } from '../visibility.ts';
import type { MutatorContext } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * The ticket a mutation targets, locked (`for update`) for the rest of the transaction. A ticket the
 * agent may not see is "not found", so the answer reveals nothing about other teams.
 */
export async function loadTicket(ctx: MutatorContext, ticketId: string): Promise<Ticket> {
  const { rows } = await ctx.tx.query<TicketRow>(
    `select ${TICKET_COLUMNS} from tickets where id = $1 for update`,
    [ticketId],
  );
  const row = rows[0];
  if (!row || !canSeeTeam(ctx.agent, row.team_id)) throw new MutationRejected('ticket_not_found');
  return toTicket(row);
}

/**
 * loadTicket, plus whether the mutation's event already exists (the same change arrived before, e.g.
 * from a reinstalled client): then the mutator does nothing and reports success, since the agent's
 * change is in. One statement: every mutation runs it, and on embedded PGlite each statement counts.
 */
export async function loadTicketForChange(
  ctx: MutatorContext,
  ticketId: string,
  eventId: string,
): Promise<{ ticket: Ticket; alreadyApplied: boolean }> {
  const { rows } = await ctx.tx.query<TicketRow & { already_applied: boolean }>(
    `select ${TICKET_COLUMNS}, exists (select 1 from ticket_events e where e.id = $2) as already_applied
     from tickets where id = $1 for update`,
    [ticketId, eventId],
  );
  const row = rows[0];
  if (!row || !canSeeTeam(ctx.agent, row.team_id)) throw new MutationRejected('ticket_not_found');
  return { ticket: toTicket(row), alreadyApplied: row.already_applied };
}

/** What a reply reads of its ticket: enough for visibility, closed-is-final, ownership and its channel. */
export type TicketHead = Pick<Ticket, 'id' | 'status' | 'channel' | 'assigneeId' | 'updatedAt'>;

/**
 * loadTicketForChange for the busiest mutation, the reply, reading 6 columns instead of the whole row:
 * decoding the row is most of the statement's cost on embedded PGlite. Same lock, same answers.
 */
export async function loadTicketHeadForChange(
  ctx: MutatorContext,
  ticketId: string,
  eventId: string,
): Promise<{ ticket: TicketHead; alreadyApplied: boolean }> {
  const { rows } = await ctx.tx.query<
    Pick<TicketRow, 'id' | 'status' | 'channel' | 'team_id' | 'assignee_id' | 'updated_at'> & {
      already_applied: boolean;
    }
  >(
    `select id, status, channel, team_id, assignee_id, updated_at,
       exists (select 1 from ticket_events e where e.id = $2) as already_applied
     from tickets where id = $1 for update`,
    [ticketId, eventId],
  );
  const row = rows[0];
  if (!row || !canSeeTeam(ctx.agent, row.team_id)) throw new MutationRejected('ticket_not_found');
  return {
    ticket: {
      id: row.id,
      status: row.status,
      channel: row.channel,
      assigneeId: row.assignee_id,
      updatedAt: row.updated_at,
    },
    alreadyApplied: row.already_applied,
  };
}
