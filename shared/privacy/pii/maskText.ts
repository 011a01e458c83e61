import type { MaskedSpan } from '../sealedText.ts';
import { detectPii } from './detectPii.ts';
import type { PiiKind } from './piiSpan.ts';
import { redactPii } from './redactPii.ts';

/** A span of the original text (UTF-16 offsets), as a sealed text's envelope remembers it. */
export interface OriginalSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

/** What a mask can never be: empty (a mask that vanished would hide that something was there). */
const FALLBACK_MASK = '****';

/**
 * `redactPii(text)` that also tells where each mask landed in the masked text (`masks`) and where its
 * original was (`spans`): what a sealed text keeps so a mask can be revealed without re-detection.
 */
export function maskText(text: string): { masked: string; spans: OriginalSpan[]; masks: MaskedSpan[] } {
  const found = detectPii(text);
  let masked = '';
  let cursor = 0;
  const masks: MaskedSpan[] = [];
  for (const span of found) {
    masked += text.slice(cursor, span.start);
    const mask = redactPii(span.value, [{ ...span, start: 0, end: span.value.length }]) || FALLBACK_MASK;
    masks.push({ kind: span.kind, start: masked.length, end: masked.length + mask.length });
    masked += mask;
    cursor = span.end;
  }
  masked += text.slice(cursor);
  return { masked, spans: found.map(({ kind, start, end }) => ({ kind, start, end })), masks };
}
