import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/types.ts';

/** The NOTIFY channel every server instance on one database listens to. */
export const POKE_CHANNEL = 'caredesk_poke';

export interface PokeHub {
  /** Tells every instance (this one included) that there are changes to pull. */
  poke(): Promise<void>;
  /** Calls `listener` on every poke from any instance; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

/**
 * Pokes go through the database, not straight to local listeners, so a change committed on one
 * instance reaches the live clients of all of them. A poke carries no data: the client pulls.
 */
export async function createPokeHub(db: Db, log: FastifyBaseLogger): Promise<PokeHub> {
  const listeners = new Set<() => void>();
  const unlisten = await db.listen(POKE_CHANNEL, () => {
    for (const listener of listeners) listener();
  });
  return {
    async poke() {
      // The change is already committed; a lost poke only delays clients until their next pull.
      await db
        .notify(POKE_CHANNEL)
        .catch((err: Error) => log.warn({ err: { message: err.message } }, 'poke failed'));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}
