import type { KeyStore } from './keyStore.ts';
import { assertKeyMaterial, KeyStoreError } from './keyStore.ts';
import { readKeyFile, removeKeyFile, writeKeyFile } from './keyFile.ts';

export type SoftwareKeyStoreOptions = { filePath: string } | { memory: true };

/**
 * A key store WITHOUT the OS keychain: the key sits in a 0600 file (or only in memory). Anyone who
 * can read the file as this user can read every sealed value. Meant for tests and the browser host,
 * where there is no safeStorage; the Electron app uses createSafeStorageKeyStore.
 */
export function createSoftwareKeyStore(options: SoftwareKeyStoreOptions): KeyStore {
  if ('memory' in options) {
    let key: Buffer | null = null;
    return {
      load: async () => (key ? Buffer.from(key) : null),
      save: async (next) => {
        assertKeyMaterial(next);
        key = Buffer.from(next);
      },
      destroy: async () => {
        key?.fill(0);
        key = null;
      },
    };
  }
  const { filePath } = options;
  return {
    async load() {
      const stored = await readKeyFile(filePath);
      if (!stored) return null;
      const key = Buffer.from(stored.toString('utf8').trim(), 'base64');
      if (key.length === 0) throw new KeyStoreError('keystore_corrupt', `The key file ${filePath} is empty.`);
      assertKeyMaterial(key);
      return key;
    },
    async save(key) {
      assertKeyMaterial(key);
      await writeKeyFile(filePath, Buffer.from(key.toString('base64') + '\n'));
    },
    async destroy() {
      await removeKeyFile(filePath);
    },
  };
}
