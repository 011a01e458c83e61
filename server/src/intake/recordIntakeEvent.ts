import { randomUUID } from 'node:crypto';
import type { IntakeEventResponse } from '@shared/api/http.ts';
import type { TicketEvent } from '@shared/domain/index.ts';
import { writeTransaction } from '../db/beginWrite.ts';
import type { Db, DbTx } from '../db/types.ts';
import { insertEvent } from '../tickets/insertEvent.ts';

/** Which outside system delivered: idempotency keys are per source. */
export type IntakeSource = 'logistics' | 'survey';

type IntakeEventBody = TicketEvent extends infer E
  ? E extends TicketEvent
    ? Omit<E, 'id' | 'ticketId' | 'createdAt'>
    : never
  : never;

/**
 * One timeline event from an outside system, exactly once per (source, externalId). `locate` finds
 * the ticket and builds the event, or throws an HttpError (nothing is written then). The event is
 * stamped with server time and the ticket's version moves, so agents' next pull shows both.
 */
export function recordIntakeEvent(
  db: Db,
  source: IntakeSource,
  externalId: string,
  locate: (tx: DbTx) => Promise<{ ticketId: string; event: IntakeEventBody }>,
): Promise<IntakeEventResponse> {
  // The delivery check runs after beginWrite: the sync_state lock makes it race-free against a
  // concurrent retry of the same delivery (as in createIntakeTickets).
  return writeTransaction(db, async (tx, stamp) => {
    const { rows: seen } = await tx.query<{ event_id: string; ticket_id: string }>(
      `select d.event_id, e.ticket_id from intake_events d join ticket_events e on e.id = d.event_id
       where d.source = $1 and d.external_id = $2`,
      [source, externalId],
    );
    if (seen[0]) return { eventId: seen[0].event_id, ticketId: seen[0].ticket_id, created: false };

    const { ticketId, event } = await locate(tx);
    const eventId = randomUUID();
    await insertEvent(
      tx,
      { ...event, id: eventId, ticketId, createdAt: stamp.now } as TicketEvent,
      stamp.version,
    );
    await tx.query('update tickets set updated_at = $2, version = $3 where id = $1', [
      ticketId,
      stamp.now,
      stamp.version,
    ]);
    await tx.query(
      'insert into intake_events (source, external_id, event_id, created_at) values ($1, $2, $3, $4)',
      [source, externalId, eventId, stamp.now],
    );
    return { eventId, ticketId, created: true };
  });
}
