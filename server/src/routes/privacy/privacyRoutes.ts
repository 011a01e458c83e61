import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Agent } from '@shared/domain/index.ts';
import { Id } from '@shared/domain/index.ts';
import { requireAgent } from '../../auth/authenticate.ts';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { parseBody } from '../../http/parseBody.ts';
import { eraseCustomer, exportCustomer } from '../../privacy/customerData.ts';
import { listPrivacyAudit } from '../../privacy/privacyAudit.ts';

const AuditQuery = z.object({
  customerId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
const CustomerParams = z.object({ id: Id });
export const EraseRequest = z.object({ reason: z.string().trim().min(1).max(500) });

/** Export, erasure and the audit log are for admins only, whatever the customer's team. */
function requireAdmin(request: FastifyRequest): Agent {
  const agent = requireAgent(request);
  if (agent.role !== 'admin') throw new HttpError(403, 'forbidden', 'Only an admin may do this');
  return agent;
}

function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'invalid_input', 'The request is invalid');
  return result.data;
}

/**
 * GET /api/privacy/audit?customerId=, GET /api/privacy/customers/:id/export,
 * DELETE /api/privacy/customers/:id { reason } — docs/privacy.md.
 */
export function privacyRoutes(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/privacy/audit', async (request) => {
      requireAdmin(request);
      const query = parseParams(AuditQuery, request.query);
      return { entries: await listPrivacyAudit(ctx.db, query.customerId ?? null, query.limit) };
    });

    app.get('/api/privacy/customers/:id/export', async (request, reply) => {
      const admin = requireAdmin(request);
      const { id } = parseParams(CustomerParams, request.params);
      const data = await exportCustomer(ctx.db, admin, id);
      if (!data) throw new HttpError(404, 'not_found', 'No such customer');
      return reply.header('cache-control', 'no-store').send(data);
    });

    app.delete('/api/privacy/customers/:id', async (request) => {
      const admin = requireAdmin(request);
      const { id } = parseParams(CustomerParams, request.params);
      const { reason } = parseBody(EraseRequest, request.body);
      const summary = await eraseCustomer(ctx.db, admin, id, reason);
      if (!summary) throw new HttpError(404, 'not_found', 'No such customer');
      await ctx.pokes.poke();
      return summary;
    });
  };
}
