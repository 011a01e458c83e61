import type { FastifyInstance } from 'fastify';
import type { DemoInfo } from '@shared/api/http.ts';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';

/** GET /api/demo: the demo accounts and intake key, only on a server started in demo mode. */
export function demoRoute(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/demo', async (): Promise<DemoInfo> => {
      const demo = ctx.config.demo;
      if (!demo) throw new HttpError(404, 'not_found', 'Not a demo server');
      return demo;
    });
  };
}
