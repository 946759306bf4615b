/**
 * ISO calendar dates (`YYYY-MM-DD`) are the only date type in perk. All arithmetic happens here, so no
 * other module builds a Date from a string. The calendar arithmetic is date-fns' on UTC dates
 * (`UTCDateMini`, a Date whose getters and setters are the UTC ones): no time zone and no DST, so the
 * answers are the same in every TZ, even in one that skipped a whole day (Pacific/Kiritimati has no
 * 1994-12-31, so a local-midnight Date cannot hold that date). Only the functions used are imported:
 * dates.ts is on the `perk stack` fast path, which must start fast (STYLE 14). Two hot spots stay cheap:
 * validation (isIsoDate, daysInMonth) is the leap-year rule, not a Date per call, and period bounds are
 * remembered per month.
 */
import { UTCDateMini } from '@date-fns/utc/date/mini';
// One module each (not the date-fns index): the bundle then holds only these, not 250 module stubs.
import { addDays as addDaysFns } from 'date-fns/addDays';
import { addMonths as addMonthsFns } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { endOfQuarter } from 'date-fns/endOfQuarter';
import { endOfYear } from 'date-fns/endOfYear';
import { formatISO } from 'date-fns/formatISO';
import { isValid } from 'date-fns/isValid';
import { startOfMonth } from 'date-fns/startOfMonth';
import { startOfQuarter } from 'date-fns/startOfQuarter';
import { startOfYear } from 'date-fns/startOfYear';

export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** perk's calendar ends here (isIsoDate's last year): a date computed past it is this day. */
export const LAST_DATE: IsoDate = '9999-12-31';

/** True for a real calendar date written `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const m = ISO_RE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/**
 * Days in a month (1–12). The one calendar rule not left to date-fns: isIsoDate runs it for every date of
 * a load (400,000 rates in the bench), and a Date per call costs ~30 times the leap-year test (the
 * property tests hold it to date-fns' getDaysInMonth).
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The UTC date of a calendar date (month and day may overflow: 2026-02-30 is 2026-03-02). */
function toDate(iso: IsoDate): Date {
  const { year, month, day } = parts(iso);
  return new UTCDateMini(Date.UTC(year, month - 1, day));
}

/** `YYYY-MM-DD` of a Date, read with its own getters (local for a Date, UTC for a UTCDateMini). */
function fromDate(date: Date): IsoDate {
  // A five-digit year would compare wrong as a string and fail every later parse: saturate instead.
  if (!isValid(date) || date.getFullYear() > 9999) return LAST_DATE;
  return formatISO(date, { representation: 'date' });
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  if (!Number.isFinite(days)) throw new RangeError(`not a number of days: ${days}`);
  return fromDate(addDaysFns(toDate(iso), Math.trunc(days)));
}

/** The date `months` calendar months after `iso` (day clamped to the month's length: 01-31 + 1 → 02-28). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  return fromDate(addMonthsFns(toDate(iso), months));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return differenceInCalendarDays(toDate(b), toDate(a));
}

/** The local date of a clock reading. */
export function isoFromClock(now: Date): IsoDate {
  return fromDate(now);
}

export function parts(iso: IsoDate): { year: number; month: number; day: number } {
  const m = ISO_RE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** `YYYY-MM-DD` of year, month and day as given (not checked: isIsoDate tells whether it is a date). */
export function makeDate(year: number, month: number, day: number): IsoDate {
  if (year > 9999) return LAST_DATE;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type Period = 'year' | 'quarter' | 'month';

const PERIOD_BOUNDS = {
  year: [startOfYear, endOfYear],
  quarter: [startOfQuarter, endOfQuarter],
  month: [startOfMonth, endOfMonth],
} as const;

/** Bounds by period and `YYYY-MM`: the cap of every purchase asks (advise replays thousands of days). */
const boundsMemo = new Map<string, { start: IsoDate; end: IsoDate }>();

/** First and last day of the calendar period containing `iso` (the same object for every day of it). */
export function periodBounds(iso: IsoDate, period: Period): { start: IsoDate; end: IsoDate } {
  const { year, month } = parts(iso);
  const key = `${period}${year}-${month}`;
  let bounds = boundsMemo.get(key);
  if (!bounds) {
    const date = new UTCDateMini(Date.UTC(year, month - 1, 1));
    const [start, end] = PERIOD_BOUNDS[period];
    bounds = Object.freeze({ start: fromDate(start(date)), end: fromDate(end(date)) });
    // At most 3 periods × 12 months × the years asked about; a bound on it for a long-lived perk mcp.
    if (boundsMemo.size >= 10_000) boundsMemo.clear();
    boundsMemo.set(key, bounds);
  }
  return bounds;
}

/** `from..to` (inclusive, either open) covers `iso`. ISO strings compare as dates. */
export function inWindow(iso: IsoDate, from?: IsoDate | null, to?: IsoDate | null): boolean {
  return (!from || from <= iso) && (!to || iso <= to);
}

/** Clamp a day of month to the month's length (payout day 31 in February → 28/29). */
export function clampedDate(year: number, month: number, day: number): IsoDate {
  return makeDate(year, month, Math.min(day, daysInMonth(year, month)));
}
