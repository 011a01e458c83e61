import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SafeStorageLike } from './safeStorageKeyStore.ts';
import { createSafeStorageKeyStore } from './safeStorageKeyStore.ts';
import { createSoftwareKeyStore } from './softwareKeyStore.ts';
import { KeyStoreError } from './keyStore.ts';

/** Stands in for the OS keychain: a reversible transform plus a marker, never the identity. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike & { calls: number } {
  const mask = randomBytes(64);
  const xor = (buf: Buffer) => Buffer.from(buf.map((b, i) => b ^ mask[i % mask.length]!));
  return {
    calls: 0,
    isEncryptionAvailable: () => available,
    encryptString(plain) {
      this.calls++;
      return Buffer.concat([Buffer.from('FAKEOS'), xor(Buffer.from(plain, 'utf8'))]);
    },
    decryptString(encrypted) {
      if (!encrypted.subarray(0, 6).equals(Buffer.from('FAKEOS'))) throw new Error('not ours');
      return xor(encrypted.subarray(6)).toString('utf8');
    },
    getSelectedStorageBackend: () => backend,
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caredesk-keystore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safeStorage key store', () => {
  it('round-trips the key while the file holds only the wrapped form', async () => {
    const filePath = join(dir, 'data-key.bin');
    const store = createSafeStorageKeyStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'linux' });
    expect(await store.load()).toBeNull();
    const key = randomBytes(32);
    await store.save(key);
    expect(await store.load()).toEqual(key);

    const onDisk = await readFile(filePath);
    expect(onDisk.includes(key)).toBe(false);
    expect(onDisk.toString('latin1')).not.toContain(key.toString('base64'));
    expect(onDisk.toString('latin1')).not.toContain(key.toString('hex'));
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it("refuses Linux's basic_text backend, saying why, unless explicitly allowed", async () => {
    const filePath = join(dir, 'data-key.bin');
    const safeStorage = fakeSafeStorage('basic_text');
    const refusing = createSafeStorageKeyStore({ safeStorage, filePath, platform: 'linux' });
    const error = await refusing.save(randomBytes(32)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyStoreError);
    expect((error as KeyStoreError).code).toBe('keystore_untrusted_backend');
    expect((error as KeyStoreError).message).toMatch(/basic_text.*password built into Chromium/s);
    expect(safeStorage.calls).toBe(0);

    const allowing = createSafeStorageKeyStore({
      safeStorage,
      filePath,
      platform: 'linux',
      allowBasicText: true,
    });
    await allowing.save(randomBytes(32));
    expect(await allowing.load()).toHaveLength(32);
    await expect(refusing.load()).rejects.toMatchObject({ code: 'keystore_untrusted_backend' });
  });

  it('does not apply the Linux rule elsewhere', async () => {
    const store = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('basic_text'),
      filePath: join(dir, 'k'),
      platform: 'darwin',
    });
    await expect(store.save(randomBytes(32))).resolves.toBeUndefined();
  });

  it('refuses when the OS keychain is unavailable', async () => {
    const store = createSafeStorageKeyStore({
      safeStorage: fakeSafeStorage('gnome_libsecret', false),
      filePath: join(dir, 'k'),
      platform: 'linux',
    });
    await expect(store.save(randomBytes(32))).rejects.toMatchObject({ code: 'keystore_unavailable' });
  });

  it('reports a key it cannot unwrap as corrupt instead of returning garbage', async () => {
    const filePath = join(dir, 'k');
    await writeFile(filePath, 'something else entirely');
    const store = createSafeStorageKeyStore({ safeStorage: fakeSafeStorage(), filePath, platform: 'linux' });
    await expect(store.load()).rejects.toMatchObject({ code: 'keystore_corrupt' });
  });

  it('destroy forgets the key', async () => {
    const store = createSafeStorageKeyStore({ safeStorage: fakeSafeStorage(), filePath: join(dir, 'k') });
    await store.save(randomBytes(32));
    await store.destroy();
    expect(await store.load()).toBeNull();
    await expect(store.destroy()).resolves.toBeUndefined();
  });

  it('holds a whole keyring, not just one key', async () => {
    const store = createSafeStorageKeyStore({ safeStorage: fakeSafeStorage(), filePath: join(dir, 'k') });
    const keyring = randomBytes(32 * 5 + 6);
    await store.save(keyring);
    expect(await store.load()).toEqual(keyring);
  });
});

describe('software key store', () => {
  it('keeps the key in a 0600 file', async () => {
    const filePath = join(dir, 'nested', 'data-key');
    const store = createSoftwareKeyStore({ filePath });
    const key = randomBytes(32);
    await store.save(key);
    expect(await createSoftwareKeyStore({ filePath }).load()).toEqual(key);
    if (process.platform !== 'win32') expect((await stat(filePath)).mode & 0o777).toBe(0o600);
  });

  it('keeps the key in memory only when asked', async () => {
    const store = createSoftwareKeyStore({ memory: true });
    expect(await store.load()).toBeNull();
    const key = randomBytes(32);
    await store.save(key);
    expect(await store.load()).toEqual(key);
    await store.destroy();
    expect(await store.load()).toBeNull();
  });

  it('rejects key material of the wrong size', async () => {
    await expect(createSoftwareKeyStore({ memory: true }).save(randomBytes(16))).rejects.toMatchObject({
      code: 'keystore_corrupt',
    });
    await expect(createSoftwareKeyStore({ memory: true }).save(randomBytes(64 * 1024))).rejects.toMatchObject(
      { code: 'keystore_corrupt' },
    );
  });

  it('destroy overwrites the file before removing it, and forgets the key', async () => {
    const filePath = join(dir, 'data-key');
    const store = createSoftwareKeyStore({ filePath });
    await store.save(randomBytes(32));
    await store.destroy();
    await expect(stat(filePath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await store.load()).toBeNull();
  });
});
