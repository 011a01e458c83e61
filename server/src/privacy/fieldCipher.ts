import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PrivacyKeys } from './keyring.ts';

/**
 * Envelope of one encrypted column value: `cd1.<keyId>.<iv>.<ciphertext+tag>` (base64url parts).
 * AES-256-GCM, a fresh 96-bit IV per value; the format, key id and `table.column/rowId` are bound as
 * associated data, so a value copied to another row or column, or relabelled, does not open. `cd1` is the format version.
 */
const VERSION = 'cd1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value that does not open: tampered, truncated, moved, under an unknown key, or not an envelope. */
export class FieldCipherError extends Error {
  override name = 'FieldCipherError';
}

/** Binds the header (format, key id) and the value's place (table, column, row) to the ciphertext. */
const aad = (keyId: string, table: string, column: string, rowId: string) =>
  Buffer.from(`${VERSION}|${keyId}|${table}.${column}/${rowId}`);

export function encryptField(
  keys: PrivacyKeys,
  table: string,
  column: string,
  rowId: string,
  plaintext: string,
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(aad(keys.current.id, table, column, rowId));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${keys.current.id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function decryptField(
  keys: PrivacyKeys,
  table: string,
  column: string,
  rowId: string,
  envelope: string,
): string {
  const where = `${table}.${column} of ${rowId}`;
  const parts = envelope.split('.');
  if (parts[0] === VERSION && parts.length !== 4) {
    throw new FieldCipherError(`${where} is truncated or malformed (${parts.length} of 4 parts)`);
  }
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new FieldCipherError(`${where} is not a ${VERSION} envelope (plaintext or corrupted)`);
  }
  const [, keyId, ivText, bodyText] = parts as [string, string, string, string];
  const key = keys.byId.get(keyId);
  if (!key) throw new FieldCipherError(`${where} is sealed under key "${keyId}", which is not configured`);
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new FieldCipherError(`${where} is truncated`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(aad(keyId, table, column, rowId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new FieldCipherError(
      `${where} failed authentication: tampered, truncated, copied from another row, or a wrong key`,
    );
  }
}

/** Which key an envelope names (rotation: find values still under an old key). */
export const envelopeKeyId = (envelope: string): string | null =>
  envelope.startsWith(`${VERSION}.`) ? (envelope.split('.')[1] ?? null) : null;

/** HMAC-SHA256 of an already normalised value under the index key: equal inputs give equal indexes. */
export function blindIndex(keys: PrivacyKeys, normalised: string): string {
  return createHmac('sha256', keys.indexKey).update(normalised, 'utf8').digest('base64url');
}
