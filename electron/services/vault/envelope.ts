/**
 * The text form of one sealed value: `v1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`. The version
 * lets a later vault change cipher or layout and still open old values; the key id lets it name the
 * problem ("sealed with another key") instead of reporting every mismatch as tampering.
 */
export const ENVELOPE_VERSION = 'v1';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Envelope {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export type VaultErrorCode =
  'vault_malformed' | 'vault_unsupported_version' | 'vault_wrong_key' | 'vault_tampered';

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

export function formatEnvelope({ keyId, iv, ciphertext, tag }: Envelope): string {
  return `${ENVELOPE_VERSION}.${keyId}.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`;
}

export function parseEnvelope(sealed: string): Envelope {
  const parts = sealed.split('.');
  if (parts.length !== 3) {
    throw new VaultError('vault_malformed', 'Not a sealed value: expected "<version>.<keyId>.<payload>".');
  }
  const [version, keyId, payload] = parts as [string, string, string];
  if (version !== ENVELOPE_VERSION) {
    throw new VaultError('vault_unsupported_version', `Sealed value version "${version}" is not supported.`);
  }
  if (!BASE64URL.test(keyId) || !BASE64URL.test(payload)) {
    throw new VaultError('vault_malformed', 'Sealed value contains characters outside base64url.');
  }
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) {
    throw new VaultError('vault_malformed', 'Sealed value is truncated: too short to hold an IV and a tag.');
  }
  return {
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}
