import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Id, type Agent } from '@shared/domain/index.ts';
import { PresenceReport, type PresenceList } from '@shared/sync/presence.ts';
import { requireAgent } from '../auth/authenticate.ts';
import type { ServerContext } from '../context.ts';
import { HttpError } from '../http/errors.ts';
import { parseBody } from '../http/parseBody.ts';
import { createPresenceService, type PresenceOptions } from '../presence/presenceService.ts';
import { canSeeTeam } from '../sync/visibility.ts';
import { createProtocolHook } from './sync/requireProtocol.ts';

const PresenceQuery = z.object({ ticketId: Id });

/**
 * POST /api/sync/presence {clientId, ticketId|null, typing} and GET /api/sync/presence?ticketId=
 * (authenticated, protocol-checked like the other sync routes). A ticket outside the caller's team
 * answers 404 exactly like a missing one, so presence never confirms that a ticket exists.
 */
export function presenceRoutes(ctx: ServerContext, options: PresenceOptions = {}) {
  return async (app: FastifyInstance) => {
    const presence = createPresenceService(ctx.pokes, options);
    app.addHook('onClose', async () => presence.close());
    app.addHook('onRequest', createProtocolHook(ctx));

    /** The ticket's team, or 404 when the agent may not see it. */
    async function visibleTeam(agent: Agent, ticketId: string): Promise<string> {
      const { rows } = await ctx.db.query<{ team_id: string }>('select team_id from tickets where id = $1', [
        ticketId,
      ]);
      const teamId = rows[0]?.team_id;
      if (!teamId || !canSeeTeam(agent, teamId)) throw new HttpError(404, 'not_found', 'No such ticket');
      return teamId;
    }

    app.post('/api/sync/presence', async (request) => {
      const agent = requireAgent(request);
      const report = parseBody(PresenceReport, request.body);
      const teamId = report.ticketId === null ? null : await visibleTeam(agent, report.ticketId);
      await presence.report(agent, report, teamId);
      return { ok: true as const };
    });

    app.get('/api/sync/presence', async (request, reply): Promise<PresenceList> => {
      const agent = requireAgent(request);
      const query = PresenceQuery.safeParse(request.query);
      if (!query.success) throw new HttpError(400, 'invalid_input', 'ticketId must be a ticket id');
      await visibleTeam(agent, query.data.ticketId);
      reply.header('cache-control', 'no-store');
      return { entries: presence.list(agent, query.data.ticketId) };
    });
  };
}
