import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The per-launch secret that proves a request comes from the page the host opened (32 random bytes). */
export function createLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison does not leak the
 * token's length either (timingSafeEqual requires equal lengths).
 */
export function launchTokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 256) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
