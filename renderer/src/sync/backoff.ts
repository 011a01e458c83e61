/** Push retry timing: exponential back-off with jitter, so a fleet does not retry in lockstep. */
export interface BackoffOptions {
  /** The first ceiling; it doubles per failed attempt up to maxMs. */
  initialMs: number;
  maxMs: number;
  /** Fixed ceilings instead of doubling (the last repeats); tests use it for short waits. */
  ceilingsMs?: readonly number[];
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 2_000, maxMs: 60_000, random: Math.random };

/**
 * The wait before retry number `attempt` (0-based): "equal jitter", half the ceiling plus a random
 * share of the other half — never a burst of instant retries, never two clients in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const fixed = options.ceilingsMs;
  const ceiling = fixed?.length
    ? fixed[Math.min(attempt, fixed.length - 1)]!
    : Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (options.random() * ceiling) / 2);
}
