import type { DBCore, Dexie } from 'dexie';

/** The process died here: thrown by an armed write to stop a transaction part-way (see below). */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
  constructor() {
    super('simulated crash');
  }
}

/** What IndexedDB reports when the disk (or the origin's quota) is full. */
export const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

export interface StorageFaults {
  /**
   * The write operation `n` from now (0 = the next one; a bulkPut counts once) fails with `error()`.
   * A failing write inside a Dexie transaction aborts the whole transaction, exactly as the process
   * dying there would leave it: nothing of that transaction is on disk.
   */
  failWrite(n: number, error: () => Error): void;
  disarm(): void;
  /** Writes counted since the last failWrite (armed or not). */
  readonly writes: number;
  readonly armed: boolean;
}

/**
 * Installs a DBCore middleware on `db` that can fail a chosen write. Call before the database opens.
 * Used to prove that a pull or a mutation interrupted anywhere leaves nothing half-written.
 */
export function installStorageFaults(db: Dexie): StorageFaults {
  let countdown: number | null = null;
  let makeError: (() => Error) | null = null;
  let writes = 0;
  db.use({
    stack: 'dbcore',
    name: 'storageFaults',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            mutate(req) {
              writes += 1;
              if (countdown !== null && makeError) {
                if (countdown === 0) {
                  const error = makeError();
                  countdown = null;
                  makeError = null;
                  return Promise.reject(error);
                }
                countdown -= 1;
              }
              return table.mutate(req);
            },
          };
        },
      };
    },
  });
  return {
    failWrite(n, error) {
      countdown = n;
      makeError = error;
      writes = 0;
    },
    disarm() {
      countdown = null;
      makeError = null;
    },
    get writes() {
      return writes;
    },
    get armed() {
      return countdown !== null;
    },
  };
}
