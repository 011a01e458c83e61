/**
 * Open-loop load: arrival times are drawn before the run and each request is sent at its time whether
 * or not earlier ones have been answered, so a slow server cannot slow the load down and hide its own
 * queue (coordinated omission). Latency is taken from the scheduled time, not from the send.
 */

export interface Arrival {
  /** Which source (simulated agent) acts. */
  source: number;
  /** Milliseconds after the run starts. */
  at: number;
}

/** mulberry32: a small seeded PRNG, so a schedule is the same in every run and for its baseline. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    let t = (state = (state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Each of `sources` acts on its own Poisson process (exponential gaps, mean `meanGapMs`, first act
 * also one gap after the start) until `durationMs`; all arrivals, earliest first.
 */
export function poissonArrivals(options: {
  sources: number;
  meanGapMs: number;
  durationMs: number;
  seed: number;
}): Arrival[] {
  const random = seededRandom(options.seed);
  const arrivals: Arrival[] = [];
  for (let source = 0; source < options.sources; source++) {
    let at = 0;
    for (;;) {
      // 1 - random() is in (0, 1]: log never sees 0.
      at += -Math.log(1 - random()) * options.meanGapMs;
      if (at >= options.durationMs) break;
      arrivals.push({ source, at });
    }
  }
  return arrivals.sort((a, b) => a.at - b.at);
}

/**
 * Calls `fire(arrival, scheduledAt)` for each arrival at its time (performance.now() clock:
 * `scheduledAt` = start + at), never waiting for what `fire` starts. A timer that wakes late fires
 * everything already due at once, each still stamped with its own scheduled time, so the lateness of
 * the event loop counts as latency. Resolves once the last arrival has been fired.
 */
export function fireOnSchedule(
  arrivals: readonly Arrival[],
  fire: (arrival: Arrival, scheduledAt: number) => void,
): Promise<void> {
  const start = performance.now();
  let next = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < arrivals.length && start + arrivals[next]!.at <= now) {
        const arrival = arrivals[next++]!;
        fire(arrival, start + arrival.at);
      }
      if (next >= arrivals.length) {
        resolve();
        return;
      }
      setTimeout(tick, Math.max(0, start + arrivals[next]!.at - performance.now()));
    };
    tick();
  });
}
