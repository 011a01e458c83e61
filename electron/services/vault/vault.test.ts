import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRIVACY_FIELDS, SealedCustomer } from '@shared/privacy/sealed.ts';
import { SealedPatchOp } from '@shared/sync/protocol.ts';
import type { KeyStore } from '../keyStore/keyStore.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import { createVault } from './vault.ts';
import type { VaultErrorCode } from './envelope.ts';
import { VaultError } from './envelope.ts';
import { customer } from '../../test/fixtures.ts';

const RECORD = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';

/*
 * Made by the first release's vault (v1, commit e577efd) with this key: the format this vault must
 * keep opening after an upgrade.
 */
const LEGACY_KEY = Buffer.from('030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dc', 'hex');
const LEGACY_KEY_ID = '0tb7fPyU';
const LEGACY_PHONE = 'v1.0tb7fPyU.URZpfew9-IpmQ1LI4_cwRgTscuCWo8wqqtc7HxfVmVEGD59QKDFn';
const LEGACY_HEALTH = 'v1.0tb7fPyU.3lp6ldeODuCSR1d4kfsLJFCgVererfc5eYGi5_Rntw2X8koqepQSmoUQymjFQGuv2uG-MA';

async function freshVault(keyStore: KeyStore = createSoftwareKeyStore({ memory: true })) {
  return createVault(keyStore);
}

async function legacyStore(): Promise<KeyStore> {
  const store = createSoftwareKeyStore({ memory: true });
  await store.save(Buffer.from(LEGACY_KEY));
  return store;
}

function vaultError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected a VaultError');
}
const codeOf = (fn: () => unknown): VaultErrorCode => vaultError(fn).code;

function payloadBytes(sealed: string): Buffer {
  return Buffer.from(sealed.split('.')[2]!, 'base64url');
}
function withPayload(sealed: string, bytes: Buffer): string {
  const [v, kid] = sealed.split('.') as [string, string];
  return `${v}.${kid}.${bytes.toString('base64url')}`;
}

describe('vault v2', () => {
  it('opens what it sealed, including empty and non-ASCII text', async () => {
    const vault = await freshVault();
    for (const text of ['', '王小明', '13812345678', 'a'.repeat(5000), 'ends in zero \0', '\u0080']) {
      expect(vault.open(RECORD, 'name', vault.seal(RECORD, 'name', text))).toBe(text);
    }
  });

  it('uses a fresh IV each time: the same plaintext never gives the same envelope', async () => {
    const vault = await freshVault();
    const envelopes = new Set(Array.from({ length: 50 }, () => vault.seal(RECORD, 'phone', '13812345678')));
    expect(envelopes.size).toBe(50);
    const ivs = new Set([...envelopes].map((e) => payloadBytes(e).subarray(0, 12).toString('hex')));
    expect(ivs.size).toBe(50);
  });

  it('writes a v2 envelope naming its key', async () => {
    const vault = await freshVault();
    expect(vault.seal(RECORD, 'name', 'x')).toMatch(new RegExp(`^v2\\.${vault.keyId}\\.[A-Za-z0-9_-]+$`));
  });

  it('pads to 32-byte blocks, so lengths within a block look alike', async () => {
    const vault = await freshVault();
    const size = (text: string) => payloadBytes(vault.seal(RECORD, 'healthNotes', text)).length;
    expect(size('过敏')).toBe(size('对含酒精成分过敏曾出')); // 6 and 30 bytes of UTF-8
    expect(size('a'.repeat(31))).toBe(12 + 32 + 16);
    expect(size('a'.repeat(32))).toBe(12 + 64 + 16);
  });

  it('keeps its keys across restarts through the key store', async () => {
    const keyStore = createSoftwareKeyStore({ memory: true });
    const sealed = (await createVault(keyStore)).seal(RECORD, 'email', 'a@b.cn');
    expect((await createVault(keyStore)).open(RECORD, 'email', sealed)).toBe('a@b.cn');
  });
});

describe('vault errors: a typed error, never garbage', () => {
  it('tampered ciphertext, IV or tag → vault_tampered', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'name', '王小明');
    for (const at of [0, 14, payloadBytes(sealed).length - 1]) {
      const bytes = payloadBytes(sealed);
      bytes[at]! ^= 0x01;
      const error = vaultError(() => vault.open(RECORD, 'name', withPayload(sealed, bytes)));
      expect(error.code).toBe('vault_tampered');
      expect(error.message).toMatch(/altered|truncated/);
    }
  });

  it('a value moved to another field or another record → vault_tampered', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'phone', '13812345678');
    expect(codeOf(() => vault.open(RECORD, 'idNumber', sealed))).toBe('vault_tampered');
    expect(codeOf(() => vault.open(customer.id, 'phone', sealed))).toBe('vault_tampered');
  });

  it('a key id swapped in the header → vault_tampered (the header is authenticated too)', async () => {
    const vault = await freshVault();
    const old = vault.seal(RECORD, 'phone', '13812345678');
    const oldId = vault.keyId;
    await vault.rotate();
    const fresh = vault.seal(RECORD, 'phone', '13812345678');
    const swapped = fresh.replace(`.${vault.keyId}.`, `.${oldId}.`);
    expect(codeOf(() => vault.open(RECORD, 'phone', swapped))).toBe('vault_tampered');
    expect(vault.open(RECORD, 'phone', old)).toBe('13812345678');
  });

  it('a key this vault never had → vault_wrong_key', async () => {
    const sealed = (await freshVault()).seal(RECORD, 'name', 'x');
    const other = await freshVault();
    expect(codeOf(() => other.open(RECORD, 'name', sealed))).toBe('vault_wrong_key');
  });

  it('truncated ciphertext → vault_truncated; too short or not an envelope → vault_malformed', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'name', '王小明');
    expect(codeOf(() => vault.open(RECORD, 'name', sealed.slice(0, -4)))).toBe('vault_truncated');
    const bytes = payloadBytes(sealed);
    const noCiphertext = Buffer.concat([bytes.subarray(0, 12), bytes.subarray(bytes.length - 16)]);
    expect(codeOf(() => vault.open(RECORD, 'name', withPayload(sealed, noCiphertext)))).toBe(
      'vault_truncated',
    );
    // Cut a whole block off a two-block value: the length fits again, so authentication catches it.
    const long = vault.seal(RECORD, 'name', 'a'.repeat(40));
    const longBytes = payloadBytes(long);
    const blockShort = Buffer.concat([
      longBytes.subarray(0, 12 + 32),
      longBytes.subarray(longBytes.length - 16),
    ]);
    expect(codeOf(() => vault.open(RECORD, 'name', withPayload(long, blockShort)))).toBe('vault_tampered');
    expect(codeOf(() => vault.open(RECORD, 'name', sealed.slice(0, 20)))).toBe('vault_malformed');
    expect(codeOf(() => vault.open(RECORD, 'name', 'not an envelope'))).toBe('vault_malformed');
    expect(codeOf(() => vault.open(RECORD, 'name', 'v2.abc.not*base64'))).toBe('vault_malformed');
  });

  it('unknown version → vault_unsupported_version', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'name', '王小明');
    expect(codeOf(() => vault.open(RECORD, 'name', sealed.replace(/^v2/, 'v9')))).toBe(
      'vault_unsupported_version',
    );
  });
});

describe('v1 envelopes from before key rotation', () => {
  it('a pre-keyring key store is upgraded in place and its v1 envelopes still open', async () => {
    const store = await legacyStore();
    const vault = await createVault(store);
    expect(vault.keyId).toBe(LEGACY_KEY_ID);
    expect(vault.open(RECORD, 'phone', LEGACY_PHONE)).toBe('13812345678');
    expect(vault.open(RECORD, 'healthNotes', LEGACY_HEALTH)).toBe('对含酒精成分过敏');
    // The store now holds a keyring (with an index key), and the upgrade sticks.
    expect((await store.load())!.length).toBeGreaterThan(32);
    const again = await createVault(store);
    expect(again.phoneIndex('13812345678')).toBe(vault.phoneIndex('13812345678'));
    expect(again.open(RECORD, 'phone', LEGACY_PHONE)).toBe('13812345678');
  });

  it('keeps v1 checks: moved, tampered and truncated v1 values are refused', async () => {
    const vault = await createVault(await legacyStore());
    expect(codeOf(() => vault.open(RECORD, 'name', LEGACY_PHONE))).toBe('vault_tampered');
    expect(codeOf(() => vault.open(customer.id, 'phone', LEGACY_PHONE))).toBe('vault_tampered');
    expect(codeOf(() => vault.open(RECORD, 'phone', LEGACY_PHONE.slice(0, -4)))).toBe('vault_tampered');
    // A v1 envelope relabelled v2 does not slip through either.
    expect(() => vault.open(RECORD, 'phone', LEGACY_PHONE.replace(/^v1/, 'v2'))).toThrow(VaultError);
  });

  it('rewrap turns a v1 envelope into a v2 one under the current key', async () => {
    const vault = await createVault(await legacyStore());
    await vault.rotate();
    expect(vault.needsRewrap(LEGACY_PHONE)).toBe(true);
    const rewrapped = vault.rewrap(RECORD, 'phone', LEGACY_PHONE);
    expect(rewrapped.startsWith(`v2.${vault.keyId}.`)).toBe(true);
    expect(vault.needsRewrap(rewrapped)).toBe(false);
    expect(vault.open(RECORD, 'phone', rewrapped)).toBe('13812345678');
    expect(codeOf(() => vault.rewrap(customer.id, 'phone', LEGACY_PHONE))).toBe('vault_tampered');
  });
});

describe('key rotation', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caredesk-vault-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotate makes a new current key; old envelopes still open, also after a restart', async () => {
    const store = createSoftwareKeyStore({ filePath: join(dir, 'keyring') });
    const vault = await createVault(store);
    const first = vault.keyId;
    const old = vault.seal(RECORD, 'address', '广东省深圳市南山区科技园科苑路15号');
    const second = await vault.rotate();
    expect(second).not.toBe(first);
    expect(vault.keyId).toBe(second);
    expect(vault.keyIds()).toEqual([second, first]);
    const fresh = vault.seal(RECORD, 'address', 'x');
    expect(fresh.split('.')[1]).toBe(second);
    expect(vault.open(RECORD, 'address', old)).toBe('广东省深圳市南山区科技园科苑路15号');

    const restarted = await createVault(createSoftwareKeyStore({ filePath: join(dir, 'keyring') }));
    expect(restarted.keyId).toBe(second);
    expect(restarted.open(RECORD, 'address', old)).toBe('广东省深圳市南山区科技园科苑路15号');
    expect(restarted.open(RECORD, 'address', fresh)).toBe('x');
  });

  it('rewrap re-seals under the current key, and only for the same record and field', async () => {
    const vault = await freshVault();
    const old = vault.seal(RECORD, 'phone', '13812345678');
    expect(vault.needsRewrap(old)).toBe(false);
    await vault.rotate();
    expect(vault.needsRewrap(old)).toBe(true);
    const rewrapped = vault.rewrap(RECORD, 'phone', old);
    expect(rewrapped.split('.')[1]).toBe(vault.keyId);
    expect(vault.open(RECORD, 'phone', rewrapped)).toBe('13812345678');
    expect(codeOf(() => vault.rewrap(RECORD, 'name', old))).toBe('vault_tampered');
  });

  it('does not rotate the blind-index key (every index would change)', async () => {
    const vault = await freshVault();
    const before = vault.phoneIndex('13812345678');
    await vault.rotate();
    expect(vault.phoneIndex('13812345678')).toBe(before);
  });

  it('concurrent rotations are serialised: both keys end up in the saved keyring', async () => {
    const store = createSoftwareKeyStore({ filePath: join(dir, 'keyring') });
    const vault = await createVault(store);
    const [a, b] = await Promise.all([vault.rotate(), vault.rotate()]);
    const restarted = await createVault(store);
    expect(restarted.keyIds()).toEqual(vault.keyIds());
    expect(restarted.keyIds().slice(0, 2)).toEqual([b, a]);
  });
});

describe('wipe (crypto-shredding)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'caredesk-wipe-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('nothing opens from the moment destroy is called, before the key store has finished', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'phone', '13812345678');
    const destroying = vault.destroy();
    expect(vault.wiped).toBe(true);
    expect(codeOf(() => vault.open(RECORD, 'phone', sealed))).toBe('vault_wiped');
    expect(codeOf(() => vault.seal(RECORD, 'phone', 'x'))).toBe('vault_wiped');
    expect(() => vault.phoneIndex('13812345678')).toThrow(VaultError);
    await destroying;
  });

  it('a new vault over the same key store path cannot open old envelopes', async () => {
    const filePath = join(dir, 'keyring');
    const vault = await createVault(createSoftwareKeyStore({ filePath }));
    const sealed = vault.seal(RECORD, 'healthNotes', '对含酒精成分过敏');
    const index = vault.phoneIndex('13812345678');
    await vault.destroy();
    await expect(readFile(filePath)).rejects.toMatchObject({ code: 'ENOENT' });

    const after = await createVault(createSoftwareKeyStore({ filePath }));
    expect(codeOf(() => after.open(RECORD, 'healthNotes', sealed))).toBe('vault_wrong_key');
    expect(after.phoneIndex('13812345678')).not.toBe(index);
  });

  it('reinitialise gives brand-new keys; envelopes from before the wipe still say vault_wiped', async () => {
    const store = createSoftwareKeyStore({ filePath: join(dir, 'keyring') });
    const vault = await createVault(store);
    const sealed = vault.seal(RECORD, 'name', '王小明');
    const oldId = vault.keyId;
    await vault.destroy();
    await vault.reinitialise();
    expect(vault.wiped).toBe(false);
    expect(vault.keyId).not.toBe(oldId);
    expect(codeOf(() => vault.open(RECORD, 'name', sealed))).toBe('vault_wiped');
    expect(vault.open(RECORD, 'name', vault.seal(RECORD, 'name', 'new'))).toBe('new');
    expect((await createVault(store)).keyId).toBe(vault.keyId);
  });

  it('a rotation caught by a wipe does not leave its key behind', async () => {
    const store = createSoftwareKeyStore({ filePath: join(dir, 'keyring') });
    const vault = await createVault(store);
    const rotating = vault.rotate();
    await vault.destroy();
    await expect(rotating).rejects.toMatchObject({ code: 'vault_wiped' });
    expect(await store.load()).toBeNull();
  });
});

describe('sealing customers', () => {
  it('seals every privacy field: masks shown, no plaintext anywhere, a phone index added', async () => {
    const vault = await freshVault();
    const sealed = vault.sealCustomer(customer);
    expect(SealedCustomer.parse(sealed)).toEqual(sealed);
    const text = JSON.stringify(sealed);
    for (const field of PRIVACY_FIELDS) {
      const value = customer[field];
      if (value === null) continue;
      expect(text).not.toContain(value);
      expect(sealed).not.toHaveProperty(field);
      expect(vault.open(customer.id, field, sealed.pii[field]!.sealed)).toBe(value);
    }
    expect(sealed.pii.name.masked).toBe('王**');
    expect(sealed.pii.phone.masked).toBe('138****5678');
    expect(sealed.loyaltyTier).toBe('gold');
    expect(sealed.phoneIndex).toBe(vault.phoneIndex('+86 138-1234-5678'));
    expect(sealed.phoneIndex).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps null privacy fields null, and leaves the index out when the phone is not a number', async () => {
    const vault = await freshVault();
    const sealed = vault.sealCustomer({ ...customer, email: null, healthNotes: null, phone: 'unknown' });
    expect(sealed.pii.email).toBeNull();
    expect(sealed.pii.healthNotes).toBeNull();
    expect(sealed).not.toHaveProperty('phoneIndex');
    expect(SealedCustomer.parse(sealed)).toEqual(sealed);
  });

  it('seals customer puts in a patch and passes other operations through', async () => {
    const vault = await freshVault();
    const patch = vault.sealPatch([
      { op: 'clear' },
      { op: 'put', entity: 'customer', value: customer },
      { op: 'del', entity: 'ticket', id: RECORD },
    ]);
    for (const op of patch) SealedPatchOp.parse(op);
    expect(patch[0]).toEqual({ op: 'clear' });
    expect(patch[2]).toEqual({ op: 'del', entity: 'ticket', id: RECORD });
    expect(JSON.stringify(patch)).not.toContain(customer.phone);
  });
});
