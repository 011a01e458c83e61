import type { KeyStore } from './keyStore.ts';
import { assertKeyMaterial, KeyStoreError } from './keyStore.ts';
import { readKeyFile, removeKeyFile, writeKeyFile } from './keyFile.ts';

/** The slice of Electron's `safeStorage` the key store uses, so tests can pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export interface SafeStorageKeyStoreOptions {
  safeStorage: SafeStorageLike;
  /** Where the wrapped key is written, e.g. `<userData>/data-key.bin`. */
  filePath: string;
  /**
   * Accept Linux's `basic_text` backend, which "encrypts" with a hard-coded password: anyone who can
   * read the file can unwrap the key. Only for machines without a keyring, and only knowingly.
   */
  allowBasicText?: boolean;
  /** `process.platform` by default; injectable so the Linux rule is testable anywhere. */
  platform?: NodeJS.Platform;
}

/**
 * Keeps the data key wrapped by the OS keychain (Keychain, DPAPI, libsecret/kwallet) through
 * Electron's safeStorage; the file on disk holds only the wrapped form. Like Signal, it refuses a
 * backend it cannot trust rather than silently storing the key in the clear.
 */
export function createSafeStorageKeyStore(options: SafeStorageKeyStoreOptions): KeyStore {
  const { safeStorage, filePath } = options;
  const platform = options.platform ?? process.platform;

  function assertTrustedBackend(): void {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new KeyStoreError(
        'keystore_unavailable',
        'The operating system keychain is not available (safeStorage.isEncryptionAvailable() is false); ' +
          'CareDesk will not store its data key unprotected.',
      );
    }
    if (platform === 'linux' && !options.allowBasicText) {
      const backend = safeStorage.getSelectedStorageBackend?.();
      if (backend === 'basic_text') {
        throw new KeyStoreError(
          'keystore_untrusted_backend',
          "No Linux keyring (gnome-libsecret or kwallet) was found, so safeStorage fell back to 'basic_text', " +
            'which protects the data key with a password built into Chromium. Install/unlock a keyring, or ' +
            'start CareDesk with the basic_text override if this machine is otherwise protected.',
        );
      }
    }
  }

  return {
    async load() {
      const wrapped = await readKeyFile(filePath);
      if (!wrapped) return null;
      assertTrustedBackend();
      let key: Buffer;
      try {
        key = Buffer.from(safeStorage.decryptString(wrapped), 'base64');
      } catch (cause) {
        throw new KeyStoreError(
          'keystore_corrupt',
          'The stored data key could not be unwrapped by the OS keychain (a different user, machine or keyring?).',
          { cause },
        );
      }
      assertKeyMaterial(key);
      return key;
    },
    async save(key) {
      assertKeyMaterial(key);
      assertTrustedBackend();
      await writeKeyFile(filePath, safeStorage.encryptString(key.toString('base64')));
    },
    async destroy() {
      await removeKeyFile(filePath);
    },
  };
}
