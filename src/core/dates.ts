/**
 * ISO calendar dates (`YYYY-MM-DD`) are the only date type in perk. All arithmetic happens here, so no
 * other module builds a Date from a string. It is whole-day arithmetic on day numbers (Date.UTC, no time
 * zone, no DST), which gives the same answers as date-fns' calendar-day functions on local midnights
 * without loading date-fns (and its locale) on every start: `perk stack` must start fast (STYLE 14).
 */

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

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar date (month and day may overflow: Date.UTC normalises). */
function dayNumber(iso: IsoDate): number {
  const m = ISO_RE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function fromDayNumber(day: number): IsoDate {
  const d = new Date(day * DAY_MS);
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  if (!Number.isFinite(days)) throw new RangeError(`not a number of days: ${days}`);
  return fromDayNumber(dayNumber(iso) + Math.trunc(days));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** The local date of a clock reading. */
export function isoFromClock(now: Date): IsoDate {
  return makeDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function parts(iso: IsoDate): { year: number; month: number; day: number } {
  const m = ISO_RE.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** perk's calendar ends here (isIsoDate's last year): a date computed past it is this day. */
export const LAST_DATE: IsoDate = '9999-12-31';

export function makeDate(year: number, month: number, day: number): IsoDate {
  // A five-digit year would compare wrong as a string and fail every later parse: saturate instead.
  if (year > 9999) return LAST_DATE;
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
