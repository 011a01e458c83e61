import type { PiiHit } from './piiSpan.ts';

// The practical subset people type: dot-atom local part, dotted domain labels, alphabetic TLD.
// Labels cannot contain dots, so the domain part cannot backtrack catastrophically.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

export function findEmails(text: string): PiiHit[] {
  return Array.from(text.matchAll(EMAIL), (match) => ({
    kind: 'email' as const,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
