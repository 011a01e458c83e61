import fc from 'fast-check';
import { Category, Channel } from '../domain/index.ts';
import { addClockTime, clockTimeBetween, type ClockOptions } from './businessTime.ts';
import type { BusinessCalendar, OpeningHours } from './calendar.ts';
import { computeSlaDeadlines } from './computeSlaDeadlines.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from './policies.ts';

/*
 * Properties of the SLA clock over random team calendars. The oracle reads the wall clock with its
 * own Intl formatter, so a bug in the zone arithmetic cannot hide behind itself.
 */

const HOUR = 3_600_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2027, 0, 1);
const ZONES = [
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
] as const;

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

/** Opening hours on half-hour boundaries from 04:00 (clear of DST jumps) to 24:00. */
const dayHours: fc.Arbitrary<OpeningHours[]> = fc
  .uniqueArray(fc.integer({ min: 8, max: 48 }), { minLength: 0, maxLength: 4 })
  .map((marks) => marks.sort((a, b) => a - b))
  .map((marks) => {
    const hours: OpeningHours[] = [];
    for (let i = 0; i + 1 < marks.length; i += 2)
      hours.push({ open: hhmm(marks[i]! * 30), close: hhmm(marks[i + 1]! * 30) });
    return hours;
  });

const isoDate = fc
  .integer({ min: FROM / 86_400_000, max: TO / 86_400_000 })
  .map((day) => new Date(day * 86_400_000).toISOString().slice(0, 10));

const calendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
    holidays: fc.array(isoDate, { maxLength: 40 }),
    makeUpWorkdays: fc.array(isoDate, { maxLength: 10 }),
  })
  .filter((c) => c.week.slice(1, 6).some((d) => d.length > 0));

const instant = fc.integer({ min: FROM, max: TO - 400 * 86_400_000 });
const duration = fc.integer({ min: 1, max: 80 * HOUR });

const wallClocks = new Map<string, Intl.DateTimeFormat>();
/** The local date, weekday and minute of day (with fraction) at an instant: the oracle. */
function wallClock(at: number, timeZone: string) {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!);
  const minute = Number(p.hour) * 60 + Number(p.minute) + (Number(p.second) + (at % 1000) / 1000) / 60;
  return { date: `${p.year}-${p.month}-${p.day}`, weekday, minute };
}

const toMinute = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));

/** True when the instant just before `deadline` lies in an open span of the calendar's local day. */
function justBeforeIsOpen(deadline: number, cal: BusinessCalendar): boolean {
  const { date, weekday, minute } = wallClock(deadline - 1, cal.timeZone);
  if (cal.holidays.includes(date)) return false;
  const hours = cal.makeUpWorkdays.includes(date) ? (cal.makeUpHours ?? cal.week[1]!) : cal.week[weekday]!;
  return hours.some((h) => minute >= toMinute(h.open) && minute < toMinute(h.close));
}

const business = (cal: BusinessCalendar, pauses: ClockOptions['pauses'] = []): ClockOptions => ({
  clock: 'business_hours',
  calendar: cal,
  pauses,
});

describe('SLA clock properties', () => {
  it('never puts a business-hours deadline outside business hours (nor on a holiday)', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (cal, start, ms) => {
        const due = addClockTime(start, ms, business(cal));
        expect(due).toBeGreaterThan(start);
        expect(justBeforeIsOpen(due, cal)).toBe(true);
        expect(clockTimeBetween(start, due, business(cal))).toBe(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('shifts a deadline by exactly the business time a pause covers', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        duration,
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.integer({ min: 0, max: 10 * 86_400_000 }),
        (cal, start, ms, where, length) => {
          const due = addClockTime(start, ms, business(cal));
          const pauseStart = start + Math.floor((due - start) * where);
          const pause = { start: pauseStart, end: pauseStart + length };
          const shifted = addClockTime(start, ms, business(cal, [pause]));
          const pausedBusinessTime = clockTimeBetween(pause.start, pause.end, business(cal));
          expect(clockTimeBetween(due, shifted, business(cal))).toBe(pausedBusinessTime);
          expect(shifted).toBeGreaterThanOrEqual(due);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('shifts a round-the-clock deadline by exactly the paused time', () => {
    fc.assert(
      fc.property(instant, duration, fc.nat(1_000_000), fc.nat(50 * HOUR), (start, ms, offset, length) => {
        const always = (pauses: ClockOptions['pauses']): ClockOptions => ({
          clock: 'always',
          calendar: { timeZone: 'UTC', week: [[], [], [], [], [], [], []], holidays: [], makeUpWorkdays: [] },
          pauses,
        });
        const pauseStart = start + (offset % ms);
        const due = addClockTime(start, ms, always([]));
        const shifted = addClockTime(start, ms, always([{ start: pauseStart, end: pauseStart + length }]));
        expect(due).toBe(start + ms);
        expect(shifted - due).toBe(length);
      }),
    );
  });

  it('never moves a deadline earlier when holidays are added', () => {
    fc.assert(
      fc.property(
        calendar,
        instant,
        duration,
        fc.array(isoDate, { maxLength: 30 }),
        (cal, start, ms, more) => {
          const before = addClockTime(start, ms, business(cal));
          const withHolidays = { ...cal, holidays: [...cal.holidays, ...more] };
          const after = addClockTime(start, ms, business(withHolidays));
          expect(after).toBeGreaterThanOrEqual(before);
          expect(justBeforeIsOpen(after, withHolidays)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is monotonic in createdAt, whatever the channel, category, calendar and pauses', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.constantFrom(...Channel.options),
        fc.constantFrom(...Category.options),
        instant,
        fc.nat(5 * 86_400_000),
        fc.array(fc.record({ start: instant, end: fc.option(instant, { nil: null }) }), { maxLength: 3 }),
        fc.boolean(),
        (cal, channel, category, a, gap, rawPauses, allBusiness) => {
          const pauses = rawPauses.map((p) => ({
            start: p.start,
            end: p.end === null ? null : Math.max(p.start, p.end),
          }));
          const policy: SlaPolicy = allBusiness
            ? {
                ...DEFAULT_SLA_POLICY,
                channels: Object.fromEntries(
                  Channel.options.map((c) => [
                    c,
                    { ...DEFAULT_SLA_POLICY.channels[c], clock: 'business_hours' },
                  ]),
                ) as SlaPolicy['channels'],
              }
            : DEFAULT_SLA_POLICY;
          const due = (createdAt: number) =>
            computeSlaDeadlines({ channel, category, createdAt, calendar: cal, pauses, policy, now: TO });
          const early = due(a);
          const late = due(a + gap);
          expect(late.firstResponseDueAt).toBeGreaterThanOrEqual(early.firstResponseDueAt);
          expect(late.resolutionDueAt).toBeGreaterThanOrEqual(early.resolutionDueAt);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('gives the same local deadline to teams in different zones that open at the same local hours', () => {
    const fixedZones = fc.constantFrom(
      ['Asia/Shanghai', 8 * 60] as const,
      ['Asia/Tokyo', 9 * 60] as const,
      ['Asia/Kolkata', 5 * 60 + 30] as const,
      ['UTC', 0] as const,
    );
    fc.assert(
      fc.property(
        calendar,
        fixedZones,
        fixedZones,
        instant,
        duration,
        (cal, [z1, o1], [z2, o2], start, ms) => {
          // The same wall-clock creation time in both zones is `delta` apart as an instant.
          const delta = (o1 - o2) * 60_000;
          const d1 = addClockTime(start, ms, business({ ...cal, timeZone: z1 }));
          const d2 = addClockTime(start + delta, ms, business({ ...cal, timeZone: z2 }));
          expect(d2 - d1).toBe(delta);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects a calendar that never opens instead of looping', () => {
    const closed: BusinessCalendar = {
      timeZone: 'Asia/Shanghai',
      week: [[], [], [], [], [], [], []],
      holidays: [],
      makeUpWorkdays: [],
    };
    expect(() => addClockTime(FROM, HOUR, business(closed))).toThrow(/no open hours/);
  });
});
