import { randomBytes } from 'node:crypto';

/** One AES-256 data key and the id its envelopes name. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/**
 * The server's privacy keys: `current` encrypts, every key in `byId` (current included) decrypts, so a
 * new key can be put first while envelopes made under older keys stay readable (docs/privacy.md).
 * `indexKey` is the separate HMAC key of the phone blind index.
 */
export interface PrivacyKeys {
  current: DataKey;
  byId: ReadonlyMap<string, DataKey>;
  indexKey: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** A base64 (or base64url) 32-byte key, or a clear error naming what is wrong (never the key). */
export function decodeKey(text: string, what: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes in base64 (got ${key.length} bytes)`);
  return key;
}

/**
 * Parses `keyId:base64key,keyId:base64key,…` (first = current) and the index key. Throws a clear error
 * for an empty list, a bad id, a key that is not 32 bytes or a repeated id.
 */
export function parsePrivacyKeys(dataKeys: string, indexKey: string): PrivacyKeys {
  const entries = dataKeys
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!entries.length) throw new Error('CAREDESK_DATA_KEYS is empty: give at least one keyId:base64key');
  const byId = new Map<string, DataKey>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new Error('CAREDESK_DATA_KEYS: each entry is keyId:base64key, id [A-Za-z0-9_-]');
    if (byId.has(id)) throw new Error(`CAREDESK_DATA_KEYS: key id ${id} appears twice`);
    byId.set(id, { id, key: decodeKey(entry.slice(colon + 1), `CAREDESK_DATA_KEYS key ${id}`) });
  }
  return {
    current: byId.get(entries[0]!.slice(0, entries[0]!.indexOf(':')))!,
    byId,
    indexKey: decodeKey(indexKey, 'CAREDESK_PHONE_INDEX_KEY'),
  };
}

export const newKeyText = () => randomBytes(32).toString('base64');

/** Fresh random keys: in-memory servers (tests) whose data dies with the process anyway. */
export function generateEphemeralKeys(): PrivacyKeys {
  return parsePrivacyKeys(`k1:${newKeyText()}`, newKeyText());
}

let installed: PrivacyKeys | null = null;

/**
 * The keys of this process. Installed once at start-up (createServer, the seed CLI) and read where rows
 * are encrypted or mapped to domain values (db/rows.ts), so no caller has to thread them through.
 * One server per process in production; tests run one server per file (and Vitest isolates files).
 */
export function installPrivacyKeys(keys: PrivacyKeys): void {
  installed = keys;
}

export function privacyKeys(): PrivacyKeys {
  if (!installed) throw new Error('Privacy keys are not installed: call installPrivacyKeys at start-up');
  return installed;
}
