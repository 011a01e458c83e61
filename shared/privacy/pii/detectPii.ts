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
 * Finds personal data in a customer message or agent note: sorted, non-overlapping spans whose
 * `value` is exactly `text.slice(start, end)`. Detection errs towards masking when a value is
 * ambiguous, except where a checksum (ID number, bank card) or a label (订单号, 运单) settles it.
 */
export function detectPii(text: string): PiiSpan[] {
  const folded = foldWidth(text);
  const hits = DETECTORS.flatMap((detect) => detect(folded));
  return resolveOverlaps(hits).map((hit) => ({ ...hit, value: text.slice(hit.start, hit.end) }));
}
