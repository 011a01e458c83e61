import { randomBytes } from 'node:crypto';
import type { ApiDispatcher } from '../services/dispatchApiCall.ts';
import { createApiDispatcher, logUnexpectedError } from '../services/dispatchApiCall.ts';
import type { MainServices } from '../services/mainServices.ts';

export interface HostSession {
  readonly id: string;
  readonly services: MainServices;
  readonly dispatch: ApiDispatcher;
  lastActive: number;
  /**
   * The open /host/events streams, each as the function that ends it. A tab that is still listening
   * is not idle; a disposed session ends its streams so the tab learns it must start over.
   */
  readonly streams: Set<() => void>;
}

export interface HostSessionRegistryOptions {
  createServices: () => MainServices;
  /** Disposed after this long without calls or open event streams (1 h by default). */
  idleMs?: number;
  /** A runaway client cannot make unbounded seats: past this, the least recently used one goes. */
  maxSessions?: number;
  now?: () => number;
}

/**
 * One MainServices per browser tab (or browser context), so two tabs can be signed in as different
 * agents, exactly as two desktop installations would be.
 */
export function createHostSessionRegistry(options: HostSessionRegistryOptions) {
  const idleMs = options.idleMs ?? 60 * 60_000;
  const maxSessions = options.maxSessions ?? 32;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, HostSession>();

  function dispose(session: HostSession): void {
    sessions.delete(session.id);
    for (const end of [...session.streams]) end();
    void session.services.dispose().catch(() => undefined);
  }

  return {
    open(): HostSession {
      if (sessions.size >= maxSessions) {
        const oldest = [...sessions.values()].sort((a, b) => a.lastActive - b.lastActive)[0];
        if (oldest) dispose(oldest);
      }
      const services = options.createServices();
      const session: HostSession = {
        id: randomBytes(24).toString('base64url'),
        services,
        dispatch: createApiDispatcher(services.handlers, { onUnexpectedError: logUnexpectedError }),
        lastActive: now(),
        streams: new Set(),
      };
      sessions.set(session.id, session);
      return session;
    },
    /** Looks a session up and counts the lookup as activity. */
    touch(id: unknown): HostSession | undefined {
      if (typeof id !== 'string') return undefined;
      const session = sessions.get(id);
      if (session) session.lastActive = now();
      return session;
    },
    sweep(): number {
      let disposed = 0;
      for (const session of [...sessions.values()]) {
        if (session.streams.size === 0 && now() - session.lastActive > idleMs) {
          dispose(session);
          disposed++;
        }
      }
      return disposed;
    },
    size: () => sessions.size,
    async disposeAll(): Promise<void> {
      const all = [...sessions.values()];
      sessions.clear();
      for (const session of all) for (const end of [...session.streams]) end();
      await Promise.allSettled(all.map((s) => s.services.dispose()));
    },
  };
}

export type HostSessionRegistry = ReturnType<typeof createHostSessionRegistry>;
