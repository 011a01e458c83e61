/**
 * The text form of one sealed value: `<version>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`.
 *
 * - `v1` (first release): AES-256-GCM, associated data `<recordId>:<field>`, plaintext as is.
 * - `v2` (key rotation): AES-256-GCM, associated data binds the version and key id too (see
 *   vault.ts), and the plaintext is padded (ISO/IEC 7816-4) to a multiple of 32 bytes, so the
 *   ciphertext no longer tells the exact length of a health note, and a ciphertext cut short is
 *   recognised as truncated before any decryption is tried.
 *
 * The key id lets the vault pick the right key from its keyring and name the problem ("sealed with
 * another key") instead of reporting every mismatch as tampering.
 */
export const ENVELOPE_VERSIONS = ['v1', 'v2'] as const;
export type EnvelopeVersion = (typeof ENVELOPE_VERSIONS)[number];
export const CURRENT_ENVELOPE_VERSION: EnvelopeVersion = 'v2';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const PAD_BLOCK = 32;

export interface Envelope {
  version: EnvelopeVersion;
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export type VaultErrorCode =
  | 'vault_malformed'
  | 'vault_unsupported_version'
  | 'vault_wrong_key'
  | 'vault_tampered'
  | 'vault_truncated'
  | 'vault_wiped';

export class VaultError extends Error {
  override readonly name = 'VaultError';

  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function formatEnvelope({ version, keyId, iv, ciphertext, tag }: Envelope): string {
  return `${version}.${keyId}.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`;
}

function isVersion(version: string): version is EnvelopeVersion {
  return (ENVELOPE_VERSIONS as readonly string[]).includes(version);
}

/** Reads the header only (no key needed): which version and key an envelope names. */
export function envelopeHeader(sealed: string): { version: EnvelopeVersion; keyId: string } {
  const parts = sealed.split('.');
  if (parts.length !== 3) {
    throw new VaultError('vault_malformed', 'Not a sealed value: expected "<version>.<keyId>.<payload>".');
  }
  const [version, keyId, payload] = parts as [string, string, string];
  if (!isVersion(version)) {
    throw new VaultError('vault_unsupported_version', `Sealed value version "${version}" is not supported.`);
  }
  if (!BASE64URL.test(keyId) || !BASE64URL.test(payload)) {
    throw new VaultError('vault_malformed', 'Sealed value contains characters outside base64url.');
  }
  return { version, keyId };
}

export function parseEnvelope(sealed: string): Envelope {
  const { version, keyId } = envelopeHeader(sealed);
  const bytes = Buffer.from(sealed.slice(sealed.lastIndexOf('.') + 1), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw new VaultError('vault_malformed', 'Sealed value is too short to hold an IV and a tag.');
  }
  const ciphertextBytes = bytes.length - IV_BYTES - TAG_BYTES;
  if (version === 'v2' && (ciphertextBytes === 0 || ciphertextBytes % PAD_BLOCK !== 0)) {
    throw new VaultError(
      'vault_truncated',
      `Sealed value is truncated: a v2 ciphertext is a whole number of ${PAD_BLOCK}-byte blocks.`,
    );
  }
  return {
    version,
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}

/** 0x80 then zeros up to the next whole block (always at least one byte of padding). */
export function pad(plaintext: Buffer): Buffer {
  const padded = Buffer.alloc((Math.floor(plaintext.length / PAD_BLOCK) + 1) * PAD_BLOCK);
  plaintext.copy(padded);
  padded[plaintext.length] = 0x80;
  return padded;
}

/** Only ever called on authenticated plaintext: a bad pad means the key itself is wrong. */
export function unpad(padded: Buffer): Buffer {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80) {
    throw new VaultError('vault_tampered', 'Sealed value decrypted to a badly padded plaintext.');
  }
  return padded.subarray(0, end);
}
