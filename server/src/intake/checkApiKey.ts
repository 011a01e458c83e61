import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `presented` is one of the configured intake keys. Both sides are hashed first so the
 * comparison is over equal lengths, and every key is compared (no early exit), so neither a key's
 * length nor its position in the list shows in the timing.
 */
export function createApiKeyCheck(keys: readonly string[]): (presented: string | undefined) => boolean {
  const known = keys.map(digest);
  return (presented) => {
    if (!presented) return false;
    const candidate = digest(presented);
    let ok = false;
    for (const key of known) ok = timingSafeEqual(key, candidate) || ok;
    return ok;
  };
}
