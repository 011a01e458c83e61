import type { TicketEvent } from '@shared/domain/index.ts';
import type { OriginalSpan } from '@shared/privacy/pii/maskText.ts';
import { maskText } from '@shared/privacy/pii/maskText.ts';
import type { PiiKind } from '@shared/privacy/pii/piiSpan.ts';
import type {
  SealedText,
  SealedTextMap,
  SealedTicketEvent,
  TextFieldName,
} from '@shared/privacy/sealedText.ts';
import { eventTextFields } from '@shared/privacy/sealedText.ts';
import { VaultError } from './envelope.ts';

export type { OriginalSpan };

/** What an opened text envelope holds: the original text and where its masked spans were. */
export interface OpenedText {
  text: string;
  spans: OriginalSpan[];
}

interface Cipher {
  seal(recordId: string, field: string, plaintext: string): string;
  open(recordId: string, field: string, sealed: string): string;
}

/**
 * The envelope's plaintext: the text and its spans, JSON (`{"t": text, "s": [[kind, start, end]…]}`),
 * so the span a reveal asks for is the very one that was masked, whatever later detectors find.
 */
function payload(text: string, spans: readonly OriginalSpan[]): string {
  return JSON.stringify({ t: text, s: spans.map((s) => [s.kind, s.start, s.end]) });
}

function parsePayload(plaintext: string, field: string): OpenedText {
  const malformed = () =>
    new VaultError('vault_malformed', `Sealed ${field} text opened, but does not hold a sealed text.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(plaintext);
  } catch {
    throw malformed();
  }
  if (typeof parsed !== 'object' || parsed === null) throw malformed();
  const { t, s } = parsed as { t?: unknown; s?: unknown };
  if (typeof t !== 'string' || !Array.isArray(s)) throw malformed();
  const spans = s.map((entry): OriginalSpan => {
    if (!Array.isArray(entry) || entry.length !== 3) throw malformed();
    const [kind, start, end] = entry as [unknown, unknown, unknown];
    if (typeof kind !== 'string' || !Number.isInteger(start) || !Number.isInteger(end)) throw malformed();
    if ((start as number) < 0 || (end as number) <= (start as number) || (end as number) > t.length) {
      throw malformed();
    }
    return { kind: kind as PiiKind, start: start as number, end: end as number };
  });
  return { text: t, spans };
}

/**
 * Free-text sealing over the vault's cipher: the masked text for the cache plus, when anything was
 * masked, one envelope of the original (associated data: record id + field name).
 */
export function createTextSealer(cipher: Cipher) {
  function sealText(recordId: string, field: TextFieldName, text: string): SealedText {
    const { masked, spans, masks } = maskText(text);
    if (spans.length === 0) return { masked: text, ref: null };
    return { masked, ref: { spans: masks, sealed: cipher.seal(recordId, field, payload(text, spans)) } };
  }

  function openText(recordId: string, field: string, sealed: string): OpenedText {
    return parsePayload(cipher.open(recordId, field, sealed), field);
  }

  /** Every free-text field of the event masked, and the refs of those in which something was. */
  function sealEvent(event: TicketEvent): SealedTicketEvent {
    const fields = eventTextFields(event.kind);
    if (fields.length === 0) return event;
    const out: Record<string, unknown> = { ...event };
    const refs: SealedTextMap = {};
    for (const field of fields) {
      const value = out[field];
      if (typeof value !== 'string' || value === '') continue;
      const sealedText = sealText(event.id, field, value);
      if (!sealedText.ref) continue;
      out[field] = sealedText.masked;
      refs[field] = sealedText.ref;
    }
    return Object.keys(refs).length === 0
      ? (out as SealedTicketEvent)
      : ({ ...out, sealedText: refs } as SealedTicketEvent);
  }

  return { sealText, openText, sealEvent };
}
