/** "3:05" / "03:05" / "125:00" (minutes:seconds) → seconds; null when not of that shape. */
export function parseCallDuration(text: string): number | null {
  const match = /^(\d{1,4}):([0-5]\d)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}
