/**
 * Amounts as agents type them: yuan with at most two decimals ("12", "12.5", "12.50"). Parsed by text,
 * not as a float, so "0.29" is exactly 29 fen. Null for anything else.
 */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** True when `text` is a number with more than two decimals (a clearer message than "invalid"). */
export function hasSubCentDigits(text: string): boolean {
  return /^\d+\.\d{3,}$/.test(text.trim());
}
