import type { PiiHit } from './piiSpan.ts';
import { findInRuns, isLabelledNonPersonal, type GroupSlice } from './numberRuns.ts';

/**
 * Area code length decides the split: 010 and 02x are followed by 8 digits, every other 0xxx by 7
 * or 8. Real local numbers start 2–9; 010-12345678 is still how people write one, and a separator
 * after the area code is evidence enough, so only unspaced runs are held to the real rule.
 */
const LOCAL = {
  spaced: { 3: /^[1-9]\d{7}$/, 4: /^[1-9]\d{6,7}$/ },
  unspaced: { 3: /^[2-9]\d{7}$/, 4: /^[2-9]\d{6,7}$/ },
};

function splitLandline(digits: string, spaced = true): { area: string; local: string } | null {
  const areaLength = /^0(?:10|2\d)/.test(digits) ? 3 : /^0[3-9]\d\d/.test(digits) ? 4 : 0;
  if (areaLength === 0) return null;
  const local = digits.slice(areaLength);
  return LOCAL[spaced ? 'spaced' : 'unspaced'][areaLength].test(local)
    ? { area: digits.slice(0, areaLength), local }
    : null;
}

function isLandline(slice: GroupSlice): boolean {
  const parts = splitLandline(slice.digits, slice.lengths.length > 1);
  if (!parts || slice.plus) return false;
  const [first, ...rest] = slice.lengths;
  if (rest.length === 0) return true;
  if (first !== parts.area.length) return false;
  // 0755-87654321, 0755-8765-4321, 021 6123 4567
  return rest.length === 1 || (rest.length === 2 && rest[1] === 4);
}

// (0755)87654321, (010) 1234-5678; full-width brackets are folded to these before detection.
const BRACKETED = /(?<![A-Za-z0-9])\(0\d{2,3}\) ?\d{3,4}[ -]?\d{4}(?!\d)/g;

/** Fixed-line numbers with their area code; extensions (转801) are left outside the span. */
export function findLandlines(text: string): PiiHit[] {
  const hits: PiiHit[] = findInRuns(text, 11, 12, isLandline).map((span) => ({ kind: 'landline', ...span }));
  for (const match of text.matchAll(BRACKETED)) {
    const digits = match[0].replace(/\D/g, '');
    if (splitLandline(digits) && !isLabelledNonPersonal(text, match.index)) {
      hits.push({ kind: 'landline', start: match.index, end: match.index + match[0].length });
    }
  }
  return hits;
}

/** Area code and local number of a detected landline (for masking). */
export function landlineParts(value: string): { area: string; local: string } | null {
  return splitLandline(value.replace(/\D/g, ''));
}
