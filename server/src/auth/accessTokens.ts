import { SignJWT, jwtVerify } from 'jose';

export const ACCESS_TOKEN_TTL_MS = 15 * 60 * 1000;
const ISSUER = 'caredesk';

export interface AccessTokens {
  sign(agentId: string): Promise<{ token: string; expiresAt: number }>;
  /** The agent id, or null for a bad, forged or expired token. */
  verify(token: string): Promise<string | null>;
}

/** Short-lived HS256 JWTs carrying only the agent id: role and team are read fresh on each request. */
export function createAccessTokens(secret: string): AccessTokens {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(agentId) {
      const expiresAt = Date.now() + ACCESS_TOKEN_TTL_MS;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(agentId)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER });
        return typeof payload.sub === 'string' ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}
