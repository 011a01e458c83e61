import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { requireAgent } from '../../auth/authenticate.ts';
import type { ServerContext } from '../../context.ts';
import { canSeeTeam } from '../../sync/visibility.ts';
import { createProtocolHook } from './requireProtocol.ts';

/** Proxies drop connections silent for a minute or so; a comment every 20 s keeps them open. */
export const HEARTBEAT_MS = 20_000;

/**
 * GET /api/sync/events (authenticated): a Server-Sent Events stream of data-free pokes. On a poke the
 * client pulls; nothing else travels here, so a missed poke costs only latency. `event: presence`
 * with data {ticketId} says someone else opened, left or typed on a ticket of the agent's team: the
 * client asks GET /api/sync/presence who (names never travel on this stream).
 */
export function eventsRoute(ctx: ServerContext) {
  const open = new Set<ServerResponse>();

  return async (app: FastifyInstance) => {
    app.addHook('onRequest', createProtocolHook(ctx));
    // Server shutdown must not wait for streams that never end by themselves.
    app.addHook('preClose', async () => {
      for (const res of open) res.end();
    });

    app.get('/api/sync/events', (request, reply) => {
      const agent = requireAgent(request);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write(': connected\n\n');
      open.add(res);

      const unsubscribe = ctx.pokes.subscribe(() => res.write('event: poke\ndata: {}\n\n'));
      // The agent's own changes are left out: their own entries never show in what they read back.
      const unsubscribePresence = ctx.pokes.subscribePresence((change) => {
        if (change.agentId === agent.id || !canSeeTeam(agent, change.teamId)) return;
        res.write(`event: presence\ndata: ${JSON.stringify({ ticketId: change.ticketId })}\n\n`);
      });
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const cleanUp = () => {
        clearInterval(heartbeat);
        unsubscribe();
        unsubscribePresence();
        open.delete(res);
      };
      request.raw.on('close', cleanUp);
      res.on('close', cleanUp);
    });
  };
}
