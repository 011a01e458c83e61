import type { z } from 'zod';
import type { IntakeEventResponse, SurveyResultIntakeRequest } from '@shared/api/http.ts';
import type { Db } from '../db/types.ts';
import { HttpError } from '../http/errors.ts';
import { recordIntakeEvent } from './recordIntakeEvent.ts';

type SurveyInput = z.output<typeof SurveyResultIntakeRequest>;

/**
 * The customer's survey answer as a customer-authored survey_result on the ticket. Only a ticket
 * that sent a survey takes one, and only one (409 otherwise): a stray or second answer would skew
 * the satisfaction figures.
 */
export function recordSurveyResult(db: Db, input: SurveyInput): Promise<IntakeEventResponse> {
  return recordIntakeEvent(db, 'survey', input.externalId, async (tx) => {
    const { rows } = await tx.query<{ id: string; requested: boolean; answered: boolean }>(
      `select t.id,
         exists (select 1 from ticket_events e where e.ticket_id = t.id and e.kind = 'survey_request') as requested,
         exists (select 1 from ticket_events e where e.ticket_id = t.id and e.kind = 'survey_result') as answered
       from tickets t where t.number = $1 for update`,
      [input.ticketNumber],
    );
    const ticket = rows[0];
    if (!ticket) throw new HttpError(404, 'ticket_not_found', 'No ticket has this number');
    if (!ticket.requested) {
      throw new HttpError(409, 'survey_not_requested', 'The ticket has not sent a satisfaction survey');
    }
    if (ticket.answered)
      throw new HttpError(409, 'survey_already_answered', 'The survey was already answered');
    return {
      ticketId: ticket.id,
      event: {
        kind: 'survey_result',
        authorType: 'customer',
        authorId: null,
        score: input.score,
        comment: input.comment,
      },
    };
  });
}
