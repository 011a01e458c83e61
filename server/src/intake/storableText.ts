import type { z } from 'zod';

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a string cannot be stored as PostgreSQL text or inside jsonb, or null when it can: NUL is
 * refused by both, and a lone UTF-16 surrogate cannot be encoded as UTF-8 (jsonb refuses its escape).
 */
function unstorable(text: string): string | null {
  if (text.includes('\u0000')) return 'text must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'text must be well-formed Unicode';
  return null;
}

/**
 * A zod check for every string inside a parsed value, so such input is a 400 naming the field at the
 * boundary instead of a database error in the middle of a write that other deliveries share.
 */
export function refuseUnstorableText(value: unknown, ctx: z.RefinementCtx, path: PropertyKey[] = []): void {
  if (typeof value === 'string') {
    const problem = unstorable(value);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => refuseUnstorableText(item, ctx, [...path, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) refuseUnstorableText(item, ctx, [...path, key]);
  }
}
