/**
 * Where the vault's key material lives between launches: the keyring (data keys + blind-index key,
 * see vault/keyring.ts), or, from before key rotation, one bare 32-byte data key. Implementations
 * decide how it is protected at rest; the vault only ever sees it in memory.
 */
export interface KeyStore {
  /** The stored key material, or null when none has been saved yet. Throws KeyStoreError when it cannot be trusted. */
  load(): Promise<Buffer | null>;
  save(keyMaterial: Buffer): Promise<void>;
  /**
   * Forgets the key material (crypto-shredding for "wipe this device"): everything sealed with it
   * becomes unreadable. The file is overwritten before it is removed, as far as the disk allows.
   */
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
/** A keyring of a few hundred keys fits easily; anything larger is not ours. */
export const KEY_MATERIAL_MAX_BYTES = 16 * 1024;

/** Key material is at least one data key and at most a keyring's worth; anything else is corrupt. */
export function assertKeyMaterial(material: Buffer): void {
  if (material.length < DATA_KEY_BYTES || material.length > KEY_MATERIAL_MAX_BYTES) {
    throw new KeyStoreError(
      'keystore_corrupt',
      `Key material must be ${DATA_KEY_BYTES}–${KEY_MATERIAL_MAX_BYTES} bytes, got ${material.length}.`,
    );
  }
}
