import type { FastifyRequest } from 'fastify';
import type { Agent } from '@shared/domain/index.ts';
import { AGENT_COLUMNS, toAgent, type AgentRow } from '../db/rows.ts';
import type { Db } from '../db/types.ts';
import { HttpError } from '../http/errors.ts';
import type { AccessTokens } from './accessTokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook on every authenticated route. */
    agent: Agent | null;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * onRequest hook for the /api routes that need a signed-in agent. The agent row is read on every
 * request (one primary-key lookup) so that a role or team change applies at once, not at token expiry.
 */
export function createAuthenticateHook(tokens: AccessTokens, db: Db) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const agentId = token ? await tokens.verify(token) : null;
    if (!agentId) throw new HttpError(401, 'not_logged_in', 'A valid access token is required');
    const { rows } = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents where id = $1`, [agentId]);
    if (!rows[0]) throw new HttpError(401, 'not_logged_in', 'A valid access token is required');
    request.agent = toAgent(rows[0]);
  };
}

/** The signed-in agent of a request that went through the authenticate hook. */
export function requireAgent(request: FastifyRequest): Agent {
  if (!request.agent) throw new HttpError(401, 'not_logged_in', 'A valid access token is required');
  return request.agent;
}
