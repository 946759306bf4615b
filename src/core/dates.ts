/**
 * ISO calendar dates (`YYYY-MM-DD`) are the only date type in perk. All arithmetic happens here, over
 * date-fns on UTC-free local midnights, so no other module builds a Date from a string.
 */
import { addDays as addDaysFns, differenceInCalendarDays, format } from 'date-fns';

export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

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

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function toDate(iso: IsoDate): Date {
  const m = ISO_RE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromDate(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDate(addDaysFns(toDate(iso), days));
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

export function makeDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type Period = 'year' | 'quarter' | 'month';

/** First and last day of the calendar period containing `iso`. */
export function periodBounds(iso: IsoDate, period: Period): { start: IsoDate; end: IsoDate } {
  const { year, month } = parts(iso);
  if (period === 'year') return { start: makeDate(year, 1, 1), end: makeDate(year, 12, 31) };
  if (period === 'month') return { start: makeDate(year, month, 1), end: makeDate(year, month, daysInMonth(year, month)) };
  const first = Math.floor((month - 1) / 3) * 3 + 1;
  return { start: makeDate(year, first, 1), end: makeDate(year, first + 2, daysInMonth(year, first + 2)) };
}

/** `from..to` (inclusive, either open) covers `iso`. ISO strings compare as dates. */
export function inWindow(iso: IsoDate, from?: IsoDate | null, to?: IsoDate | null): boolean {
  return (!from || from <= iso) && (!to || iso <= to);
}

/** Clamp a day of month to the month's length (payout day 31 in February → 28/29). */
export function clampedDate(year: number, month: number, day: number): IsoDate {
  return makeDate(year, month, Math.min(day, daysInMonth(year, month)));
}
