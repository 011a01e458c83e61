import type { CareDeskApi } from '@shared/api/contract.ts';
import { Dexie } from 'dexie';

/** CareDesk's databases: `caredesk` and one `caredesk-<agentId>` per agent (and any later `caredesk-*`). */
export function isCareDeskDatabase(name: string): boolean {
  return name === 'caredesk' || name.startsWith('caredesk-');
}

export interface WipeLocalDataOptions {
  /** Dexie itself by default; tests pass one bound to their own IndexedDB. */
  dexie?: Pick<typeof Dexie, 'getDatabaseNames' | 'delete'>;
}

/**
 * Deletes every CareDesk database in this browser profile, every agent's, not only the signed-in
 * one: the device keys they were sealed with are shared. Open connections (this tab's workspace)
 * are closed by Dexie on the version change. Returns the names deleted; if some could not be, it
 * still tries them all, then throws.
 */
export async function wipeLocalData(options: WipeLocalDataOptions = {}): Promise<string[]> {
  const dexie = options.dexie ?? Dexie;
  const names = (await dexie.getDatabaseNames()).filter(isCareDeskDatabase);
  const results = await Promise.allSettled(names.map((name) => dexie.delete(name)));
  const failed = names.filter((_, i) => results[i]?.status === 'rejected');
  if (failed.length > 0) throw new Error(`Could not delete ${failed.length} local database(s).`);
  return names;
}

/**
 * "Wipe this device", in the only safe order: the main process destroys the keys first (once that
 * resolves nothing cached can be decrypted, even if the next step is interrupted), then the local
 * databases go. If the main process fails, the databases are still deleted and the error rethrown.
 */
export async function wipeDevice(
  api: Pick<CareDeskApi, 'privacy'>,
  options: WipeLocalDataOptions = {},
): Promise<{ wipedAt: number; databases: string[] }> {
  let keysGone: { wipedAt: number } | null = null;
  let failure: unknown = null;
  try {
    keysGone = await api.privacy.wipeDevice({});
  } catch (err) {
    failure = err;
  }
  const databases = await wipeLocalData(options);
  if (!keysGone) throw failure;
  return { wipedAt: keysGone.wipedAt, databases };
}
