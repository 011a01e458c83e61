import type { PiiHit } from './piiSpan.ts';
import { luhnValid } from './checksums.ts';
import { findInRuns, type GroupSlice } from './numberRuns.ts';

/** UnionPay (62, older 60) and the Visa / Mastercard credit cards Chinese banks also issue. */
const ISSUER = /^(?:62|60|4|5[1-5])/;

/** 16–19 digits, unspaced or grouped by fours (the last group may be short: 4-4-4-4-3). */
function isGroupedByFour(lengths: number[]): boolean {
  return (
    lengths.length === 1 || lengths.every((n, i) => (i < lengths.length - 1 ? n === 4 : n >= 1 && n <= 4))
  );
}

function isBankCard(slice: GroupSlice): boolean {
  return (
    !slice.plus &&
    /^\d+$/.test(slice.digits) &&
    ISSUER.test(slice.digits) &&
    isGroupedByFour(slice.lengths) &&
    luhnValid(slice.digits)
  );
}

export function findBankCards(text: string): PiiHit[] {
  return findInRuns(text, 16, 19, isBankCard).map((span) => ({ kind: 'bank_card', ...span }));
}
