/**
 * Where the vault's 32-byte data key lives between launches. Implementations decide how it is
 * protected at rest; the vault only ever sees the raw key in memory.
 */
export interface KeyStore {
  /** The stored key, or null when none has been saved yet. Throws KeyStoreError when it cannot be trusted. */
  load(): Promise<Buffer | null>;
  save(key: Buffer): Promise<void>;
  /** Forgets the key: everything sealed with it becomes unreadable (used for "wipe this device"). */
  destroy(): Promise<void>;
}

export type KeyStoreErrorCode = 'keystore_unavailable' | 'keystore_untrusted_backend' | 'keystore_corrupt';

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';

  constructor(
    readonly code: KeyStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const DATA_KEY_BYTES = 32;

export function assertDataKey(key: Buffer): void {
  if (key.length !== DATA_KEY_BYTES) {
    throw new KeyStoreError(
      'keystore_corrupt',
      `A data key must be ${DATA_KEY_BYTES} bytes, got ${key.length}.`,
    );
  }
}
