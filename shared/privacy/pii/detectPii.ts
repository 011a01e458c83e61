import type { PiiHit, PiiSpan } from './piiSpan.ts';
import { findAddresses } from './address.ts';
import { findBankCards } from './bankCard.ts';
import { findEmails } from './email.ts';
import { foldWidth } from './foldWidth.ts';
import { findIdNumbers } from './idNumber.ts';
import { findLandlines } from './landline.ts';
import { findMobiles } from './mobile.ts';
import { resolveOverlaps } from './resolveOverlaps.ts';

export type { PiiKind, PiiSpan } from './piiSpan.ts';

const DETECTORS: ReadonlyArray<(text: string) => PiiHit[]> = [
  findIdNumbers,
  findBankCards,
  findEmails,
  findMobiles,
  findLandlines,
  findAddresses,
];

/**
 * What every detector needs somewhere in the (folded) text: a digit (numbers; an address's door,
 * building or group number), an @ (email), or a lettered building (A座, B栋). Most messages have
 * none, and a first sync scans every event's text: this one test spares them six scans.
 * detectPii.test.ts checks that no detector finds anything in a text without them.
 */
export const MAY_HOLD_PII = /[0-9@]|[A-Za-z](?:号楼|栋|幢|座|单元)/;

/** Every detector's hits in a folded text, overlapping. */
export function findPiiHits(folded: string): PiiHit[] {
  return DETECTORS.flatMap((detect) => detect(folded));
}

/**
 * Finds personal data in a customer message or agent note: sorted, non-overlapping spans whose
 * `value` is exactly `text.slice(start, end)`. Detection errs towards masking when a value is
 * ambiguous, except where a checksum (ID number, bank card) or a label (订单号, 运单) settles it.
 */
export function detectPii(text: string): PiiSpan[] {
  const folded = foldWidth(text);
  if (!MAY_HOLD_PII.test(folded)) return [];
  const hits = findPiiHits(folded);
  return resolveOverlaps(hits).map((hit) => ({ ...hit, value: text.slice(hit.start, hit.end) }));
}
