import type { z } from 'zod';
import type { IntakeEventResponse, LogisticsIntakeRequest } from '@shared/api/http.ts';
import type { Db } from '../db/types.ts';
import { HttpError } from '../http/errors.ts';
import { recordIntakeEvent } from './recordIntakeEvent.ts';

type LogisticsInput = z.output<typeof LogisticsIntakeRequest>;

/**
 * A carrier's or warehouse's update on the goods of an RMA, as a system-authored logistics_update on
 * the ticket that opened the return (found by its RMA number; 404 when no ticket has it). A closed
 * ticket still gets it: the facts of the shipment are recorded whatever the case's state.
 */
export function recordLogisticsUpdate(db: Db, input: LogisticsInput): Promise<IntakeEventResponse> {
  return recordIntakeEvent(db, 'logistics', input.externalId, async (tx) => {
    const { rows } = await tx.query<{ ticket_id: string }>(
      `select ticket_id from ticket_events where kind = 'return_request' and payload->>'rmaNo' = $1`,
      [input.rmaNo],
    );
    const ticketId = rows[0]?.ticket_id;
    if (!ticketId) throw new HttpError(404, 'rma_not_found', 'No ticket has opened this RMA number');
    return {
      ticketId,
      event: {
        kind: 'logistics_update',
        authorType: 'system',
        authorId: null,
        rmaNo: input.rmaNo,
        status: input.status,
        carrier: input.carrier,
        trackingNo: input.trackingNo,
        note: input.note,
      },
    };
  });
}
