/**
 * Mainland China public holidays and make-up working days (调休), from the State Council General
 * Office's yearly notices. Data, not logic: add the next year when its notice is published (usually
 * in November); until then that year counts only weekends as closed.
 */

function span(from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

export const CN_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01',
  ...span('2025-01-28', 8), // 春节
  ...span('2025-04-04', 3), // 清明节
  ...span('2025-05-01', 5), // 劳动节
  ...span('2025-05-31', 3), // 端午节
  ...span('2025-10-01', 8), // 国庆节、中秋节
  // 2026
  ...span('2026-01-01', 3), // 元旦
  ...span('2026-02-15', 9), // 春节
  ...span('2026-04-04', 3), // 清明节
  ...span('2026-05-01', 5), // 劳动节
  ...span('2026-06-19', 3), // 端午节
  ...span('2026-09-25', 3), // 中秋节
  ...span('2026-10-01', 7), // 国庆节
];

export const CN_MAKE_UP_WORKDAYS: readonly string[] = [
  // 2025
  '2025-01-26',
  '2025-02-08',
  '2025-04-27',
  '2025-09-28',
  '2025-10-11',
  // 2026
  '2026-01-04',
  '2026-02-14',
  '2026-02-28',
  '2026-05-09',
  '2026-09-20',
  '2026-10-10',
];
