import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  clampedDate,
  daysBetween,
  daysInMonth,
  inWindow,
  isIsoDate,
  isoFromClock,
  makeDate,
  parts,
  periodBounds,
} from '../../src/core/dates.js';

describe('isIsoDate', () => {
  it.each(['2026-11-21', '2024-02-29', '2000-02-29', '1900-01-01', '9999-12-31', '2026-12-31', '2026-04-30'])('%s is a date', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    '2026-02-30', // no such day
    '2026-02-29', // not a leap year
    '2100-02-29', // century, not a leap year
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '26-01-05',
    '2026/01/05',
    '2026-01-05T00:00:00Z',
    ' 2026-01-05',
    '2026-01-05 ',
    '0000-01-01',
    '',
    '２０２６-01-05', // full-width digits
  ])('%j is not a date', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });

  it('accepts exactly the days every real calendar month has', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(isIsoDate(makeDate(y, m, d))).toBe(real);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/)), (text) => {
        expect(typeof isIsoDate(text)).toBe('boolean');
      }),
    );
  });
});

describe('date arithmetic', () => {
  it.each([
    ['2026-11-21', 1, '2026-11-22'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-11-21', 100, '2027-03-01'],
    ['2026-03-07', 2, '2026-03-09'], // across the US spring DST change
    ['2026-10-31', 2, '2026-11-02'], // across the US autumn DST change
  ])('%s + %d days = %s', (from, days, to) => {
    expect(addDays(from, days)).toBe(to);
    expect(daysBetween(from, to)).toBe(days);
  });

  it('addDays and daysBetween are inverse on any date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1950, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -4000, max: 4000 }),
        (y, m, d, n) => {
          const start = makeDate(y, m, d);
          const end = addDays(start, n);
          expect(isIsoDate(end)).toBe(true);
          expect(daysBetween(start, end)).toBe(n);
        },
      ),
    );
  });

  it('reads the local calendar date of a clock reading', () => {
    expect(isoFromClock(new Date(2026, 10, 21, 23, 59))).toBe('2026-11-21');
    expect(isoFromClock(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
  });

  it('splits and builds dates', () => {
    expect(parts('2026-03-09')).toEqual({ year: 2026, month: 3, day: 9 });
    expect(makeDate(2026, 3, 9)).toBe('2026-03-09');
    expect(() => parts('March 9')).toThrow(RangeError);
  });

  it('knows month lengths, and clamps a payout day to the month', () => {
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(clampedDate(2026, 2, 31)).toBe('2026-02-28');
    expect(clampedDate(2024, 2, 30)).toBe('2024-02-29');
    expect(clampedDate(2026, 11, 15)).toBe('2026-11-15');
  });
});

describe('periodBounds (cap periods are calendar periods)', () => {
  it.each([
    ['2026-11-21', 'year', '2026-01-01', '2026-12-31'],
    ['2026-11-21', 'quarter', '2026-10-01', '2026-12-31'],
    ['2026-01-01', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-03-31', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-04-01', 'quarter', '2026-04-01', '2026-06-30'],
    ['2026-08-15', 'quarter', '2026-07-01', '2026-09-30'],
    ['2024-02-10', 'month', '2024-02-01', '2024-02-29'],
    ['2026-02-10', 'month', '2026-02-01', '2026-02-28'],
  ] as const)('%s in its %s: %s..%s', (date, period, start, end) => {
    expect(periodBounds(date, period)).toEqual({ start, end });
  });

  it('every date lies inside its own periods', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 20 }), fc.constantFrom('year', 'quarter', 'month' as const), (offset, period) => {
        const date = addDays('2020-01-01', offset);
        const { start, end } = periodBounds(date, period);
        expect(start <= date && date <= end).toBe(true);
        expect(isIsoDate(start) && isIsoDate(end)).toBe(true);
      }),
    );
  });
});

describe('inWindow', () => {
  it.each([
    ['2026-11-21', '2026-11-20', '2026-11-30', true],
    ['2026-11-20', '2026-11-20', '2026-11-30', true], // first day included
    ['2026-11-30', '2026-11-20', '2026-11-30', true], // last day included
    ['2026-12-01', '2026-11-20', '2026-11-30', false],
    ['2026-11-19', '2026-11-20', '2026-11-30', false],
    ['2026-11-19', undefined, '2026-11-30', true],
    ['2030-01-01', '2026-11-20', undefined, true],
    ['2026-11-21', null, null, true],
  ])('%s in %s..%s is %s', (date, from, to, expected) => {
    expect(inWindow(date, from, to)).toBe(expected);
  });
});
