import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Customer } from '@shared/domain/index.ts';
import { maskField } from '@shared/privacy/mask.ts';
import type { PrivacyField, SealedCustomer, SealedValue } from '@shared/privacy/sealed.ts';
import { PRIVACY_FIELDS } from '@shared/privacy/sealed.ts';
import type { PatchOp, SealedPatchOp } from '@shared/sync/protocol.ts';
import type { KeyStore } from '../keyStore/keyStore.ts';
import { DATA_KEY_BYTES } from '../keyStore/keyStore.ts';
import { formatEnvelope, IV_BYTES, parseEnvelope, TAG_BYTES, VaultError } from './envelope.ts';

const CIPHER = 'aes-256-gcm';
/** SealedValue.masked is capped at 256 characters by the shared schema. */
const MASK_MAX = 256;

export interface Vault {
  /** The id stamped into every envelope: a short hash of the key, not the key. */
  readonly keyId: string;
  seal(recordId: string, field: string, plaintext: string): string;
  /** Throws VaultError on a malformed, tampered, truncated, moved or foreign-key envelope. */
  open(recordId: string, field: string, sealed: string): string;
  sealCustomer(customer: Customer): SealedCustomer;
  sealPatch(patch: readonly PatchOp[]): SealedPatchOp[];
}

/**
 * Loads the data key from the key store, generating and saving a fresh random one the first time.
 * Create one vault per key store and share it: two vaults racing on an empty store would each save
 * a different key.
 */
export async function createVault(keyStore: KeyStore): Promise<Vault> {
  let key = await keyStore.load();
  if (!key) {
    key = randomBytes(DATA_KEY_BYTES);
    await keyStore.save(key);
  }
  return vaultWithKey(key);
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('caredesk/vault-key-id/v1')
    .update(key)
    .digest()
    .subarray(0, 6)
    .toString('base64url');
}

/** The record and field are authenticated with the value, so a ciphertext moved elsewhere fails to open. */
function associatedData(recordId: string, field: string): Buffer {
  return Buffer.from(`${recordId}:${field}`, 'utf8');
}

function vaultWithKey(rawKey: Buffer): Vault {
  const key = Buffer.from(rawKey);
  const keyId = keyIdOf(key);

  function seal(recordId: string, field: string, plaintext: string): string {
    // A fresh random IV per value: GCM loses both secrecy and integrity if an IV ever repeats under one key.
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(recordId, field));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return formatEnvelope({ keyId, iv, ciphertext, tag: cipher.getAuthTag() });
  }

  function open(recordId: string, field: string, sealed: string): string {
    const envelope = parseEnvelope(sealed);
    if (envelope.keyId !== keyId) {
      throw new VaultError(
        'vault_wrong_key',
        `Sealed value was made with key ${envelope.keyId}, but this vault holds key ${keyId}.`,
      );
    }
    const decipher = createDecipheriv(CIPHER, key, envelope.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(recordId, field));
    decipher.setAuthTag(envelope.tag);
    try {
      return Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError(
        'vault_tampered',
        `Sealed value for ${field} failed authentication: it was altered, truncated, or belongs to another record or field.`,
      );
    }
  }

  function sealValue(recordId: string, field: PrivacyField, value: string | null): SealedValue | null {
    if (value === null) return null;
    return { masked: maskField(field, value).slice(0, MASK_MAX), sealed: seal(recordId, field, value) };
  }

  function sealCustomer(customer: Customer): SealedCustomer {
    const rest: Record<string, unknown> = { ...customer };
    const pii: Record<string, SealedValue | null> = {};
    for (const field of PRIVACY_FIELDS) {
      pii[field] = sealValue(customer.id, field, customer[field]);
      delete rest[field];
    }
    return { ...(rest as Omit<Customer, PrivacyField>), pii: pii as SealedCustomer['pii'] };
  }

  function sealPatch(patch: readonly PatchOp[]): SealedPatchOp[] {
    return patch.map((op) =>
      op.op === 'put' && op.entity === 'customer' ? { ...op, value: sealCustomer(op.value) } : op,
    );
  }

  return { keyId, seal, open, sealCustomer, sealPatch };
}
