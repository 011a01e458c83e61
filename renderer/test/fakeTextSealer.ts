import { maskText } from '@shared/privacy/pii/maskText.ts';
import type { SealedText, SealedTextRef } from '@shared/privacy/sealedText.ts';
import { eventTextFields, mutationTextFields, type SealedTextMap } from '@shared/privacy/sealedText.ts';
import type { PushRequest, SealedPullResponse, SealedPushRequest } from '@shared/sync/protocol.ts';
import { CareDeskApiError } from '../src/api/apiError.ts';

/**
 * The main process's free-text sealing as the renderer sees it, for tests without a main process:
 * the real masks and span positions (shared maskText), and a readable stand-in envelope
 * (`fake.<base64url JSON>`) bound to the record and field like the vault's, so a text opened under
 * another record or field fails as it would there. Not encryption: only for renderer tests.
 */
type Payload = { r: string; f: string; t: string; s: [number, number][] };

const encode = (payload: Payload) => `fake.${btoa(encodeURIComponent(JSON.stringify(payload)))}`;

function decode(sealed: string): Payload {
  if (!sealed.startsWith('fake.')) throw new CareDeskApiError('vault_malformed', 'not a fake envelope');
  return JSON.parse(decodeURIComponent(atob(sealed.slice(5)))) as Payload;
}

export function fakeSealText(recordId: string, field: string, text: string): SealedText {
  const { masked, spans, masks } = maskText(text);
  if (spans.length === 0) return { masked: text, ref: null };
  const sealed = encode({ r: recordId, f: field, t: text, s: spans.map((s) => [s.start, s.end]) });
  return { masked, ref: { spans: masks, sealed } };
}

export function fakeOpenText(
  recordId: string,
  field: string,
  sealed: string,
): { text: string; spans: [number, number][] } {
  const payload = decode(sealed);
  if (payload.r !== recordId || payload.f !== field) {
    throw new CareDeskApiError('vault_tampered', 'sealed for another record or field');
  }
  return { text: payload.t, spans: payload.s };
}

export function fakeRebind(from: string, to: string, field: string, sealed: string): SealedTextRef {
  const ref = fakeSealText(to, field, fakeOpenText(from, field, sealed).text).ref;
  if (!ref) throw new CareDeskApiError('vault_malformed', 'nothing masked');
  return ref;
}

/** What the main process does to a push: open each sealed argument, drop `sealedText`. */
export function fakeOpenPush(request: SealedPushRequest): PushRequest {
  return {
    clientId: request.clientId,
    mutations: request.mutations.map((mutation) => {
      const { sealedText, ...args } = mutation.args as Record<string, unknown> & {
        sealedText?: Record<string, SealedTextRef | undefined>;
      };
      for (const [field, ref] of Object.entries(sealedText ?? {})) {
        if (!ref || !(mutationTextFields(mutation.name) as readonly string[]).includes(field)) continue;
        args[field] = fakeOpenText(String(args['eventId']), field, ref.sealed).text;
      }
      return { ...mutation, args };
    }) as PushRequest['mutations'],
  };
}

/** What the main process does to a pull: each event's free text masked, envelopes in `sealedText`. */
export function fakeSealPull(response: SealedPullResponse): SealedPullResponse {
  return {
    ...response,
    patch: response.patch.map((op) => {
      if (op.op !== 'put' || op.entity !== 'event' || op.value.sealedText) return op;
      const value: Record<string, unknown> = { ...op.value };
      const refs: SealedTextMap = {};
      for (const field of eventTextFields(op.value.kind)) {
        if (typeof value[field] !== 'string' || value[field] === '') continue;
        const sealed = fakeSealText(op.value.id, field, value[field]);
        if (!sealed.ref) continue;
        value[field] = sealed.masked;
        refs[field] = sealed.ref;
      }
      return Object.keys(refs).length ? ({ ...op, value: { ...value, sealedText: refs } } as typeof op) : op;
    }),
  };
}
