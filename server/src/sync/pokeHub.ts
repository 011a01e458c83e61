import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/types.ts';
import type { PresenceChange } from '../presence/presenceStore.ts';

/** The NOTIFY channel every server instance on one database listens to. */
export const POKE_CHANNEL = 'caredesk_poke';
/** Presence reports relayed between instances (each keeps all of them in memory). */
export const PRESENCE_CHANNEL = 'caredesk_presence';

export interface PokeHub {
  /** Tells every instance (this one included) that there are changes to pull. */
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
  return {
    async poke() {
      // The change is already committed; a lost poke only delays clients until their next pull.
      await db.notify(POKE_CHANNEL).catch(warn('poke failed'));
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
      listeners.clear();
      sharedListeners.clear();
      changeListeners.clear();
      await unlisten();
      await unlistenPresence();
    },
  };
}
