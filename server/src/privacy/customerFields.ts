import { normalisePhone } from '@shared/privacy/normalisePhone.ts';
import { blindIndex, decryptField, encryptField } from './fieldCipher.ts';
import type { PrivacyKeys } from './keyring.ts';

/** The customers columns held as envelopes (docs/privacy.md); everything else is plaintext. */
export const ENCRYPTED_CUSTOMER_COLUMNS = [
  'name',
  'phone',
  'email',
  'address',
  'id_number',
  'health_notes',
] as const;
export type EncryptedCustomerColumn = (typeof ENCRYPTED_CUSTOMER_COLUMNS)[number];

type PrivacyColumns = { id: string } & { [C in EncryptedCustomerColumn]: string | null };

/** The phone's blind index: HMAC of its normalised form (the trimmed text when it does not parse). */
export const phoneIndex = (keys: PrivacyKeys, phone: string): string =>
  blindIndex(keys, normalisePhone(phone) ?? phone.trim());

/** A row's privacy columns as envelopes (nulls stay null), plus its phone_index. */
export function encryptCustomerColumns<R extends PrivacyColumns>(
  keys: PrivacyKeys,
  row: R,
): R & { phone_index: string | null } {
  const out: Record<string, unknown> = { ...row };
  for (const column of ENCRYPTED_CUSTOMER_COLUMNS) {
    const value = row[column];
    out[column] = value === null ? null : encryptField(keys, 'customers', column, row.id, value);
  }
  return { ...(out as R), phone_index: row.phone === null ? null : phoneIndex(keys, row.phone) };
}

/** The inverse of encryptCustomerColumns; throws FieldCipherError when any value does not open. */
export function decryptCustomerColumns<R extends PrivacyColumns>(keys: PrivacyKeys, row: R): R {
  const out: Record<string, unknown> = { ...row };
  for (const column of ENCRYPTED_CUSTOMER_COLUMNS) {
    const value = row[column];
    out[column] = value === null ? null : decryptField(keys, 'customers', column, row.id, value);
  }
  return out as R;
}
