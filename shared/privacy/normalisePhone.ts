import { foldWidth } from './pii/foldWidth.ts';

const MOBILE = /^1[3-9]\d{9}$/;
/** A national landline: 0 + area code (010, 02x: 8-digit local; 0xxx: 7 or 8) + local number. */
const LANDLINE = /^0(?:10|2\d)\d{8}$|^0[3-9]\d{2}\d{7,8}$/;
/** The same landline written internationally, without the trunk 0 (+86 755 8765 4321). */
const LANDLINE_INTERNATIONAL = /^(?:10|2\d)\d{8}$|^[3-9]\d{2}\d{7,8}$/;
/** Everything after an extension marker is not part of the number a caller ID shows. */
const EXTENSION = /转|分机|ext\.?|x|#|,|;/i;
const MIN_DIGITS = 5;
const MAX_DIGITS = 20;

/**
 * The one canonical form of a phone number, so that the same phone written differently
 * (+86 138-1234-5678, 0086 13812345678, １３８１２３４５６７８) gives the same blind index:
 * - full-width digits folded, an extension (转801, ext. 12) dropped, digits only;
 * - a +86 / 0086 / 86 country prefix stripped when a mainland mobile (11 digits) or landline follows;
 *   an international landline gets its trunk 0 back (+86 755 87654321 → 075587654321), so landlines
 *   always keep their area code;
 * - other countries keep their code behind a `+` (+1 415…), never mistaken for a mainland number.
 * Null when there are too few or too many digits to be a phone number.
 */
export function normalisePhone(raw: string): string | null {
  const number = foldWidth(raw).split(EXTENSION)[0]?.trim() ?? '';
  const digits = number.replace(/\D/g, '');
  const plus = number.startsWith('+');

  if (plus || digits.startsWith('00')) {
    const international = plus ? digits : digits.slice(2);
    const national = international.startsWith('86') ? mainland(international.slice(2)) : null;
    if (national !== null) return national;
    return plausible(international) ? `+${international}` : null;
  }
  // Bare 86: only a prefix when a whole mainland number follows (86123456 is a local number).
  const national = digits.startsWith('86') ? mainland(digits.slice(2)) : null;
  const result = national ?? digits;
  return plausible(result) ? result : null;
}

function mainland(rest: string): string | null {
  if (MOBILE.test(rest) || LANDLINE.test(rest)) return rest;
  if (LANDLINE_INTERNATIONAL.test(rest)) return `0${rest}`;
  return null;
}

function plausible(digits: string): boolean {
  return digits.length >= MIN_DIGITS && digits.length <= MAX_DIGITS;
}
