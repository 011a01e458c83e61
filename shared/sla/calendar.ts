import { z } from 'zod';
import { CN_HOLIDAYS, CN_MAKE_UP_WORKDAYS } from './cnHolidays.ts';
import { isKnownTimeZone } from './timeZone.ts';

const HhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM (00:00–24:00)');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** One opening span of a day in the team's local time, e.g. 09:00–18:00 (close may be 24:00). */
export const OpeningHours = z
  .object({ open: HhMm, close: HhMm })
  .refine((h) => h.open < h.close, 'open must be before close');
export type OpeningHours = z.infer<typeof OpeningHours>;

/**
 * When a team works: opening hours per weekday in its time zone, public holidays, and the make-up
 * working days China moves onto weekends around them (调休). A team's configuration parses through
 * this schema; `DEFAULT_TEAM_CALENDAR` is what applies when none is given.
 */
export const BusinessCalendar = z
  .object({
    timeZone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone'),
    /** Index 0 Sunday … 6 Saturday (as Date#getDay); an empty list is a closed day. */
    week: z.array(z.array(OpeningHours).max(8).readonly()).length(7).readonly(),
    /** Local dates closed whatever the weekday. */
    holidays: z.array(IsoDate).max(2000).readonly(),
    /** Local dates open (with `makeUpHours`) even though the weekday is closed. */
    makeUpWorkdays: z.array(IsoDate).max(2000).readonly(),
    /** Hours on a make-up working day; Monday's when omitted. */
    makeUpHours: z.array(OpeningHours).max(8).readonly().optional(),
  })
  .refine((c) => c.week.some((day) => day.length > 0), 'the calendar must open at least one weekday');
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

const OFFICE: OpeningHours[] = [{ open: '09:00', close: '18:00' }];

/**
 * The default team calendar: Asia/Shanghai, Monday–Friday 09:00–18:00, mainland public holidays and
 * make-up working days (cnHolidays.ts). A team with other hours passes its own calendar.
 */
export const DEFAULT_TEAM_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  week: [[], OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, []],
  holidays: CN_HOLIDAYS,
  makeUpWorkdays: CN_MAKE_UP_WORKDAYS,
};
