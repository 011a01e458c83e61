import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '@shared/api/http.ts';

/** An error meant for the client: its status and ApiError body are sent as they are. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
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
