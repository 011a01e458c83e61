import { addressRegion } from './pii/address.ts';
import type { PrivacyField } from './sealed.ts';

const STAR = '*';

/** 王小明 → 王**; keeps the family name agents use to greet (王女士). */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return STAR;
  return chars[0] + STAR.repeat(Math.min(chars.length - 1, 3));
}

/** 13812345678 → 138****5678; other numbers keep their last four digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return STAR.repeat(digits.length);
  return STAR.repeat(digits.length - 4) + digits.slice(-4);
}

/** alice@example.com → a***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return STAR.repeat(3);
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * 广东省深圳市南山区科技园南路1号 → 广东省深圳市南山区**** : the region stays for logistics questions;
 * the region is read against the province/city dictionary so a street or estate never passes for one.
 */
export function maskAddress(address: string): string {
  return `${addressRegion(address)}${STAR.repeat(4)}`;
}

/** 18-digit ID numbers keep the first and last digit only. */
export function maskIdNumber(id: string): string {
  if (id.length < 2) return STAR;
  return `${id[0]}${STAR.repeat(id.length - 2)}${id[id.length - 1]}`;
}

export function maskField(field: PrivacyField, value: string): string {
  switch (field) {
    case 'name':
      return maskName(value);
    case 'phone':
      return maskPhone(value);
    case 'email':
      return maskEmail(value);
    case 'address':
      return maskAddress(value);
    case 'idNumber':
      return maskIdNumber(value);
    case 'healthNotes':
      return '******';
  }
}
