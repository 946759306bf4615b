// core/dates.ts on date-fns gives the same answers as the hand-written day-number arithmetic it replaced
// (copied below as the reference), in every time zone, including ones that skipped a whole day.
import { UTCDateMini } from '@date-fns/utc/date/mini';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as dates from '../../src/core/dates.js';
import { windowStart } from '../../src/core/spend.js';

/** The implementation before date-fns (Date.UTC day numbers), verbatim but for the names. */
const old = (() => {
  const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const DAY_MS = 86_400_000;
  const LAST_DATE = '9999-12-31';
  function daysInMonth(year: number, month: number): number {
    if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
  }
  function isIsoDate(text: string): boolean {
    const m = ISO_RE.exec(text);
    if (!m) return false;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
    return d <= daysInMonth(y, mo);
  }
  function makeDate(year: number, month: number, day: number): string {
    if (year > 9999) return LAST_DATE;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  function parts(iso: string) {
    const m = ISO_RE.exec(iso);
    if (!m) throw new RangeError(`not an ISO date: ${iso}`);
    return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  }
  function dayNumber(iso: string): number {
    const m = ISO_RE.exec(iso);
    if (!m) throw new RangeError(`not an ISO date: ${iso}`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  }
  function fromDayNumber(day: number): string {
    const d = new Date(day * DAY_MS);
    return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const addDays = (iso: string, days: number) => fromDayNumber(dayNumber(iso) + Math.trunc(days));
  const daysBetween = (a: string, b: string) => dayNumber(b) - dayNumber(a);
  const isoFromClock = (now: Date) => makeDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
  function periodBounds(iso: string, period: dates.Period) {
    const { year, month } = parts(iso);
    if (period === 'year') return { start: makeDate(year, 1, 1), end: makeDate(year, 12, 31) };
    if (period === 'month') return { start: makeDate(year, month, 1), end: makeDate(year, month, daysInMonth(year, month)) };
    const first = Math.floor((month - 1) / 3) * 3 + 1;
    return { start: makeDate(year, first, 1), end: makeDate(year, first + 2, daysInMonth(year, first + 2)) };
  }
  const clampedDate = (year: number, month: number, day: number) => makeDate(year, month, Math.min(day, daysInMonth(year, month)));
  // core/payout-calendar.ts addMonths and core/spend.ts windowStart, as they were.
  function addMonths(iso: string, months: number): string {
    const { year, month, day } = parts(iso);
    const index = year * 12 + (month - 1) + months;
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    return makeDate(y, m, Math.min(day, daysInMonth(y, m)));
  }
  function windowStart(today: string, months: number): string {
    const { year: y, month: m, day } = parts(today);
    const index = y * 12 + (m - 1) - months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return addDays(makeDate(year, month, Math.min(day, daysInMonth(year, month))), 1);
  }
  return { daysInMonth, isIsoDate, addDays, daysBetween, isoFromClock, periodBounds, clampedDate, addMonths, windowStart };
})();

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** A real date, 1900-01-01..9999-12-31. */
const realDate = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
/** Any `YYYY-MM-DD` of years 1900–9999, also days and months that overflow (2026-02-30, 2026-13-01). */
const anyDigits = fc
  .tuple(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
const someDate = fc.oneof(realDate, anyDigits);
const period = fc.constantFrom<dates.Period>('year', 'quarter', 'month');

// UTC, DST zones, half-hour DST (Lord Howe), DST at midnight (Sao Paulo until 2019), and zones that
// skipped a calendar day (Kiritimati: 1994-12-31, Apia: 2011-12-30).
const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Apia', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const savedTz = process.env.TZ;
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe.each(ZONES)('core/dates equals the day-number reference with TZ=%s', (zone) => {
  const runs = { numRuns: 300 };
  const inZone = <T>(fn: () => T): T => {
    process.env.TZ = zone;
    return fn();
  };

  it('runs in that zone (the offset of a local Date follows TZ)', () => {
    inZone(() => {
      const offset = new Date(2026, 0, 15).getTimezoneOffset();
      expect(zone === 'UTC' ? offset === 0 : zone === 'Pacific/Kiritimati' ? offset === -840 : true).toBe(true);
    });
  });

  it('on the days some zone skipped or moved', () => {
    inZone(() => {
      expect(dates.addDays('1994-12-30', 1)).toBe('1994-12-31');
      expect(dates.addDays('1994-12-31', 1)).toBe('1995-01-01');
      expect(dates.daysBetween('1994-12-30', '1995-01-01')).toBe(2);
      expect(dates.addDays('2011-12-29', 1)).toBe('2011-12-30');
      expect(dates.periodBounds('1994-12-31', 'month')).toEqual({ start: '1994-12-01', end: '1994-12-31' });
      expect(dates.isIsoDate('1994-12-31')).toBe(true);
      expect(dates.addDays('2018-11-03', 1)).toBe('2018-11-04'); // Sao Paulo: no midnight that day
      expect(dates.addMonths('1994-11-30', 1)).toBe('1994-12-30');
      expect(dates.addDays('9999-12-31', 1)).toBe('9999-12-31');
    });
  });

  it('isIsoDate, daysInMonth, clampedDate', () => {
    inZone(() => {
      fc.assert(
        fc.property(fc.oneof(someDate, fc.string()), (text) => {
          expect(dates.isIsoDate(text)).toBe(old.isIsoDate(text));
        }),
        runs,
      );
      fc.assert(
        fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (y, m, d) => {
          expect(dates.daysInMonth(y, m)).toBe(old.daysInMonth(y, m));
          expect(dates.daysInMonth(y, m)).toBe(getDaysInMonth(new UTCDateMini(y, m - 1, 1))); // the one rule kept by hand
          expect(dates.clampedDate(y, m, d)).toBe(old.clampedDate(y, m, d));
        }),
        runs,
      );
    });
  });

  it('addDays (to past the end of the calendar) and daysBetween', () => {
    inZone(() => {
      fc.assert(
        fc.property(someDate, someDate, fc.oneof(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -300_000, max: 3_000_000 }), fc.double({ min: -1e4, max: 1e4, noNaN: true })), (a, b, n) => {
          expect(dates.addDays(a, n)).toBe(old.addDays(a, n));
          expect(dates.daysBetween(a, b)).toBe(old.daysBetween(a, b));
        }),
        runs,
      );
    });
  });

  it('addMonths and windowStart (calendar months, day clamped)', () => {
    inZone(() => {
      fc.assert(
        fc.property(realDate, fc.integer({ min: -1200, max: 1200 }), (iso, n) => {
          expect(dates.addMonths(iso, n)).toBe(old.addMonths(iso, n));
          if (n >= 0 && iso >= '1990-01-01') expect(windowStart(iso, n)).toBe(old.windowStart(iso, n));
        }),
        runs,
      );
    });
  });

  it('periodBounds', () => {
    inZone(() => {
      // Bounds are remembered by period and month: a day past the month's end must not change them.
      expect(dates.periodBounds('2023-02-30', 'month')).toEqual({ start: '2023-02-01', end: '2023-02-28' });
      expect(dates.periodBounds('2023-02-10', 'month')).toEqual({ start: '2023-02-01', end: '2023-02-28' });
      fc.assert(
        fc.property(realDate, period, (iso, p) => {
          expect(dates.periodBounds(iso, p)).toEqual(old.periodBounds(iso, p));
        }),
        runs,
      );
    });
  });

  it('isoFromClock reads the local calendar date', () => {
    inZone(() => {
      fc.assert(
        fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 2)), max: new Date(Date.UTC(9999, 11, 30)), noInvalidDate: true }), (now) => {
          expect(dates.isoFromClock(now)).toBe(old.isoFromClock(now));
        }),
        runs,
      );
    });
  });
});
