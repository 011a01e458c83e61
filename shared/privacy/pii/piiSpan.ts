import { z } from 'zod';

export const PiiKind = z.enum(['mobile', 'landline', 'id_number', 'email', 'bank_card', 'address']);
export type PiiKind = z.infer<typeof PiiKind>;
export const PII_KINDS = PiiKind.options;

/**
 * One piece of personal data found in a text. Offsets are UTF-16 code units (what `String.slice`
 * takes), so a span stored beside an encrypted message can be masked without re-running detection.
 */
export const PiiSpan = z
  .object({
    kind: PiiKind,
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    value: z.string().min(1),
  })
  .refine((span) => span.end - span.start === span.value.length, {
    message: 'value must be exactly text.slice(start, end)',
  });
export type PiiSpan = z.infer<typeof PiiSpan>;

/** What a detector reports; the combiner attaches the value from the original text. */
export type PiiHit = { kind: PiiKind; start: number; end: number };
