const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "3 分钟后" / "in 3 minutes" / "2 hours ago", in the UI language. */
export function formatRelative(targetMs: number, nowMs: number, language: string): string {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['second', 1_000];
  return new Intl.RelativeTimeFormat(language, { numeric: 'auto' }).format(Math.round(diff / size), unit);
}

/** Date and time of a timeline entry: today shows the time only. */
export function formatTimestamp(ms: number, nowMs: number, language: string): string {
  const date = new Date(ms);
  const sameDay = new Date(nowMs).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(language, {
    ...(sameDay ? {} : { year: 'numeric', month: '2-digit', day: '2-digit' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
