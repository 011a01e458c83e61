import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/types.ts';
import type { PresenceChange } from '../presence/presenceStore.ts';

/** The NOTIFY channel every server instance on one database listens to. */
export const POKE_CHANNEL = 'caredesk_poke';
/** Presence reports relayed between instances (each keeps all of them in memory). */
export const PRESENCE_CHANNEL = 'caredesk_presence';
/**
 * At most one poke NOTIFY per this many ms from one instance: under load (hundreds of pushes a
 * second) a poke per commit would cost a database statement each, and every desk coalesces the pulls
 * they trigger anyway. A poke after a quiet spell goes out at once.
 */
export const POKE_SPACING_MS = 20;

export interface PokeHub {
  /**
   * Tells every instance (this one included) that there are changes to pull. Pokes coalesce: the
   * NOTIFYs go at most one per POKE_SPACING_MS, each covering every poke made before it started.
   * Resolves at once (the NOTIFY follows; a caller's answer never waits for it) and never rejects.
   */
  poke(): Promise<void>;
  /** Calls `listener` on every poke from any instance; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Relays a presence message (JSON-serialisable) to the other instances, never back to this one. */
  sharePresence(message: unknown): Promise<void>;
  /** Calls `listener` with each presence message another instance shared (unvalidated). */
  onSharedPresence(listener: (message: unknown) => void): () => void;
  /** In-process: presence on a ticket changed; this instance's live streams are told. */
  presenceChanged(change: PresenceChange): void;
  subscribePresence(listener: (change: PresenceChange) => void): () => void;
  close(): Promise<void>;
}

/**
 * Pokes go through the database, not straight to local listeners, so a change committed on one
 * instance reaches the live clients of all of them. A poke carries no data: the client pulls.
 * Presence reports take the same road on a channel of their own; on PGlite (one process) that
 * road leads only back here and the message is dropped.
 */
export async function createPokeHub(db: Db, log: FastifyBaseLogger): Promise<PokeHub> {
  const instance = randomUUID();
  const listeners = new Set<() => void>();
  const sharedListeners = new Set<(message: unknown) => void>();
  const changeListeners = new Set<(change: PresenceChange) => void>();
  const unlisten = await db.listen(POKE_CHANNEL, () => {
    for (const listener of listeners) listener();
  });
  const unlistenPresence = await db.listen(PRESENCE_CHANNEL, (payload) => {
    let envelope: { from?: unknown; message?: unknown };
    try {
      envelope = JSON.parse(payload) as typeof envelope;
    } catch {
      return;
    }
    if (envelope.from === instance) return;
    for (const listener of sharedListeners) listener(envelope.message);
  });
  const warn = (what: string) => (err: Error) => log.warn({ err: { message: err.message } }, what);
  let closed = false;
  let wanted = false;
  let lastSent = Number.NEGATIVE_INFINITY;
  let sending: Promise<void> | null = null;
  const sendPokes = async () => {
    while (wanted && !closed) {
      const wait = lastSent + POKE_SPACING_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (closed) break;
      // Cleared before the NOTIFY starts: a poke from now on needs the next one.
      wanted = false;
      lastSent = performance.now();
      // The change is already committed; a lost poke only delays clients until their next pull.
      await db.notify(POKE_CHANNEL).catch(warn('poke failed'));
    }
    // In the same tick as the last `wanted` check: a later poke starts a new round.
    sending = null;
  };
  return {
    poke() {
      if (!closed) {
        wanted = true;
        sending ??= sendPokes();
      }
      return Promise.resolve();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async sharePresence(message) {
      // A lost report is repaired by the next heartbeat.
      const payload = JSON.stringify({ from: instance, message });
      await db.notify(PRESENCE_CHANNEL, payload).catch(warn('presence relay failed'));
    },
    onSharedPresence(listener) {
      sharedListeners.add(listener);
      return () => sharedListeners.delete(listener);
    },
    presenceChanged(change) {
      for (const listener of changeListeners) listener(change);
    },
    subscribePresence(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    async close() {
      closed = true;
      await sending;
      listeners.clear();
      sharedListeners.clear();
      changeListeners.clear();
      await unlisten();
      await unlistenPresence();
    },
  };
}
