import { useSyncExternalStore } from 'react';

/**
 * The current time, refreshed every second, for the components that show a countdown and nothing
 * else: one shared interval for every clock on screen (it stops when the last one unmounts), so a
 * tick re-renders the clock texts only, never the queue list or the case around them.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Stable between ticks, as useSyncExternalStore requires; subscribing refreshes a stale value. */
function snapshot(): number {
  return now;
}

export function useSecondTicker(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
