import type { CareDeskApi } from '@shared/api/contract.ts';
import {
  MUTATION_ARGS,
  mutationEventId,
  type MutationArgs,
  type MutationName,
} from '@shared/sync/mutations.ts';
import type { PushResponse, SealedMutation } from '@shared/sync/protocol.ts';
import { errorCode, errorDetails, isNetworkError } from '../api/apiError.ts';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import type { OutboxEntry } from '../db/types.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { coalesce } from './coalesce.ts';
import { sealLegacyText } from '../db/sealLegacyText.ts';
import { applyLocalMutation, LocalMutationError } from './localMutators.ts';
import { parseOutboxArgs, rebindMutationText, sealMutationText } from './sealMutationText.ts';
import { applyPullResponse, rebaseLocal } from './rebase.ts';
import { acknowledgeRejected, pruneRejected } from './rejectedRetention.ts';
import { guardStorage, StorageFullError } from './storageErrors.ts';
import { syncLockFor, type SyncLock } from './syncLock.ts';
import { createStatusStore, type SyncStatus, type SyncStatusStore } from './syncStatus.ts';

export interface SyncEngineOptions {
  api: CareDeskApi;
  db: CareDeskDb;
  /** Clock for clientTime stamps; defaults to Date.now. */
  now?: () => number;
  /** The signed-in agent (author of optimistic events); stored in meta on start. */
  agentId?: string | null;
  /** Rows per pull chunk (DEFAULT_PULL_LIMIT when omitted; the protocol allows 10,000). */
  pullLimit?: number;
  /** Mutations per push request (the protocol allows 500). */
  pushBatchSize?: number;
  /** Back-off before retrying a failed push (exponential with jitter; see backoff.ts). */
  retryBackoff?: Partial<BackoffOptions>;
  /** Shorthand for `retryBackoff.ceilingsMs`: fixed ceilings, the last repeats (still jittered). */
  retryDelaysMs?: readonly number[];
  /** Serialises push and pull with other windows over the same database (default: syncLockFor). */
  lock?: SyncLock;
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
  /**
   * Validates, applies optimistically and enqueues in one transaction, then pushes in the background.
   * Resolves to the mutation id. Rejects with LocalMutationError (the cache says the server would
   * refuse: nothing queued) or StorageFullError (`storage_full`: disk full, nothing written).
   */
  mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<number>;
  /** Forgets a rejected mutation (the agent has read why). */
  discardRejected(id: number): Promise<void>;
  /**
   * Records that the agent has seen these refusals (the sync panel listed them): from then on they are
   * dropped on a start more than 30 days after their rejection (rejectedRetention.ts).
   */
  acknowledgeRejected(ids: readonly number[]): Promise<void>;
  /**
   * Re-issues a rejected mutation as a new one (new id; a fresh event id for mutations that add an
   * event) and removes it from the rejected list, in one transaction. Resolves to the new id; rejects
   * like `mutate` when the cache says it would be refused again (the rejected row then stays).
   */
  retryRejectedAsNew(id: number): Promise<number>;
  status: SyncStatusStore;
}

const MAX_GAP_RETRIES = 3;
/**
 * Rows per pull chunk: large enough that a first sync of 100k tickets (~560k rows) is ~110 round trips,
 * small enough that one chunk's transaction (and the reads queued behind it) stays well under a second.
 */
export const DEFAULT_PULL_LIMIT = 5_000;
/** The first chunk of a sync from scratch (tickets come first: this is the first screen of the queue). */
export const FIRST_CHUNK_LIMIT = 500;
const MAX_PULL_CHUNKS = 100_000;

function toMutation(entry: OutboxEntry): SealedMutation {
  const { state: _state, ...mutation } = entry;
  return mutation;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { api, db } = options;
  const now = options.now ?? Date.now;
  const pushBatchSize = options.pushBatchSize ?? 100;
  const pullLimit = options.pullLimit ?? DEFAULT_PULL_LIMIT;
  const backoff: BackoffOptions = {
    ...DEFAULT_BACKOFF,
    ...options.retryBackoff,
    ...(options.retryDelaysMs ? { ceilingsMs: options.retryDelaysMs } : {}),
  };
  const lock = options.lock ?? syncLockFor(db.name);
  const status = createStatusStore();

  let stopped = false;
  let unsubscribers: Array<() => void> = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryAttempt = 0;
  let inFlight = 0;

  // A database's client id never changes once written: remembered so that each push and pull does
  // not open a read-write transaction on meta (it would hold back the live queries reading meta).
  let knownClientId: string | null = null;

  async function ensureClientId(): Promise<string> {
    if (knownClientId) return knownClientId;
    knownClientId = await db.transaction('rw', db.meta, async () => {
      const existing = await db.getMeta<string>('clientId');
      if (existing) return existing;
      const id = crypto.randomUUID();
      await db.setMeta('clientId', id);
      return id;
    });
    return knownClientId;
  }

  async function refreshCounts(): Promise<void> {
    const [pending, rejected] = await Promise.all([
      db.outbox.filter((e) => e.state === 'pending').count(),
      db.rejected.count(),
    ]);
    status.set({ pending, rejected });
  }

  function setOnline(online: boolean): void {
    const current = status.get();
    if (online) status.set({ online: true, offlineSince: null });
    else if (current.online) status.set({ online: false, offlineSince: now() });
  }

  function markUpgradeRequired(): void {
    clearRetry();
    status.set({ upgradeRequired: true, lastError: 'client_too_old' });
  }

  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    inFlight += 1;
    status.set({ syncing: true });
    try {
      const result = await work();
      setOnline(true);
      status.set({ lastError: null, lastSyncedAt: now() });
      return result;
    } catch (err) {
      const code = errorCode(err);
      if (code === 'client_too_old') markUpgradeRequired();
      else if (isNetworkError(err)) {
        setOnline(false);
        status.set({ lastError: 'network' });
      } else status.set({ lastError: code });
      throw err;
    } finally {
      inFlight -= 1;
      if (inFlight === 0) status.set({ syncing: false });
      await refreshCounts().catch(() => undefined);
    }
  }

  // ---- pull ---------------------------------------------------------------------------------

  /**
   * Pulls until the server has nothing more. Call with the sync lock held.
   *
   * The next chunk is requested as soon as a response arrives, so the server and the main process
   * prepare it while this one is written (each chunk still lands in its own transaction, in order,
   * checked against the cookie it was asked with). A prefetched chunk is dropped if its base turns out
   * stale (another window applied a pull) or the apply fails.
   */
  async function pullChunks(): Promise<void> {
    const clientId = await ensureClientId();
    // A sync from scratch starts with a small chunk so the queue shows after one short round trip,
    // then goes on in full chunks (fewer round trips for the bulk).
    const request = (cookie: string | null) => {
      const limit = cookie === null ? Math.min(pullLimit, FIRST_CHUNK_LIMIT) : pullLimit;
      const pending = api.sync.pull({ clientId, cookie, limit, nextLimit: pullLimit });
      pending.catch(() => undefined); // awaited below when used; dropped prefetches must not go unhandled
      return pending;
    };
    let cookie = (await db.getMeta<string>('cookie')) ?? null;
    let nextChunk = request(cookie);
    let progress: SyncStatus['initialSync'] = null;
    try {
      for (let i = 0; i < MAX_PULL_CHUNKS; i++) {
        const response = await nextChunk;
        const prefetched = response.more ? request(response.cookie) : null;
        const fromScratch = cookie === null || response.patch[0]?.op === 'clear';
        if (fromScratch && response.more && progress === null) {
          const estimate =
            response.remaining === undefined ? null : response.patch.length + response.remaining;
          progress = { applied: 0, estimatedTotal: estimate };
        }
        if (!(await guardStorage(() => applyPullResponse(db, response, cookie)))) {
          // Another window moved the cookie meanwhile; pull again from where it is now.
          cookie = (await db.getMeta<string>('cookie')) ?? null;
          nextChunk = request(cookie);
          continue;
        }
        if (progress) {
          const applied: number = progress.applied + response.patch.length;
          const estimate: number | null =
            progress.estimatedTotal === null ? null : Math.max(progress.estimatedTotal, applied);
          progress = { applied, estimatedTotal: estimate };
          status.set({ initialSync: progress });
        }
        if (!prefetched) return;
        cookie = response.cookie;
        nextChunk = prefetched;
      }
    } finally {
      if (progress) status.set({ initialSync: null });
    }
  }

  const pullNow = coalesce(async () => {
    if (status.get().upgradeRequired) return;
    await tracked(() => lock(pullChunks));
  });

  // ---- push ---------------------------------------------------------------------------------

  function pendingBatch(): Promise<OutboxEntry[]> {
    return db.outbox
      .orderBy('id')
      .filter((e) => e.state === 'pending')
      .limit(pushBatchSize)
      .toArray();
  }

  /**
   * Records the server's answers in one transaction: rejected → the rejected list (with reason and
   * details), applied or duplicate → acked (it stays applied locally until a pull confirms it). An
   * entry without an answer stays pending. Returns how many were answered and whether any was refused.
   */
  async function recordResults(
    batch: OutboxEntry[],
    response: PushResponse,
  ): Promise<{ answered: number; rejected: boolean }> {
    const results = new Map(response.results.map((r) => [r.id, r]));
    let answered = 0;
    let rejected = false;
    await guardStorage(() =>
      db.transaction('rw', db.outbox, db.rejected, async () => {
        for (const entry of batch) {
          const result = results.get(entry.id);
          if (!result) continue;
          answered += 1;
          if (result.status === 'rejected') {
            await db.outbox.delete(entry.id);
            await db.rejected.put({
              ...toMutation(entry),
              reason: result.reason ?? 'unknown',
              details: result.details ?? null,
              rejectedAt: now(),
            });
            rejected = true;
          } else {
            await db.outbox.update(entry.id, { state: 'acked' });
          }
        }
      }),
    );
    return { answered, rejected };
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
        if (entry.id < first) continue; // processed: a push or pull will tell its outcome
        if (entry.state === 'pending') renumber.push(entry);
        // Acked, yet the server does not have it (it was reset): it is gone; the next pull reverts it.
        else await db.outbox.delete(entry.id);
      }
      // The server is behind this client (restored from a backup): the only case where ids the
      // server never saw are handed out again, because its sequence must continue without a gap.
      if (renumber.length && renumber[0]?.id !== first) {
        await db.outbox.bulkDelete(renumber.map((e) => e.id));
        await db.outbox.bulkAdd(renumber.map((e, i) => ({ ...e, id: first + i })));
      }
      const next = first + renumber.length;
      const lastQueued = (await db.outbox.orderBy('id').last())?.id ?? 0;
      await db.setMeta('nextMutationId', Math.max(next, lastQueued + 1));
    });
  }

  /** Pushes the pending outbox in batches. Call with the sync lock held. Returns whether any was answered. */
  async function pushBatches(): Promise<boolean> {
    const clientId = await ensureClientId();
    let gapRetries = 0;
    let confirmed = false;
    let pushed = 0;
    try {
      for (;;) {
        const batch = await pendingBatch();
        if (batch.length === 0) return confirmed;
        const waiting = await db.outbox.filter((e) => e.state === 'pending').count();
        status.set({ push: { pushed, total: pushed + waiting } });
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
        const { answered, rejected } = await recordResults(batch, response);
        if (rejected) await guardStorage(() => rebaseLocal(db));
        if (answered === 0) return confirmed;
        pushed += answered;
        confirmed = true;
        status.set({ push: { pushed, total: pushed + waiting - answered } });
      }
    } finally {
      status.set({ push: null });
    }
  }

  const pushNow = coalesce(async () => {
    clearRetry();
    if (status.get().upgradeRequired) return;
    try {
      const confirmed = await tracked(() => lock(pushBatches));
      retryAttempt = 0;
      if (confirmed) await pullNow();
    } catch (err) {
      if (!(err instanceof LocalMutationError) && !status.get().upgradeRequired) scheduleRetry();
      throw err;
    }
  });

  function clearRetry(): void {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  }

  function scheduleRetry(): void {
    if (stopped || retryTimer) return;
    const delay = backoffDelay(retryAttempt, backoff);
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

  /**
   * One transaction: pick the mutation (`prepare` may read and write, e.g. take a rejected row),
   * allocate its id, apply it optimistically, append it to the outbox. Ids come from inside the
   * transaction, and IndexedDB runs read-write transactions over the same tables one at a time, so
   * windows sharing the database get strictly increasing ids that are never handed out twice.
   */
  async function enqueue(prepare: () => Promise<Pick<SealedMutation, 'name' | 'args'>>): Promise<number> {
    const clientTime = now();
    try {
      const id = await guardStorage(() =>
        db.transaction('rw', db.tables, async () => {
          const { name, args } = await prepare();
          const parsed = { data: parseOutboxArgs(name, args as Record<string, unknown>) };
          const [last, next, agent] = await db.meta.bulkGet(['lastMutationId', 'nextMutationId', 'agentId']);
          const lastQueued = (await db.outbox.orderBy('id').last())?.id ?? 0;
          const id = Math.max(
            (next?.value as number | undefined) ?? 1,
            ((last?.value as number | undefined) ?? 0) + 1,
            lastQueued + 1,
          );
          const mutation = { id, name, args: parsed.data, clientTime } as SealedMutation;
          let agentId = (agent?.value as string | undefined) ?? null;
          if (options.agentId && options.agentId !== agentId) {
            agentId = options.agentId;
            await db.setMeta('agentId', agentId); // replays (rebase) read it from meta
          }
          await applyLocalMutation({ db, agentId, clientTime }, mutation);
          await db.outbox.add({ ...mutation, state: 'pending' });
          await db.setMeta('nextMutationId', id + 1);
          return id;
        }),
      );
      if (status.get().lastError === 'storage_full') status.set({ lastError: null }); // room again
      return id;
    } catch (err) {
      // Said plainly in the sync panel: nothing new can be saved until the disk has room.
      if (err instanceof StorageFullError) status.set({ lastError: 'storage_full' });
      throw err;
    } finally {
      await refreshCounts().catch(() => undefined);
    }
  }

  /**
   * Free text is sealed first (the main process masks it and keeps the original in an envelope), then
   * the one transaction runs: the plaintext never reaches IndexedDB, and the agent sees her masked
   * text at once.
   */
  async function mutate<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<number> {
    const parsed = MUTATION_ARGS[name].safeParse(args);
    if (!parsed.success) throw new LocalMutationError('invalid_args', parsed.error.message);
    const sealing = sealMutationText(api, name, parsed.data as Record<string, unknown>);
    const id = await inOrder(async () => {
      const sealed = await sealing;
      return enqueue(async () => ({ name, args: sealed }) as Pick<SealedMutation, 'name' | 'args'>);
    });
    background(pushNow);
    return id;
  }

  /**
   * Sealing makes mutate asynchronous before its transaction: mutations are enqueued one after
   * another in the order they were made, so a quick note then a status change never swap ids.
   */
  let order: Promise<unknown> = Promise.resolve();
  function inOrder<T>(task: () => Promise<T>): Promise<T> {
    const run = order.then(task, task);
    order = run.catch(() => undefined);
    return run;
  }

  async function discardRejected(id: number): Promise<void> {
    await db.rejected.delete(id);
    await refreshCounts();
  }

  async function retryRejectedAsNew(id: number): Promise<number> {
    const before = await db.rejected.get(id);
    if (!before) throw new LocalMutationError('not_found', `No rejected mutation ${id}`);
    // A fresh event id needs its sealed text bound to it: done by the main process, before the transaction.
    const fresh = mutationEventId(before)
      ? await rebindMutationText(api, before.args, crypto.randomUUID())
      : before.args;
    const newId = await inOrder(() =>
      enqueue(async () => {
        const row = await db.rejected.get(id);
        if (!row) throw new LocalMutationError('not_found', `No rejected mutation ${id}`);
        await db.rejected.delete(id);
        return { name: row.name, args: fresh } as Pick<SealedMutation, 'name' | 'args'>;
      }),
    );
    background(pushNow);
    return newId;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async function start(): Promise<void> {
    stopped = false;
    await ensureClientId();
    if (options.agentId !== undefined) await db.setMeta('agentId', options.agentId);
    await guardStorage(() => pruneRejected(db, now())).catch(() => undefined);
    // Work queued by a version that kept free text in plaintext is sealed before anything else runs.
    await sealLegacyText(db, api).catch(() => undefined);
    await refreshCounts();
    unsubscribers = [
      api.on('sync.poke', () => background(pullNow)),
      api.on('sync.online', () => {
        setOnline(true);
        background(pullNow);
        background(pushNow);
      }),
      api.on('sync.offline', () => setOnline(false)),
      api.on('sync.upgradeRequired', markUpgradeRequired),
    ];
    await Promise.allSettled([pullNow(), pushNow()]);
  }

  function stop(): void {
    stopped = true;
    clearRetry();
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
  }

  return {
    start,
    stop,
    pullNow,
    pushNow,
    mutate,
    discardRejected,
    acknowledgeRejected: (ids) => acknowledgeRejected(db, ids, now()),
    retryRejectedAsNew,
    status,
  };
}
