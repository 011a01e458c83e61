import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '@shared/api/http.ts';
import type { ServerContext } from '../../context.ts';
import { SERVER_VERSION } from '../../version.ts';

/** GET /healthz: up, and the database answers. */
export function healthRoute(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', async (): Promise<HealthResponse> => {
      await ctx.db.query('select 1');
      return { ok: true, version: SERVER_VERSION, db: ctx.db.kind };
    });
  };
}
