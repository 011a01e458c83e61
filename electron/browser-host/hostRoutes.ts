import type { FastifyInstance, FastifyReply } from 'fastify';
import { API_EVENTS } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { HostSessionRegistry } from './hostSessions.ts';
import { httpStatusFor } from './httpStatusFor.ts';
import { launchTokenMatches } from './launchToken.ts';

export const TOKEN_HEADER = 'x-caredesk-token';
export const HOST_SESSION_HEADER = 'x-caredesk-host-session';
/** Same cadence as the sync server's live channel: keeps proxies and idle-connection reapers away. */
const HEARTBEAT_MS = 20_000;
/** A push may carry 500 replies of 10,000 CJK characters (3 bytes each in UTF-8). */
const API_BODY_LIMIT = 32 * 1024 * 1024;

export interface HostRoutesOptions {
  token: string;
  sessions: HostSessionRegistry;
}

function sendError(reply: FastifyReply, err: ApiCallError): FastifyReply {
  return reply.code(httpStatusFor(err.code)).send(err.toBody());
}

const invalidToken = () =>
  new ApiCallError(
    'host_token_invalid',
    'Open CareDesk with the address the host printed (it carries #token=…).',
  );
const unknownSession = () =>
  new ApiCallError(
    'host_session_unknown',
    'This browser session has ended (idle or host restarted): start a new one.',
  );

/**
 * The contract over HTTP, for the browser host:
 *   POST /host/session            x-caredesk-token                  → { hostSessionId }
 *   POST /host/api/<channel>      x-caredesk-token + x-caredesk-host-session, body = input → output
 *   GET  /host/events?session=&token=   Server-Sent Events: `event: <ApiEvent>` (EventSource cannot send headers)
 * Every call goes through the same validate-and-dispatch step as IPC (createApiDispatcher).
 */
export function hostRoutes({ token, sessions }: HostRoutesOptions) {
  const checkToken = (presented: unknown): ApiCallError | null =>
    launchTokenMatches(token, presented) ? null : invalidToken();

  return async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/host/')) reply.header('cache-control', 'no-store');
    });

    app.post('/host/session', async (request, reply) => {
      const denied = checkToken(request.headers[TOKEN_HEADER]);
      if (denied) return sendError(reply, denied);
      return { hostSessionId: sessions.open().id };
    });

    app.post<{ Params: { channel: string } }>(
      '/host/api/:channel',
      { bodyLimit: API_BODY_LIMIT },
      async (request, reply) => {
        const denied = checkToken(request.headers[TOKEN_HEADER]);
        if (denied) return sendError(reply, denied);
        const session = sessions.touch(request.headers[HOST_SESSION_HEADER]);
        if (!session) return sendError(reply, unknownSession());
        try {
          // JSON-encoded here so a handler result of `null` (session.current) is sent as the JSON `null`.
          const output = await session.dispatch(request.params.channel, request.body);
          return reply.type('application/json; charset=utf-8').send(JSON.stringify(output ?? null));
        } catch (err) {
          return sendError(reply, ApiCallError.from(err));
        }
      },
    );

    const openStreams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...openStreams]) end();
    });

    app.get<{ Querystring: { session?: string; token?: string } }>('/host/events', (request, reply) => {
      const denied = checkToken(request.query.token);
      if (denied) return sendError(reply, denied);
      const session = sessions.touch(request.query.session);
      if (!session) return sendError(reply, unknownSession());

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      // EventSource drops events whose data is empty, so each carries an empty JSON object.
      const unsubscribes = API_EVENTS.map((name) =>
        session.services.events.on(name, () => res.write(`event: ${name}\ndata: {}\n\n`)),
      );
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        for (const unsubscribe of unsubscribes) unsubscribe();
        session.streams.delete(end);
        openStreams.delete(end);
        sessions.touch(session.id);
        res.end();
      };
      session.streams.add(end);
      openStreams.add(end);
      request.raw.on('close', end);
      res.on('close', end);
    });
  };
}
