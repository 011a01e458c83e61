/**
 * A fault-injecting fetch between one desk's main process and the server. Every sync request
 * (pull, push) may be dropped before the server sees it, answered by the server but the answer lost,
 * sent twice (the copy possibly arriving much later), or delayed. Decisions come from a seeded
 * generator, so a failing run can be replayed from its seed (timing aside).
 */
export interface FaultProfile {
  /** The request never reaches the server. */
  dropRequest: number;
  /** The server processes it; the answer is lost on the way back. */
  dropResponse: number;
  /** A second copy is sent, concurrently or later; its answer is discarded. */
  duplicate: number;
  /** The request (or its answer) waits up to maxDelayMs. */
  delay: number;
  maxDelayMs: number;
}

export const NO_FAULTS: FaultProfile = {
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  delay: 0,
  maxDelayMs: 0,
};

export interface NetworkStats {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicates: number;
  delayed: number;
  /** Requests per path, and the most of one path ever in flight at once. */
  byPath: Record<string, { sent: number; maxInFlight: number }>;
}

export interface FaultyNetwork {
  fetch: typeof fetch;
  profile: FaultProfile;
  /** Everything fails as with the cable unplugged (the live channel too). */
  offline: boolean;
  /** Requests to `path` wait until the returned function is called (to observe a sync in flight). */
  hold(path: string): () => void;
  /** The next request to `path` reaches the server, but its answer is lost. */
  dropNextResponse(path: string): void;
  /** Copies still travelling (delayed duplicates); heal waits for them. */
  inFlight(): Promise<void>;
  readonly stats: NetworkStats;
}

/** mulberry32: a small, fast, seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const networkError = () => new TypeError('fetch failed');

export function createFaultyNetwork(base: typeof fetch, random: () => number): FaultyNetwork {
  const holds = new Map<string, Promise<void>>();
  const travelling = new Set<Promise<unknown>>();
  const stats: NetworkStats = {
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicates: 0,
    delayed: 0,
    byPath: {},
  };
  const dropNext = new Set<string>();
  const inFlightByPath = new Map<string, number>();

  const network: FaultyNetwork = {
    profile: { ...NO_FAULTS },
    offline: false,
    stats,
    hold(path) {
      let release!: () => void;
      holds.set(path, new Promise<void>((r) => (release = r)));
      return () => {
        holds.delete(path);
        release();
      };
    },
    dropNextResponse(path) {
      dropNext.add(path);
    },
    async inFlight() {
      while (travelling.size) await Promise.allSettled([...travelling]);
    },
    fetch: async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (network.offline) throw networkError();
      if (!url.pathname.startsWith('/api/sync/') || url.pathname === '/api/sync/events') {
        return base(input, init);
      }
      stats.requests += 1;
      const path = url.pathname;
      const count = (stats.byPath[path] ??= { sent: 0, maxInFlight: 0 });
      count.sent += 1;
      inFlightByPath.set(path, (inFlightByPath.get(path) ?? 0) + 1);
      count.maxInFlight = Math.max(count.maxInFlight, inFlightByPath.get(path)!);
      try {
        const held = holds.get(path);
        if (held) await held;
        return await faulty(input, init, path);
      } finally {
        inFlightByPath.set(path, inFlightByPath.get(path)! - 1);
      }
    },
  };

  async function faulty(input: Parameters<typeof fetch>[0], init: RequestInit | undefined, path: string) {
    const p = network.profile;
    const roll = () => random();
    if (roll() < p.delay) {
      stats.delayed += 1;
      await sleep(Math.floor(roll() * p.maxDelayMs));
    }
    if (network.offline) throw networkError();
    if (roll() < p.dropRequest) {
      stats.droppedRequests += 1;
      throw networkError();
    }
    if (roll() < p.duplicate) {
      stats.duplicates += 1;
      const wait = roll() < 0.5 ? 0 : Math.floor(roll() * Math.max(1, p.maxDelayMs) * 4);
      const copy = sleep(wait)
        .then(() => base(input, init))
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      travelling.add(copy);
      void copy.finally(() => travelling.delete(copy));
    }
    const response = await base(input, init);
    if (roll() < p.delay) {
      stats.delayed += 1;
      await sleep(Math.floor(roll() * p.maxDelayMs));
    }
    const dropThis = dropNext.delete(path);
    if (network.offline || dropThis || roll() < p.dropResponse) {
      stats.droppedResponses += 1;
      await response.arrayBuffer().catch(() => undefined);
      throw networkError();
    }
    return response;
  }
  return network;
}
