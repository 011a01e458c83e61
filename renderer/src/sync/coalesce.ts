/** Single-flight with one queued re-run: callers during a run wait for the run after it. */
export function coalesce(task: () => Promise<void>): () => Promise<void> {
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
