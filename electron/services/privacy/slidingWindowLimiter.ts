export type LimitVerdict = { ok: true } | { ok: false; retryAt: number };

export interface RateLimiter {
  /** Counts one use by `key` at `now` if the window has room; otherwise says when it will. */
  take(key: string, now: number): LimitVerdict;
}

export interface SlidingWindowOptions {
  limit: number;
  windowMs: number;
}

/**
 * A sliding-window log: at most `limit` uses per key in any `windowMs`. Exact (no bucket edges to
 * burst across) and small: it keeps at most `limit` timestamps per key.
 */
export function createSlidingWindowLimiter({ limit, windowMs }: SlidingWindowOptions): RateLimiter {
  const uses = new Map<string, number[]>();
  return {
    take(key, now) {
      const recent = (uses.get(key) ?? []).filter((at) => at > now - windowMs);
      if (recent.length >= limit) {
        uses.set(key, recent);
        return { ok: false, retryAt: (recent[0] ?? now) + windowMs };
      }
      recent.push(now);
      uses.set(key, recent);
      return { ok: true };
    },
  };
}

/** 20 reveals per agent in any 10 minutes. */
export const REVEAL_LIMIT: SlidingWindowOptions = { limit: 20, windowMs: 10 * 60_000 };
/**
 * 30 phone lookups per agent in any 10 minutes: plenty for incoming calls, but a masked number
 * (138****5678) leaves 10,000 candidates, and without a limit the lookup would unmask it by trial.
 */
export const PHONE_LOOKUP_LIMIT: SlidingWindowOptions = { limit: 30, windowMs: 10 * 60_000 };
