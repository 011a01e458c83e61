import { describe, expect, it } from 'vitest';
import { PRIVACY_FIELDS, SealedCustomer } from '@shared/privacy/sealed.ts';
import { SealedPatchOp } from '@shared/sync/protocol.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import { createVault } from './vault.ts';
import { VaultError } from './envelope.ts';
import { customer } from '../../test/fixtures.ts';

const RECORD = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';

async function freshVault() {
  return createVault(createSoftwareKeyStore({ memory: true }));
}

function openError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return err as VaultError;
  }
  throw new Error('expected open() to throw');
}

describe('vault', () => {
  it('opens what it sealed, including empty and non-ASCII text', async () => {
    const vault = await freshVault();
    for (const text of ['', '王小明', '13812345678', 'a'.repeat(5000)]) {
      expect(vault.open(RECORD, 'name', vault.seal(RECORD, 'name', text))).toBe(text);
    }
  });

  it('uses a fresh IV each time: the same plaintext never gives the same envelope', async () => {
    const vault = await freshVault();
    const envelopes = new Set(Array.from({ length: 50 }, () => vault.seal(RECORD, 'phone', '13812345678')));
    expect(envelopes.size).toBe(50);
    const ivs = new Set(
      [...envelopes].map((e) => Buffer.from(e.split('.')[2]!, 'base64url').subarray(0, 12).toString('hex')),
    );
    expect(ivs.size).toBe(50);
  });

  it('writes a versioned envelope naming its key', async () => {
    const vault = await freshVault();
    expect(vault.seal(RECORD, 'name', 'x')).toMatch(new RegExp(`^v1\\.${vault.keyId}\\.[A-Za-z0-9_-]+$`));
  });

  it('keeps the key across restarts through the key store', async () => {
    const keyStore = createSoftwareKeyStore({ memory: true });
    const sealed = (await createVault(keyStore)).seal(RECORD, 'email', 'a@b.cn');
    expect((await createVault(keyStore)).open(RECORD, 'email', sealed)).toBe('a@b.cn');
  });

  it('refuses a tampered ciphertext', async () => {
    const vault = await freshVault();
    const [v, kid, payload] = vault.seal(RECORD, 'name', '王小明').split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes[14]! ^= 0x01;
    const error = openError(() => vault.open(RECORD, 'name', `${v}.${kid}.${bytes.toString('base64url')}`));
    expect(error.code).toBe('vault_tampered');
    expect(error.message).toMatch(/altered|truncated/);
  });

  it('refuses a value moved to another field or another record', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'phone', '13812345678');
    expect(openError(() => vault.open(RECORD, 'idNumber', sealed)).code).toBe('vault_tampered');
    expect(openError(() => vault.open(customer.id, 'phone', sealed)).code).toBe('vault_tampered');
  });

  it('refuses a value sealed under a different key', async () => {
    const sealed = (await freshVault()).seal(RECORD, 'name', 'x');
    const other = await freshVault();
    const error = openError(() => other.open(RECORD, 'name', sealed));
    expect(error.code).toBe('vault_wrong_key');
  });

  it('refuses truncated and malformed envelopes', async () => {
    const vault = await freshVault();
    const sealed = vault.seal(RECORD, 'name', '王小明');
    expect(openError(() => vault.open(RECORD, 'name', sealed.slice(0, -4))).code).toBe('vault_tampered');
    expect(openError(() => vault.open(RECORD, 'name', sealed.slice(0, 20))).code).toBe('vault_malformed');
    expect(openError(() => vault.open(RECORD, 'name', 'not an envelope')).code).toBe('vault_malformed');
    expect(openError(() => vault.open(RECORD, 'name', sealed.replace(/^v1/, 'v9'))).code).toBe(
      'vault_unsupported_version',
    );
  });

  it('seals every privacy field of a customer: masks shown, no plaintext anywhere', async () => {
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
  });

  it('keeps null privacy fields null', async () => {
    const vault = await freshVault();
    const sealed = vault.sealCustomer({ ...customer, email: null, healthNotes: null });
    expect(sealed.pii.email).toBeNull();
    expect(sealed.pii.healthNotes).toBeNull();
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
