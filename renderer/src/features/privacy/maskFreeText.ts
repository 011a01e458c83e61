import { detectPii, type PiiSpan } from '@shared/privacy/pii/detectPii.ts';
import { redactPii } from '@shared/privacy/pii/redactPii.ts';

/**
 * A message or note body with every piece of personal data the shared detectors find replaced by its
 * working mask (138****5678, ****0128, 广东省深圳市南山区****). Pure, for exports and QA samples:
 * order and tracking numbers, prices and dates stay as they are.
 */
export function maskFreeText(text: string): string {
  return redactPii(text);
}

/** One detected span's mask, the same one `maskFreeText` puts in its place. */
export function maskPiiSpan(span: PiiSpan): string {
  return redactPii(span.value, [{ ...span, start: 0, end: span.value.length }]);
}

/** Free text as runs of plain text and detected spans, in order. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'pii'; span: PiiSpan };

export function splitFreeText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let cursor = 0;
  for (const span of detectPii(text)) {
    if (span.start > cursor) parts.push({ kind: 'text', text: text.slice(cursor, span.start) });
    parts.push({ kind: 'pii', span });
    cursor = span.end;
  }
  if (cursor < text.length) parts.push({ kind: 'text', text: text.slice(cursor) });
  return parts;
}
