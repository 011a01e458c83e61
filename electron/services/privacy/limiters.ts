import type { RateLimiter } from './slidingWindowLimiter.ts';
import { createSlidingWindowLimiter, PHONE_LOOKUP_LIMIT, REVEAL_LIMIT } from './slidingWindowLimiter.ts';

export interface PrivacyLimiters {
  reveal: RateLimiter;
  phoneLookup: RateLimiter;
}

let processWide: PrivacyLimiters | null = null;

/**
 * One pair of limiters per process, keyed by agent id: the browser host runs one MainServices per
 * tab, and opening more tabs must not buy an agent more reveals.
 */
export function processWideLimiters(): PrivacyLimiters {
  processWide ??= {
    reveal: createSlidingWindowLimiter(REVEAL_LIMIT),
    phoneLookup: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
  };
  return processWide;
}
