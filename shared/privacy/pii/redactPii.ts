import { maskAddress, maskEmail, maskIdNumber, maskPhone } from '../mask.ts';
import { addressRegion } from './address.ts';
import { detectPii } from './detectPii.ts';
import { landlineParts } from './landline.ts';
import type { PiiKind, PiiSpan } from './piiSpan.ts';

const STARS = '****';

/**
 * maskAddress keeps whatever precedes its last 市/州/区 match, which for "…路18号阳光小区" or
 * "…18号旁边超市" is the street itself. Use it only when it keeps no more than the region.
 */
function maskAddressSafely(address: string): string {
  const masked = maskAddress(address);
  const region = addressRegion(address);
  return masked.length - STARS.length <= region.length ? masked : `${region}${STARS}`;
}

const MASKS: Record<PiiKind, (value: string) => string> = {
  // +86 138 1234 5678 → 138****5678
  mobile: (value) => maskPhone(value.replace(/\D/g, '').slice(-11)),
  landline: (value) => {
    const parts = landlineParts(value);
    return parts ? `${parts.area}-${STARS}${parts.local.slice(-4)}` : maskPhone(value);
  },
  id_number: (value) => maskIdNumber(value.replace(/[\s-]/g, '')),
  email: maskEmail,
  bank_card: (value) => `${STARS}${value.replace(/\D/g, '').slice(-4)}`,
  address: maskAddressSafely,
};

/**
 * Replaces each span with a mask that still lets an agent work (138****5678, ****1234,
 * 广东省深圳市南山区****). Spans default to `detectPii(text)`; stored spans that no longer fit the
 * text (overlapping or out of range) are skipped rather than trusted.
 */
export function redactPii(text: string, spans: readonly PiiSpan[] = detectPii(text)): string {
  let out = '';
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < cursor || span.end > text.length || span.end <= span.start) continue;
    out += text.slice(cursor, span.start) + MASKS[span.kind](text.slice(span.start, span.end));
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
