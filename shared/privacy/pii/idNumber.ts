import type { PiiHit } from './piiSpan.ts';
import { idCheckChar, isCalendarDate } from './checksums.ts';
import { findInRuns, isLabelledIdNumber, type GroupSlice } from './numberRuns.ts';

/** How people space an ID number when they space it at all: region-birth-sequence, or by fours. */
const GROUPINGS = new Set(['18', '6,8,4', '6,4,4,4', '4,4,4,4,2', '3,3,4,4,4']);

/**
 * GB 11643 resident ID numbers: region (first digit 1–8), birth date, sequence, check character.
 * The checksum is what separates them from 18-digit order numbers, so a bad one is never an ID.
 */
export function isIdNumber(id: string): boolean {
  const match = /^[1-8]\d{5}((?:19|20)\d\d)(\d\d)(\d\d)\d{3}[\dXx]$/.exec(id);
  if (!match) return false;
  if (!isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return false;
  return idCheckChar(id.slice(0, 17)) === id[17]?.toUpperCase();
}

/** First-generation 15-digit numbers (yymmdd birth date, no checksum). */
function isLegacyIdNumber(id: string): boolean {
  const match = /^[1-8]\d{5}(\d\d)(\d\d)(\d\d)\d{3}$/.exec(id);
  return !!match && isCalendarDate(1900 + Number(match[1]), Number(match[2]), Number(match[3]));
}

export function findIdNumbers(text: string): PiiHit[] {
  const accept = (slice: GroupSlice) => {
    if (slice.plus) return false;
    if (slice.digits.length === 18) {
      return GROUPINGS.has(slice.lengths.join(',')) && isIdNumber(slice.digits);
    }
    // Without a checksum a 15-digit run is as likely a tracking number: only trust it when labelled.
    return (
      slice.lengths.length === 1 && isLegacyIdNumber(slice.digits) && isLabelledIdNumber(text, slice.start)
    );
  };
  return findInRuns(text, 15, 18, accept).map((span) => ({ kind: 'id_number', ...span }));
}
