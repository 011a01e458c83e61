import { maySendSurvey } from '@shared/ticket/afterSalesRules.ts';
import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';
import { ticketEventsOf } from './ticketEvents.ts';

/** Sends the satisfaction survey: on a resolved ticket, once (shared maySendSurvey). */
export const requestSurvey: Mutator<'requestSurvey'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'requestSurvey', args.ticketId, args.eventId, async (t) => {
    if (!maySendSurvey(t.status, await ticketEventsOf(ctx, t.id, ['survey_request']))) {
      throw new MutationRejected('survey_not_allowed');
    }
    return { kind: 'survey_request' };
  });
  if (appended) await touchTicket(ctx, appended);
};
