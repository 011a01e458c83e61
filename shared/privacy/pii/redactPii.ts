import { maskAddress, maskEmail, maskIdNumber, maskPhone } from '../mask.ts';
import { detectPii } from './detectPii.ts';
import { foldWidth } from './foldWidth.ts';
import { landlineParts } from './landline.ts';
import type { PiiKind, PiiSpan } from './piiSpan.ts';

const STARS = '****';

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
  address: maskAddress,
};

/** Stored spans are only trusted if they still quote this exact text, in order, without overlap. */
function fitsText(text: string, spans: readonly PiiSpan[]): boolean {
  return spans.every(
    (span, i) =>
      text.slice(span.start, span.end) === span.value && (i === 0 || span.start >= (spans[i - 1]?.end ?? 0)),
  );
}

/**
 * Replaces each span with a mask that still lets an agent work (138****5678, ****1234,
 * 广东省深圳市南山区****). Spans default to `detectPii(text)`. Stored spans that no longer fit the
 * text (edited message, overlapping spans) are not trusted: the text is scanned again, because
 * masking the wrong characters would show the real ones.
 */
export function redactPii(text: string, spans?: readonly PiiSpan[]): string {
  const sorted = spans ? [...spans].sort((a, b) => a.start - b.start) : [];
  const usable = spans && fitsText(text, sorted) ? sorted : detectPii(text);
  let out = '';
  let cursor = 0;
  for (const span of usable) {
    // Folded so that full-width digits (１３８…) are digits to the masks too.
    out += text.slice(cursor, span.start) + MASKS[span.kind](foldWidth(span.value));
    cursor = span.end;
  }
  return out + text.slice(cursor);
}
