import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiCallError } from '@shared/api/errors.ts';
import type { ApiError } from '@shared/api/http.ts';

/** An error meant for the client: the shared ApiCallError plus the HTTP status it is sent with. */
export class HttpError extends ApiCallError {
  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
    details?: unknown,
  ) {
    super(code, message, details);
  }
}

/**
 * Every error leaves as the shared ApiError shape. Unexpected errors are logged by message and code
 * only: database errors carry the statement's parameters, which may hold personal data.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) return reply.status(err.statusCode).send(err.toBody());
    const status = err.statusCode ?? 500;
    if (status < 500) {
      // Fastify's own 4xx: unparsable JSON, body too large, wrong content type.
      const body: ApiError = { code: 'bad_request', message: err.message };
      return reply.status(status).send(body);
    }
    request.log.error({ err: { message: err.message, code: err.code } }, 'request failed');
    const body: ApiError = { code: 'internal', message: 'Internal server error' };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { code: 'not_found', message: `No route ${request.method} ${request.url}` };
    return reply.status(404).send(body);
  });
}
