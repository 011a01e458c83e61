import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LogisticsIntakeRequest, SurveyResultIntakeRequest } from '@shared/api/http.ts';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { parseBody } from '../../http/parseBody.ts';
import { createApiKeyCheck } from '../../intake/checkApiKey.ts';
import { createIntakeTicketWriter, IntakeTicketInput } from '../../intake/intakeTicketWriter.ts';
import { recordLogisticsUpdate } from '../../intake/recordLogisticsUpdate.ts';
import { recordSurveyResult } from '../../intake/recordSurveyResult.ts';

/**
 * Outside systems write here with an `x-api-key` instead of an agent's token:
 * - POST /api/intake/tickets: channel systems (phone switch, chat widget, mail gateway, marketplace)
 *   open tickets;
 * - POST /api/intake/logistics: carriers and the warehouse report on the goods of an RMA;
 * - POST /api/intake/survey-results: the survey service delivers a customer's answer.
 * Each is idempotent on the sender's externalId: 201 when something was recorded, 200 for a retry.
 */
export function intakeRoute(ctx: ServerContext) {
  const isKnownKey = createApiKeyCheck(ctx.config.intakeKeys);
  const requireKey = (request: FastifyRequest) => {
    const key = request.headers['x-api-key'];
    if (!isKnownKey(typeof key === 'string' ? key : undefined)) {
      throw new HttpError(401, 'invalid_api_key', 'A valid x-api-key header is required');
    }
  };

  // Concurrent deliveries share one write transaction (group commit); the writer pokes once per write.
  const openTicket = createIntakeTicketWriter(ctx.db, {
    defaultTeamId: ctx.config.defaultTeamId,
    afterCommit: () => ctx.pokes.poke(),
  });

  return async (app: FastifyInstance) => {
    app.post('/api/intake/tickets', async (request, reply) => {
      requireKey(request);
      const result = await openTicket(parseBody(IntakeTicketInput, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });

    app.post('/api/intake/logistics', async (request, reply) => {
      requireKey(request);
      const result = await recordLogisticsUpdate(ctx.db, parseBody(LogisticsIntakeRequest, request.body));
      if (result.created) await ctx.pokes.poke();
      return reply.status(result.created ? 201 : 200).send(result);
    });

    app.post('/api/intake/survey-results', async (request, reply) => {
      requireKey(request);
      const result = await recordSurveyResult(ctx.db, parseBody(SurveyResultIntakeRequest, request.body));
      if (result.created) await ctx.pokes.poke();
      return reply.status(result.created ? 201 : 200).send(result);
    });
  };
}
