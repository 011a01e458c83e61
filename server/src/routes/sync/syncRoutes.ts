import type { FastifyInstance } from 'fastify';
import { PullRequest, PushRequest } from '@shared/sync/protocol.ts';
import { requireAgent, requireAgentId } from '../../auth/authenticate.ts';
import type { ServerContext } from '../../context.ts';
import { parseBody } from '../../http/parseBody.ts';
import { pullChanges } from '../../sync/pull.ts';
import { pushMutations } from '../../sync/push.ts';
import { createProtocolHook } from './requireProtocol.ts';

/** A push may carry 500 replies of up to 10,000 characters each. */
const PUSH_BODY_LIMIT = 32 * 1024 * 1024;

/** POST /api/sync/pull and /api/sync/push (authenticated, protocol-checked: see requireProtocol.ts). */
export function syncRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.addHook('onRequest', createProtocolHook(ctx));

    app.post('/api/sync/pull', async (request) => {
      const body = parseBody(PullRequest, request.body);
      return pullChanges(ctx.db, requireAgent(request), body);
    });

    // The push reads the agent row in each mutation's first statement (sync/clients.ts).
    app.post(
      '/api/sync/push',
      { bodyLimit: PUSH_BODY_LIMIT, config: { readsAgentItself: true } },
      async (request, reply) => {
        const body = parseBody(PushRequest, request.body);
        let changed = false;
        try {
          const outcome = await pushMutations(ctx.db, requireAgentId(request), body, () => (changed = true));
          return reply.status(outcome.status).send(outcome.body);
        } finally {
          // Also after a failure part-way: the mutations before it are committed. Not awaited: the
          // answer does not wait for the NOTIFY (pokes coalesce, sync/pokeHub.ts); a lost one only
          // delays other desks until their next pull.
          if (changed) void ctx.pokes.poke();
        }
      },
    );
  };
}
