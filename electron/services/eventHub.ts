import type { ApiEvent } from '@shared/api/contract.ts';

export type Unsubscribe = () => void;

export interface ApiEventSource {
  on(event: ApiEvent, listener: () => void): Unsubscribe;
}

/** The data-free events of the contract, fanned out to whichever transport subscribed. */
export function createEventHub(): ApiEventSource & { emit(event: ApiEvent): void; clear(): void } {
  const listeners = new Map<ApiEvent, Set<() => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      // Wrapped so subscribing the same function twice still yields two independent unsubscribes.
      const entry = () => listener();
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener();
        } catch {
          // A broken subscriber (e.g. a closed window) must not stop the others from hearing it.
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
