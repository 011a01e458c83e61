import type { FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';
import type { Agent } from '@shared/domain/index.ts';
import { AGENT_COLUMNS, toAgent, type AgentRow } from '../db/rows.ts';
import type { Db } from '../db/types.ts';
import { HttpError } from '../http/errors.ts';
import type { AccessTokens } from './accessTokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authenticate hook on every authenticated route (null where the route reads it). */
    agent: Agent | null;
  }
  interface FastifyContextConfig {
    /**
     * The route reads the agent row itself, in the transaction that acts on it (the push does it in
     * the statement that locks the client row): the hook only checks the token, and the route calls
     * `requireAgentId`. Saves a database round trip on the busiest route, not the freshness.
     */
    readsAgentItself?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)$/i;
/** 401: no valid token, or its agent no longer exists. */
export const notLoggedIn = () => new HttpError(401, 'not_logged_in', 'A valid access token is required');

/** Agent ids of requests whose route reads the agent itself (no request decoration needed). */
const verifiedAgentIds = new WeakMap<FastifyRequest, string>();

/** Enough for every live token of a large contact centre; the oldest is forgotten first. */
const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * A token's signature never changes, so one that verified once stays valid until its `exp`: it is
 * remembered (the agent id, nothing else) instead of being verified again on every push. Access
 * tokens cannot be revoked before expiry anyway (logout ends the refresh session); role and team are
 * still read from the agent row on every request.
 */
function verifiedOnce(tokens: AccessTokens): (token: string) => Promise<string | null> {
  const known = new Map<string, { agentId: string; expiresAt: number }>();
  return async (token) => {
    const hit = known.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.agentId;
    if (hit) known.delete(token);
    const agentId = await tokens.verify(token);
    if (!agentId) return null;
    const { exp } = decodeJwt(token);
    if (typeof exp === 'number') {
      if (known.size >= VERIFIED_TOKENS_KEPT) known.delete(known.keys().next().value!);
      known.set(token, { agentId, expiresAt: exp * 1000 });
    }
    return agentId;
  };
}

/**
 * onRequest hook for the /api routes that need a signed-in agent. The agent row is read on every
 * request (one primary-key lookup) so that a role or team change applies at once, not at token expiry;
 * a route marked `readsAgentItself` does that read in its own transaction instead.
 */
export function createAuthenticateHook(tokens: AccessTokens, db: Db) {
  const verify = verifiedOnce(tokens);
  return async (request: FastifyRequest): Promise<void> => {
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const agentId = token ? await verify(token) : null;
    if (!agentId) throw notLoggedIn();
    if (request.routeOptions.config.readsAgentItself) {
      verifiedAgentIds.set(request, agentId);
      return;
    }
    request.agent = await readAgent(db, agentId);
  };
}

/** The agent row, fresh; 401 when the agent no longer exists. */
export async function readAgent(db: Pick<Db, 'query'>, agentId: string): Promise<Agent> {
  const { rows } = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents where id = $1`, [agentId]);
  if (!rows[0]) throw notLoggedIn();
  return toAgent(rows[0]);
}

/** The signed-in agent of a request that went through the authenticate hook. */
export function requireAgent(request: FastifyRequest): Agent {
  if (!request.agent) throw notLoggedIn();
  return request.agent;
}

/** The token's agent id on a `readsAgentItself` route (the route still has to read the row). */
export function requireAgentId(request: FastifyRequest): string {
  const agentId = verifiedAgentIds.get(request);
  if (!agentId) throw notLoggedIn();
  return agentId;
}
