import type { FastifyInstance } from 'fastify';
import { LoginRequest, RefreshRequest, type LoginResponse } from '@shared/api/http.ts';
import type { Agent } from '@shared/domain/index.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from '../../auth/refreshTokens.ts';
import { AGENT_COLUMNS, toAgent, type AgentRow } from '../../db/rows.ts';
import type { ServerContext } from '../../context.ts';
import { HttpError } from '../../http/errors.ts';
import { parseBody } from '../../http/parseBody.ts';

/** One answer for unknown user and wrong password, so the API cannot be used to probe user names. */
const invalidCredentials = () => new HttpError(401, 'invalid_credentials', 'Wrong user name or password');

/** POST /api/auth/login and /api/auth/refresh: public (they are how one gets a token). */
export function publicAuthRoutes(ctx: ServerContext) {
  const { db, tokens } = ctx;

  const tokenPair = async (agent: Agent, refreshToken: string): Promise<LoginResponse> => {
    const access = await tokens.sign(agent.id);
    return { accessToken: access.token, accessExpiresAt: access.expiresAt, refreshToken, agent };
  };

  return async (app: FastifyInstance) => {
    app.post('/api/auth/login', async (request) => {
      const { username, password } = parseBody(LoginRequest, request.body);
      const { rows } = await db.query<AgentRow & { password_hash: string }>(
        `select ${AGENT_COLUMNS}, password_hash from agents where username = $1`,
        [username],
      );
      const row = rows[0];
      if (!(await verifyPassword(row?.password_hash ?? null, password)) || !row) throw invalidCredentials();
      return tokenPair(toAgent(row), await issueRefreshToken(db, row.id));
    });

    app.post('/api/auth/refresh', async (request) => {
      const { refreshToken } = parseBody(RefreshRequest, request.body);
      const rotated = await rotateRefreshToken(db, refreshToken);
      if (!rotated) throw new HttpError(401, 'session_expired', 'The session has ended: sign in again');
      const { rows } = await db.query<AgentRow>(`select ${AGENT_COLUMNS} from agents where id = $1`, [
        rotated.agentId,
      ]);
      if (!rows[0]) throw new HttpError(401, 'session_expired', 'The session has ended: sign in again');
      return tokenPair(toAgent(rows[0]), rotated.refreshToken);
    });
  };
}

/** POST /api/auth/logout: needs the access token; ends the refresh token's whole session. */
export function logoutRoute(ctx: ServerContext) {
  return async (app: FastifyInstance) => {
    app.post('/api/auth/logout', async (request) => {
      const { refreshToken } = parseBody(RefreshRequest, request.body);
      await revokeRefreshToken(ctx.db, refreshToken);
      return { ok: true as const };
    });
  };
}
