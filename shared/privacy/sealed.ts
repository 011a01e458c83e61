import { z } from 'zod';
import { Customer } from '../domain/customer.ts';

/** Customer fields that are personal data: encrypted at rest on the desktop, masked on screen. */
export const PRIVACY_FIELDS = ['name', 'phone', 'email', 'address', 'idNumber', 'healthNotes'] as const;
export type PrivacyField = (typeof PRIVACY_FIELDS)[number];

/**
 * A privacy value as the renderer holds it: the display mask and an opaque envelope that only the
 * main process can open. `null` when the customer has no such value.
 */
export const SealedValue = z.object({
  masked: z.string().max(256),
  sealed: z.string().min(1).max(20_000),
});
export type SealedValue = z.infer<typeof SealedValue>;

/**
 * A blind index of the customer's phone number: HMAC-SHA256 (a device key of its own, separate from
 * the data keys) of the normalised number (`normalisePhone`), base64url. Equal numbers give equal
 * indexes, so an incoming call finds its customer without the cache holding any plaintext; without
 * the key it cannot be turned back into a number.
 */
export const PhoneIndex = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export type PhoneIndex = z.infer<typeof PhoneIndex>;

export const SealedCustomer = Customer.omit({
  name: true,
  phone: true,
  email: true,
  address: true,
  idNumber: true,
  healthNotes: true,
}).extend({
  pii: z.object({
    name: SealedValue,
    phone: SealedValue,
    email: SealedValue.nullable(),
    address: SealedValue.nullable(),
    idNumber: SealedValue.nullable(),
    healthNotes: SealedValue.nullable(),
  }),
  /** Absent when the phone number could not be normalised, and on rows cached before the index existed. */
  phoneIndex: PhoneIndex.optional(),
});
export type SealedCustomer = z.infer<typeof SealedCustomer>;
