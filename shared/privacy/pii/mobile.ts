import type { PiiHit } from './piiSpan.ts';
import { findInRuns, type GroupSlice } from './numberRuns.ts';

const MOBILE = /^1[3-9]\d{9}$/;
/** How people group the 11 digits: 13812345678, 138 1234 5678, 138-12345678, 1381234-5678. */
const GROUPINGS = new Set(['11', '3,4,4', '3,8', '7,4']);

/** Mainland mobile numbers, with an optional +86 / 0086 / 86 prefix kept inside the span. */
export function findMobiles(text: string): PiiHit[] {
  return findInRuns(text, 11, 15, isMobile).map((span) => ({ kind: 'mobile', ...span }));
}

function isMobile(slice: GroupSlice): boolean {
  if (MOBILE.test(slice.digits) && !slice.plus) return GROUPINGS.has(slice.lengths.join(','));
  for (const prefix of ['0086', '86']) {
    if (!slice.digits.startsWith(prefix) || (slice.plus && prefix === '0086')) continue;
    const rest = slice.digits.slice(prefix.length);
    const lengths = [...slice.lengths];
    if (lengths[0] === prefix.length) lengths.shift();
    else lengths[0] = (lengths[0] ?? 0) - prefix.length;
    if (MOBILE.test(rest) && GROUPINGS.has(lengths.join(','))) return true;
  }
  return false;
}
