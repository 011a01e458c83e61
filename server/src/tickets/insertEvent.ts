import type { TicketEvent } from '@shared/domain/index.ts';
import { eventColumns } from '../db/rows.ts';
import type { DbQueryable } from '../db/types.ts';

/**
 * Adds one timeline event at `version`. Event ids come from clients (so the optimistic row and the
 * server row are one), hence `on conflict do nothing`: a resent id never makes a second row. No
 * conflict target, so a return whose RMA number is taken (ticket_events_rma_idx) is skipped the same
 * way instead of aborting the transaction. Returns whether the row was new.
 */
export async function insertEvent(q: DbQueryable, event: TicketEvent, version: number): Promise<boolean> {
  const c = eventColumns(event);
  const { rows } = await q.query(
    `insert into ticket_events (id, ticket_id, kind, author_type, author_id, created_at, payload, version)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
     on conflict do nothing
     returning id`,
    [c.id, c.ticketId, c.kind, c.authorType, c.authorId, c.createdAt, JSON.stringify(c.payload), version],
  );
  return rows.length === 1;
}

/**
 * insertEvent and the change it makes to its ticket in one statement (one round trip less on the
 * busiest path, the reply). `set` is the tickets SET list; it may use the event's parameters ($5 the
 * author, $6 its time, $8 the version) and its own from $9 on. The ticket changes only when the event
 * is new. Returns whether it was.
 */
export async function insertEventChangingTicket(
  q: DbQueryable,
  event: TicketEvent,
  version: number,
  set: string,
  params: readonly unknown[],
): Promise<boolean> {
  const c = eventColumns(event);
  const { rows } = await q.query(
    `with inserted as (
       insert into ticket_events (id, ticket_id, kind, author_type, author_id, created_at, payload, version)
       values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
       on conflict do nothing
       returning ticket_id
     )
     update tickets set ${set} from inserted where tickets.id = inserted.ticket_id
     returning tickets.id`,
    [
      c.id,
      c.ticketId,
      c.kind,
      c.authorType,
      c.authorId,
      c.createdAt,
      JSON.stringify(c.payload),
      version,
      ...params,
    ],
  );
  return rows.length === 1;
}
