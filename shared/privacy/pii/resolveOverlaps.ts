import type { PiiHit, PiiKind } from './piiSpan.ts';

/** On equal length, the kind proven by a checksum beats one recognised by shape alone. */
const SPECIFICITY: Record<PiiKind, number> = {
  id_number: 0,
  bank_card: 1,
  email: 2,
  mobile: 3,
  landline: 4,
  address: 5,
};

/**
 * Keeps a non-overlapping subset, sorted by start. Longer hits win (an email swallows the mobile in
 * 13812345678@163.com, "+86 138…" beats "138…"); on a tie the more specific kind wins.
 */
export function resolveOverlaps(hits: readonly PiiHit[]): PiiHit[] {
  const ranked = [...hits].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) || SPECIFICITY[a.kind] - SPECIFICITY[b.kind] || a.start - b.start,
  );
  const kept: PiiHit[] = [];
  for (const hit of ranked) {
    if (!kept.some((k) => k.start < hit.end && hit.start < k.end)) kept.push(hit);
  }
  return kept.sort((a, b) => a.start - b.start);
}
