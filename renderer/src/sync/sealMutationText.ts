import type { CareDeskApi } from '@shared/api/contract.ts';
import { maskText } from '@shared/privacy/pii/maskText.ts';
import type { SealedTextMap } from '@shared/privacy/sealedText.ts';
import { mutationTextFields } from '@shared/privacy/sealedText.ts';
import { MUTATION_ARGS, mutationEventId, type MutationName } from '@shared/sync/mutations.ts';
import { LocalMutationError } from './localMutators.ts';

type Args = Record<string, unknown> & { sealedText?: SealedTextMap };

/** True when the text has personal data the main process would mask (the same shared detectors). */
export function needsSealing(text: unknown): text is string {
  return typeof text === 'string' && text !== '' && maskText(text).spans.length > 0;
}

/**
 * A mutation's arguments as the outbox keeps them: each free-text argument in which something is
 * detected is sealed by the main process (`privacy.sealText`, bound to the event id and the argument's
 * name) and replaced by its masked text; the envelopes go in `args.sealedText`. Runs before the
 * Dexie transaction (the main process cannot be awaited inside one). Arguments already sealed stay.
 */
export async function sealMutationText(api: CareDeskApi, name: MutationName, args: Args): Promise<Args> {
  const eventId = mutationEventId({ args } as never);
  const fields = mutationTextFields(name).filter(
    (field) => args.sealedText?.[field] === undefined && needsSealing(args[field]),
  );
  if (fields.length === 0 || eventId === null) return args;
  const out: Args = { ...args };
  const refs: SealedTextMap = { ...args.sealedText };
  for (const field of fields) {
    const sealed = await api.privacy.sealText({ recordId: eventId, field, text: args[field] as string });
    if (!sealed.ref) continue;
    out[field] = sealed.masked;
    refs[field] = sealed.ref;
  }
  return Object.keys(refs).length > 0 ? { ...out, sealedText: refs } : out;
}

/** The same sealed text bound to a fresh event id (a rejected mutation re-issued as new). */
export async function rebindMutationText(api: CareDeskApi, args: Args, eventId: string): Promise<Args> {
  const from = mutationEventId({ args } as never);
  if (!args.sealedText || from === null) return { ...args, eventId };
  const refs: SealedTextMap = {};
  for (const [field, ref] of Object.entries(args.sealedText) as [keyof SealedTextMap, { sealed: string }][]) {
    refs[field] = await api.privacy.rebindText({
      fromRecordId: from,
      toRecordId: eventId,
      field,
      sealed: ref.sealed,
    });
  }
  return { ...args, eventId, sealedText: refs };
}

/**
 * Parses arguments as the outbox holds them. Sealed fields hold masked text, which the strict schema
 * is not asked about (a mask can be a few characters longer than what it hides; the main process
 * checks the opened text before pushing): a placeholder stands in for them while the rest is parsed.
 */
export function parseOutboxArgs(name: MutationName, args: Args): Args {
  const { sealedText, ...plain } = args;
  const sealedFields = Object.keys(sealedText ?? {});
  const probe: Record<string, unknown> = { ...plain };
  for (const field of sealedFields) probe[field] = 'x';
  const parsed = MUTATION_ARGS[name].safeParse(probe);
  if (!parsed.success) throw new LocalMutationError('invalid_args', parsed.error.message);
  const out: Args = { ...(parsed.data as Record<string, unknown>) };
  for (const field of sealedFields) out[field] = plain[field];
  return sealedText && sealedFields.length > 0 ? { ...out, sealedText } : out;
}
