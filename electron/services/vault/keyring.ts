import { createHash, randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, KeyStoreError } from '../keyStore/keyStore.ts';

/** One AES-256 data key, named by a short hash of itself (the id stamped into envelopes). */
export interface DataKey {
  readonly id: string;
  readonly key: Buffer;
  /** When it became current (0 for a key from before rotation existed). */
  readonly createdAt: number;
}

/**
 * Everything the vault needs, saved as one blob through the key store (so the OS keychain wraps it
 * all): the current data key, the previous ones (old envelopes still open), and the blind-index key.
 * The index key is separate from the data keys and does not rotate with them: rotating it would
 * change every customer's phone index.
 */
export interface Keyring {
  readonly current: DataKey;
  readonly previous: readonly DataKey[];
  readonly indexKey: Buffer;
}

/*
 * Binary layout (no JSON, so key bytes never pass through strings while parsing):
 *   "CDKR" | format 1 | n = number of data keys (current first)
 *   n × ( createdAt: float64 BE | key: 32 bytes )
 *   index key: 32 bytes
 * A bare 32-byte blob is the single data key of a pre-keyring vault.
 */
const MAGIC = Buffer.from('CDKR', 'latin1');
const FORMAT = 1;
const HEADER_BYTES = MAGIC.length + 2;
const ENTRY_BYTES = 8 + DATA_KEY_BYTES;
export const MAX_DATA_KEYS = 255;

export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('caredesk/vault-key-id/v1')
    .update(key)
    .digest()
    .subarray(0, 6)
    .toString('base64url');
}

export function newDataKey(now: number): DataKey {
  const key = randomBytes(DATA_KEY_BYTES);
  return { id: keyIdOf(key), key, createdAt: now };
}

export function generateKeyring(now: number): Keyring {
  return { current: newDataKey(now), previous: [], indexKey: randomBytes(DATA_KEY_BYTES) };
}

export function serializeKeyring(ring: Keyring): Buffer {
  const keys = [ring.current, ...ring.previous];
  const out = Buffer.alloc(HEADER_BYTES + keys.length * ENTRY_BYTES + DATA_KEY_BYTES);
  MAGIC.copy(out, 0);
  out.writeUInt8(FORMAT, MAGIC.length);
  out.writeUInt8(keys.length, MAGIC.length + 1);
  keys.forEach((k, i) => {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    out.writeDoubleBE(k.createdAt, at);
    k.key.copy(out, at + 8);
  });
  ring.indexKey.copy(out, HEADER_BYTES + keys.length * ENTRY_BYTES);
  return out;
}

export type ParsedKeyring = { kind: 'keyring'; ring: Keyring } | { kind: 'legacy'; dataKey: DataKey };

/** Reads what the key store holds; anything that is neither a keyring nor a bare key is corrupt. */
export function parseKeyring(material: Buffer): ParsedKeyring {
  if (material.length === DATA_KEY_BYTES) {
    const key = Buffer.from(material);
    return { kind: 'legacy', dataKey: { id: keyIdOf(key), key, createdAt: 0 } };
  }
  const corrupt = (why: string) =>
    new KeyStoreError('keystore_corrupt', `The stored keyring is unusable: ${why}.`);
  if (material.length < HEADER_BYTES || !material.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt('not a CareDesk keyring');
  }
  const format = material.readUInt8(MAGIC.length);
  if (format !== FORMAT) throw corrupt(`format ${format} is not supported`);
  const count = material.readUInt8(MAGIC.length + 1);
  if (count < 1) throw corrupt('it holds no data key');
  if (material.length !== HEADER_BYTES + count * ENTRY_BYTES + DATA_KEY_BYTES) throw corrupt('wrong length');
  const keys: DataKey[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    const createdAt = material.readDoubleBE(at);
    if (!Number.isFinite(createdAt) || createdAt < 0) throw corrupt('a key has an invalid date');
    const key = Buffer.from(material.subarray(at + 8, at + ENTRY_BYTES));
    keys.push({ id: keyIdOf(key), key, createdAt });
  }
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw corrupt('a data key appears twice');
  const indexKey = Buffer.from(material.subarray(material.length - DATA_KEY_BYTES));
  const [current, ...previous] = keys as [DataKey, ...DataKey[]];
  return { kind: 'keyring', ring: { current, previous, indexKey } };
}

/** Overwrites every key of the ring in memory (the ring is unusable afterwards). */
export function zeroKeyring(ring: Keyring): void {
  for (const k of [ring.current, ...ring.previous]) k.key.fill(0);
  ring.indexKey.fill(0);
}
