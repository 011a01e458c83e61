import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db, DbQueryable } from '../db/types.ts';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new opaque token for `agentId`; `familyId` ties the rotations of one login together. */
export async function issueRefreshToken(
  q: DbQueryable,
  agentId: string,
  familyId: string = randomUUID(),
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await q.query(
    `insert into refresh_tokens (token_hash, agent_id, family_id, created_at, expires_at)
     values ($1, $2, $3, $4, $5)`,
    [hashToken(token), agentId, familyId, now, now + REFRESH_TOKEN_TTL_MS],
  );
  return token;
}

/**
 * Single-use rotation: marks the token used and issues its successor, or returns null.
 * A token that was already used is a replay — someone holds a copy — so the whole family (that login
 * on every device it reached) is revoked and the agent must sign in again.
 */
export async function rotateRefreshToken(
  db: Db,
  token: string,
): Promise<{ agentId: string; refreshToken: string } | null> {
  const tokenHash = hashToken(token);
  return db.transaction(async (tx) => {
    const now = Date.now();
    const { rows } = await tx.query<{ agent_id: string; family_id: string }>(
      `update refresh_tokens set used_at = $2
       where token_hash = $1 and used_at is null and revoked_at is null and expires_at > $2
       returning agent_id, family_id`,
      [tokenHash, now],
    );
    const row = rows[0];
    if (!row) {
      await tx.query(
        `update refresh_tokens set revoked_at = $2 where revoked_at is null and family_id =
           (select family_id from refresh_tokens where token_hash = $1 and used_at is not null)`,
        [tokenHash, now],
      );
      return null;
    }
    const refreshToken = await issueRefreshToken(tx, row.agent_id, row.family_id);
    return { agentId: row.agent_id, refreshToken };
  });
}

/** Logout: the token's family stops working everywhere at once. */
export async function revokeRefreshToken(db: Db, token: string): Promise<void> {
  await db.query(
    `update refresh_tokens set revoked_at = $2 where revoked_at is null and family_id =
       (select family_id from refresh_tokens where token_hash = $1)`,
    [hashToken(token), Date.now()],
  );
}
