import type { CareDeskApi } from '@shared/api/contract.ts';
import {
  MUTATION_ARGS,
  type Mutation,
  type MutationArgs,
  type MutationName,
} from '@shared/sync/mutations.ts';
import type { PushResponse } from '@shared/sync/protocol.ts';
import { errorCode, errorDetails, isNetworkError } from '../api/apiError.ts';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import type { OutboxEntry } from '../db/types.ts';
import { applyLocalMutation, LocalMutationError } from './localMutators.ts';
import { applyPullResponse, rebaseLocal } from './rebase.ts';
import { createStatusStore, type SyncStatusStore } from './syncStatus.ts';

export interface SyncEngineOptions {
  api: CareDeskApi;
  db: CareDeskDb;
  /** Clock for clientTime stamps; defaults to Date.now. */
  now?: () => number;
  /** The signed-in agent (author of optimistic events); stored in meta on start. */
  agentId?: string | null;
  /** Rows per pull chunk (server default when omitted). */
  pullLimit?: number;
  /** Mutations per push request (the protocol allows 500). */
  pushBatchSize?: number;
  /** Back-off before retrying a failed push, in ms; the last value repeats. */
  retryDelaysMs?: readonly number[];
}

export interface SyncEngine {
  /** Ensures the clientId, subscribes to pokes and online events, pulls and pushes once. */
  start(): Promise<void>;
  /** Unsubscribes and cancels retries; in-flight calls finish but trigger nothing new. */
  stop(): void;
  /** Pulls until `more` is false; concurrent calls share one run (and one follow-up run). */
  pullNow(): Promise<void>;
  /** Pushes the pending outbox in batches, then pulls so acknowledged mutations are confirmed. */
  pushNow(): Promise<void>;
  /** Validates, applies optimistically and enqueues in one transaction, then pushes in the background. */
  mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<void>;
  status: SyncStatusStore;
}

const MAX_GAP_RETRIES = 3;
const MAX_PULL_CHUNKS = 100_000;

function toMutation(entry: OutboxEntry): Mutation {
  const { state: _state, ...mutation } = entry;
  return mutation;
}

/** Single-flight with one queued re-run: callers during a run wait for the run after it. */
function coalesce(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        for (;;) {
          again = false;
          try {
            await task();
          } catch (err) {
            // A caller asked for a fresh run while this one failed: that run decides the outcome.
            if (!again) throw err;
            continue;
          }
          if (!again) return;
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { api, db } = options;
  const now = options.now ?? Date.now;
  const pushBatchSize = options.pushBatchSize ?? 100;
  const retryDelays = options.retryDelaysMs ?? [2_000, 5_000, 15_000, 30_000, 60_000];
  const status = createStatusStore();

  let stopped = false;
  let unsubscribers: Array<() => void> = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryAttempt = 0;
  let inFlight = 0;

  async function ensureClientId(): Promise<string> {
    return db.transaction('rw', db.meta, async () => {
      const existing = await db.getMeta<string>('clientId');
      if (existing) return existing;
      const id = crypto.randomUUID();
      await db.setMeta('clientId', id);
      return id;
    });
  }

  async function refreshCounts(): Promise<void> {
    const [pending, rejected] = await Promise.all([
      db.outbox.filter((e) => e.state === 'pending').count(),
      db.rejected.count(),
    ]);
    status.set({ pending, rejected });
  }

  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    inFlight += 1;
    status.set({ syncing: true });
    try {
      const result = await work();
      status.set({ online: true, lastError: null, lastSyncedAt: now() });
      return result;
    } catch (err) {
      status.set(
        isNetworkError(err) ? { online: false, lastError: 'network' } : { lastError: errorCode(err) },
      );
      throw err;
    } finally {
      inFlight -= 1;
      if (inFlight === 0) status.set({ syncing: false });
      await refreshCounts().catch(() => undefined);
    }
  }

  // ---- pull ---------------------------------------------------------------------------------

  async function pullChunks(): Promise<void> {
    const clientId = await ensureClientId();
    for (let i = 0; i < MAX_PULL_CHUNKS; i++) {
      const cookie = (await db.getMeta<string>('cookie')) ?? null;
      const response = await api.sync.pull({
        clientId,
        cookie,
        ...(options.pullLimit ? { limit: options.pullLimit } : {}),
      });
      await applyPullResponse(db, response);
      if (!response.more) return;
    }
  }

  const pullNow = coalesce(() => tracked(pullChunks));

  // ---- push ---------------------------------------------------------------------------------

  function pendingBatch(): Promise<OutboxEntry[]> {
    return db.outbox
      .orderBy('id')
      .filter((e) => e.state === 'pending')
      .limit(pushBatchSize)
      .toArray();
  }

  /** Records the server's answer; returns whether anything changed and whether it rejected any. */
  async function recordResults(
    batch: OutboxEntry[],
    response: PushResponse,
  ): Promise<{ progressed: boolean; rejected: boolean }> {
    const results = new Map(response.results.map((r) => [r.id, r]));
    let progressed = false;
    let rejected = false;
    await db.transaction('rw', db.outbox, db.rejected, async () => {
      for (const entry of batch) {
        const result = results.get(entry.id);
        if (result?.status === 'rejected') {
          await db.outbox.delete(entry.id);
          await db.rejected.put({
            ...toMutation(entry),
            reason: result.reason ?? 'unknown',
            rejectedAt: now(),
          });
          progressed = rejected = true;
        } else if (result || entry.id <= response.lastMutationId) {
          // Applied or duplicate: the server has it. Stays applied locally until a pull confirms it.
          await db.outbox.update(entry.id, { state: 'acked' });
          progressed = true;
        }
      }
    });
    return { progressed, rejected };
  }

  /** The server expects mutation `expected` next: align the outbox with it. */
  async function resolveGap(err: unknown): Promise<void> {
    let expected = (errorDetails(err) as { expected?: unknown } | undefined)?.expected;
    if (typeof expected !== 'number') {
      // Unknown position: a pull tells us what the server has processed.
      await pullChunks();
      expected = ((await db.getMeta<number>('lastMutationId')) ?? 0) + 1;
    }
    const first = expected as number;
    await db.transaction('rw', db.outbox, db.meta, async () => {
      const entries = await db.outbox.orderBy('id').toArray();
      const renumber: OutboxEntry[] = [];
      for (const entry of entries) {
        if (entry.id < first) {
          if (entry.state === 'pending') await db.outbox.update(entry.id, { state: 'acked' });
        } else if (entry.state === 'pending') {
          renumber.push(entry);
        } else {
          // Acked, yet the server does not have it (it was reset): it is gone; the next pull reverts it.
          await db.outbox.delete(entry.id);
        }
      }
      if (renumber.length && renumber[0]?.id !== first) {
        await db.outbox.bulkDelete(renumber.map((e) => e.id));
        await db.outbox.bulkAdd(renumber.map((e, i) => ({ ...e, id: first + i })));
      }
      await db.setMeta('nextMutationId', first + renumber.length);
    });
  }

  async function pushBatches(): Promise<boolean> {
    const clientId = await ensureClientId();
    let gapRetries = 0;
    let confirmed = false;
    for (;;) {
      const batch = await pendingBatch();
      if (batch.length === 0) return confirmed;
      let response: PushResponse;
      try {
        response = await api.sync.push({ clientId, mutations: batch.map(toMutation) });
      } catch (err) {
        if (errorCode(err) === 'mutation_gap' && gapRetries < MAX_GAP_RETRIES) {
          gapRetries += 1;
          await resolveGap(err);
          continue;
        }
        throw err;
      }
      const { progressed, rejected } = await recordResults(batch, response);
      if (rejected) await rebaseLocal(db);
      if (!progressed) return confirmed;
      confirmed = true;
    }
  }

  const pushNow = coalesce(async () => {
    clearRetry();
    try {
      const confirmed = await tracked(pushBatches);
      retryAttempt = 0;
      if (confirmed) await pullNow();
    } catch (err) {
      if (!(err instanceof LocalMutationError)) scheduleRetry();
      throw err;
    }
  });

  function clearRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function scheduleRetry(): void {
    if (stopped || retryTimer) return;
    const delay = retryDelays[Math.min(retryAttempt, retryDelays.length - 1)] ?? 30_000;
    retryAttempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      background(pushNow);
    }, delay);
  }

  /** Runs a sync step whose failure is already reflected in the status. */
  function background(step: () => Promise<void>): void {
    if (stopped) return;
    step().catch(() => undefined);
  }

  // ---- mutate -------------------------------------------------------------------------------

  async function mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<void> {
    const parsed = MUTATION_ARGS[name].safeParse(args);
    if (!parsed.success) throw new LocalMutationError('invalid_args', parsed.error.message);
    const clientTime = now();
    await db.transaction('rw', db.tables, async () => {
      const lastMutationId = (await db.getMeta<number>('lastMutationId')) ?? 0;
      const lastQueued = (await db.outbox.orderBy('id').last())?.id ?? 0;
      const id = Math.max(
        (await db.getMeta<number>('nextMutationId')) ?? 1,
        lastMutationId + 1,
        lastQueued + 1,
      );
      const mutation = { id, name, args: parsed.data, clientTime } as Mutation;
      let agentId = (await db.getMeta<string>('agentId')) ?? null;
      if (options.agentId && options.agentId !== agentId) {
        agentId = options.agentId;
        await db.setMeta('agentId', agentId); // replays (rebase) read it from meta
      }
      await applyLocalMutation({ db, agentId, clientTime }, mutation);
      await db.outbox.add({ ...mutation, state: 'pending' });
      await db.setMeta('nextMutationId', id + 1);
    });
    await refreshCounts();
    background(pushNow);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async function start(): Promise<void> {
    stopped = false;
    await ensureClientId();
    if (options.agentId !== undefined) await db.setMeta('agentId', options.agentId);
    await refreshCounts();
    unsubscribers = [
      api.on('sync.poke', () => background(pullNow)),
      api.on('sync.online', () => {
        status.set({ online: true });
        background(pullNow);
        background(pushNow);
      }),
      api.on('sync.offline', () => status.set({ online: false })),
    ];
    await Promise.allSettled([pullNow(), pushNow()]);
  }

  function stop(): void {
    stopped = true;
    clearRetry();
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
  }

  return { start, stop, pullNow, pushNow, mutate, status };
}
