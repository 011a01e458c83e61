import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { MIN_CLIENT_PROTOCOL, requestProtocol } from '../../sync/protocolVersion.ts';

/**
 * onRequest hook of the sync routes (pull, push, events): 426 `client_too_old` below the server's
 * minimum protocol. It runs after authentication, so a signed-out old client still sees 401 first.
 */
export function createProtocolHook(ctx: ServerContext) {
  const minimum = ctx.config.minClientProtocol ?? MIN_CLIENT_PROTOCOL;
  return async (request: FastifyRequest): Promise<void> => {
    const received = requestProtocol(request.headers);
    if (received < minimum) {
      throw new HttpError(426, 'client_too_old', 'This client is too old for the sync server: update it', {
        minimum,
        received,
      });
    }
  };
}
