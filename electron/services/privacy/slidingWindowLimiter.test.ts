import { describe, expect, it } from 'vitest';
import { createSlidingWindowLimiter } from './slidingWindowLimiter.ts';

describe('sliding window limiter', () => {
  it('allows `limit` uses in any window, per key, and names the moment the next one fits', () => {
    const limiter = createSlidingWindowLimiter({ limit: 3, windowMs: 1_000 });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 400)).toEqual({ ok: true });
    expect(limiter.take('a', 800)).toEqual({ ok: true });
    expect(limiter.take('a', 900)).toEqual({ ok: false, retryAt: 1_000 });
    expect(limiter.take('b', 900)).toEqual({ ok: true });
    // No bucket edge to burst across: at 1,001 only the use at 0 has left the window.
    expect(limiter.take('a', 1_001)).toEqual({ ok: true });
    expect(limiter.take('a', 1_002)).toEqual({ ok: false, retryAt: 1_400 });
  });

  it('refused attempts do not count', () => {
    const limiter = createSlidingWindowLimiter({ limit: 1, windowMs: 1_000 });
    limiter.take('a', 0);
    for (let t = 1; t < 1_000; t += 100) expect(limiter.take('a', t).ok).toBe(false);
    expect(limiter.take('a', 1_000).ok).toBe(true);
  });
});
