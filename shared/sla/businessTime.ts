import type { EpochMs } from '../domain/index.ts';
import type { BusinessCalendar, OpeningHours } from './calendar.ts';
import { dayOfIsoDate, instantOfLocal, localDayNumber, weekdayOfDay } from './timeZone.ts';

/** How an SLA clock runs: round the clock, or only during the team calendar's business hours. */
export type SlaClock = 'always' | 'business_hours';

/** A stretch when the clock stood still (the ticket waited on the customer); `end` null: still paused. */
export interface SlaPause {
  start: EpochMs;
  end: EpochMs | null;
}

export interface ClockOptions {
  clock: SlaClock;
  calendar: BusinessCalendar;
  pauses?: readonly SlaPause[];
  /** Where a pause that has not ended stops (default: its start, i.e. as if it ended at once). */
  now?: EpochMs;
}

/** Ten years of closed days in a row means the calendar is broken, not that the deadline is far. */
const MAX_DAYS = 3_660;

type Span = readonly [number, number];

interface CompiledCalendar {
  timeZone: string;
  week: readonly (readonly Span[])[];
  makeUpHours: readonly Span[];
  holidays: ReadonlySet<number>;
  makeUp: ReadonlySet<number>;
}

const compiledCache = new WeakMap<BusinessCalendar, CompiledCalendar>();

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Sorted, merged minute spans of one day's opening hours. */
function spans(hours: readonly OpeningHours[]): Span[] {
  const sorted = hours
    .map((h): [number, number] => [minutes(h.open), minutes(h.close)])
    .filter(([o, c]) => o < c)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  let c = compiledCache.get(calendar);
  if (!c) {
    const week = calendar.week.map(spans);
    c = {
      timeZone: calendar.timeZone,
      week,
      makeUpHours: calendar.makeUpHours ? spans(calendar.makeUpHours) : (week[1] ?? []),
      holidays: new Set(calendar.holidays.map(dayOfIsoDate)),
      makeUp: new Set(calendar.makeUpWorkdays.map(dayOfIsoDate)),
    };
    compiledCache.set(calendar, c);
  }
  return c;
}

function spansOnDay(c: CompiledCalendar, day: number): readonly Span[] {
  if (c.holidays.has(day)) return [];
  if (c.makeUp.has(day)) return c.makeUpHours;
  return c.week[weekdayOfDay(day)] ?? [];
}

/** The open stretches of the clock from `from` on, in order: [start, end) instants. */
function* openWindows(from: EpochMs, clock: SlaClock, calendar: BusinessCalendar): Generator<Span> {
  if (clock === 'always') {
    yield [from, Number.POSITIVE_INFINITY];
    return;
  }
  const c = compile(calendar);
  const firstDay = localDayNumber(from, c.timeZone);
  for (let day = firstDay; day < firstDay + MAX_DAYS; day++) {
    for (const [open, close] of spansOnDay(c, day)) {
      const end = instantOfLocal(day, close, c.timeZone);
      if (end <= from) continue;
      yield [Math.max(from, instantOfLocal(day, open, c.timeZone)), end];
    }
  }
  throw new Error(`business calendar (${c.timeZone}) has no open hours within ${MAX_DAYS} days`);
}

/** Pauses as sorted, merged, non-empty [start, end) spans; an open pause ends at `now` (or its start). */
export function normalisePauses(pauses: readonly SlaPause[], now?: EpochMs): Span[] {
  const closed = pauses
    .map((p): [number, number] => [p.start, p.end ?? Math.max(p.start, now ?? p.start)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const p of closed) {
    const last = merged[merged.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else merged.push([p[0], p[1]]);
  }
  return merged;
}

/** The stretches in which the clock counts from `from`: open windows minus pauses. */
function* countingSpans(from: EpochMs, options: ClockOptions): Generator<Span> {
  const pauses = normalisePauses(options.pauses ?? [], options.now);
  let p = 0;
  for (const [ws, we] of openWindows(from, options.clock, options.calendar)) {
    let s = ws;
    while (s < we) {
      while (p < pauses.length && pauses[p]![1] <= s) p++;
      const pause = pauses[p];
      if (!pause || pause[0] >= we) {
        yield [s, we];
        break;
      }
      if (pause[0] > s) yield [s, pause[0]];
      s = pause[1];
    }
  }
}

/**
 * The instant at which `durationMs` of clock time has run from `start`: business hours only for a
 * business-hours clock, never while paused. A deadline landing exactly on a closing time stays there.
 */
export function addClockTime(start: EpochMs, durationMs: number, options: ClockOptions): EpochMs {
  if (durationMs <= 0) return start;
  let remaining = durationMs;
  for (const [s, e] of countingSpans(start, options)) {
    if (e - s >= remaining) return s + remaining;
    remaining -= e - s;
  }
  /* c8 ignore next -- countingSpans throws before it runs dry */
  throw new Error('unreachable: the clock ran out of time');
}

/** How much clock time runs between `from` and `to` (0 when `to` is not after `from`). */
export function clockTimeBetween(from: EpochMs, to: EpochMs, options: ClockOptions): number {
  let total = 0;
  if (to <= from) return 0;
  for (const [s, e] of countingSpans(from, options)) {
    if (s >= to) break;
    total += Math.min(e, to) - s;
    if (e >= to) break;
  }
  return total;
}
