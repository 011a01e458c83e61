import type { FastifyInstance } from 'fastify';
import { IntakeTicketRequest } from '@shared/api/http.ts';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { parseBody } from '../../http/parseBody.ts';
import { createApiKeyCheck } from '../../intake/checkApiKey.ts';
import { createIntakeTicket } from '../../intake/createIntakeTicket.ts';

/**
 * POST /api/intake/tickets: channel systems (phone switch, chat widget, mail gateway, marketplace)
 * open tickets here with an `x-api-key` instead of an agent's token.
 */
export function intakeRoute(ctx: ServerContext) {
  const isKnownKey = createApiKeyCheck(ctx.config.intakeKeys);

  return async (app: FastifyInstance) => {
    app.post('/api/intake/tickets', async (request, reply) => {
      const key = request.headers['x-api-key'];
      if (!isKnownKey(typeof key === 'string' ? key : undefined)) {
        throw new HttpError(401, 'invalid_api_key', 'A valid x-api-key header is required');
      }
      const input = parseBody(IntakeTicketRequest, request.body);
      const result = await createIntakeTicket(ctx.db, input, ctx.config.defaultTeamId);
      if (result.created) await ctx.pokes.poke();
      return reply.status(result.created ? 201 : 200).send(result);
    });
  };
}
