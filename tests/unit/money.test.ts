import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRound,
  earnUnits,
  effectiveRate,
  formatCents,
  formatRatePercent,
  formatUnits,
  parseAmountToCents,
  parseRate,
  percentOf,
  roundHalfAwayFromZero,
  valueOfUnits,
} from '../../src/core/money.js';

/** Reference: exact n / d rounded half away from zero, in BigInt. */
function refDivRound(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  let q = an / ad;
  if ((an % ad) * 2n >= ad) q += 1n;
  return negative ? -q : q;
}

describe('roundHalfAwayFromZero', () => {
  it.each([
    [2.5, 3],
    [-2.5, -3],
    [0.5, 1],
    [-0.5, -1],
    [2.4999, 2],
    [-2.4999, -2],
    [7, 7],
  ])('%d → %d', (x, expected) => {
    expect(roundHalfAwayFromZero(x)).toBe(expected);
  });
});

describe('divRound', () => {
  it.each([
    [7, 2, 4],
    [-7, 2, -4],
    [7, -2, -4],
    [5, 10, 1],
    [4, 10, 0],
    [-5, 10, -1],
    [0, 3, 0],
    [10, 3, 3],
    [20, 3, 7],
  ])('%d / %d → %d', (n, d, expected) => {
    expect(divRound(n, d)).toBe(expected);
  });

  it('never returns -0 (it would print as "-0")', () => {
    expect(Object.is(divRound(-1, 3), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0.4), 0)).toBe(true);
    expect(formatUnits(divRound(-1, 3))).toBe('0');
  });

  it('refuses division by zero', () => {
    expect(() => divRound(1, 0)).toThrow(RangeError);
  });

  it('equals exact rational rounding for every pair of safe integers', () => {
    fc.assert(
      fc.property(
        fc.maxSafeInteger(),
        fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger()).filter((d) => d !== 0),
        (n, d) => {
          expect(divRound(n, d)).toBe(Number(refDivRound(BigInt(n), BigInt(d))));
        },
      ),
    );
  });

  it('is exact near the top of the safe range, where float division rounds up', () => {
    const n = Number.MAX_SAFE_INTEGER; // 9007199254740991
    expect(divRound(n, 3)).toBe(Number(refDivRound(BigInt(n), 3n)));
    expect(divRound(n - 1, 10)).toBe(Number(refDivRound(BigInt(n - 1), 10n)));
  });
});

describe('percentOf / earnUnits / valueOfUnits (exact, rounded once)', () => {
  it.each([
    // amount cents, percent, expected cents
    [20000, 6, 1200],
    [4217, 6.5, 274], // 274.105
    [10, 5, 1], // 0.5 rounds away from zero
    [9, 5, 0], // 0.45
    [12345, 0, 0],
    [12345, 100, 12345],
    [333, 1.5, 5], // 4.995
    [100, 0.0001, 0],
  ])('%d cents at %d%% → %d', (amount, percent, expected) => {
    expect(percentOf(amount, percent)).toBe(expected);
  });

  it('avoids binary floating point error: 1.15% of $10.00 is 11.5 → 12 cents', () => {
    // 1000 * 1.15 / 100 is 11.499999999999998 in floating point.
    expect(percentOf(1000, 1.15)).toBe(12);
  });

  it.each([
    [17500, 1, 175],
    [17500, 4, 700],
    [150, 1.5, 2], // 2.25
    [50, 3, 2], // 1.5 → 2
    [20000, 0.5, 100],
  ])('earn: %d cents at %dx → %d units', (amount, multiplier, expected) => {
    expect(earnUnits(amount, multiplier)).toBe(expected);
  });

  it.each([
    [1200, 2, 2400],
    [175, 2, 350],
    [10000, 1.85, 18500],
    [3, 0.5, 2], // 1.5 → 2
    [1, 0.7, 1],
    [33, 1.1, 36], // 36.3
  ])('value: %d units at %d cpp → %d cents', (units, cpp, expected) => {
    expect(valueOfUnits(units, cpp)).toBe(expected);
  });

  it('stays exact for large amounts where amount × scaled rate exceeds 2^53', () => {
    // 96213934158 × 480962 / 1,000,000 = 46,275,246,200.4...: a float product rounds it up by a cent.
    expect(percentOf(96_213_934_158, 48.0962)).toBe(46_275_246_200);
    // $999,999,999.99 at 7.7777x: 99999999999 × 77777 / 1,000,000 = 7,777,699,999.92223 → 7,777,700,000
    expect(earnUnits(99_999_999_999, 7.7777)).toBe(7_777_700_000);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (amount, scaledPercent) => {
        const percent = scaledPercent / 10_000;
        const expected = Number(refDivRound(BigInt(amount) * BigInt(scaledPercent), 1_000_000n));
        expect(percentOf(amount, percent)).toBe(expected);
      }),
    );
  });
});

describe('parseAmountToCents', () => {
  it.each([
    ['120', 12000],
    ['120.5', 12050],
    ['120.50', 12050],
    ['$1,234.56', 123456],
    ['$ 5', 500],
    ['  42.17  ', 4217],
    ['.99', 99],
    ['0', 0],
    ['1,000,000', 100000000],
    ['$12,345,678.90', 1234567890],
  ])('%j → %d cents', (text, cents) => {
    expect(parseAmountToCents(text)).toBe(cents);
  });

  it.each(['', '$', '-5', '5.123', '1,23', '12,3456', 'abc', '5$', '$-5', '1e3', '1.2.3', '.', 'NaN', 'Infinity', '٣', '99999999999999999999'])(
    '%j is not an amount',
    (text) => {
      expect(parseAmountToCents(text)).toBeNull();
    },
  );

  it('round-trips every formatted amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 15 }), (cents) => {
        expect(parseAmountToCents(formatCents(cents))).toBe(cents);
        expect(parseAmountToCents((cents / 100).toFixed(2))).toBe(cents);
      }),
    );
  });

  it('never throws and returns null or a safe non-negative integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[$\d,. -]{0,30}$/)), (text) => {
        const cents = parseAmountToCents(text);
        if (cents !== null) {
          expect(Number.isSafeInteger(cents)).toBe(true);
          expect(cents).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe('parseRate', () => {
  it.each([
    ['6%', { percent: 6 }],
    ['6', { percent: 6 }],
    ['6.5 %', { percent: 6.5 }],
    ['.5%', { percent: 0.5 }],
    ['0', { percent: 0 }],
    ['100%', { percent: 100 }],
    ['$15', { flat_cents: 1500 }],
    ['$25.50', { flat_cents: 2550 }],
    [' $1,000 ', { flat_cents: 100000 }],
  ])('%j → %j', (text, rate) => {
    expect(parseRate(text)).toEqual(rate);
  });

  it.each(['', '%', '101%', '100.01', '-5%', '6%%', 'six', '$', '$-1', '6 percent', '1e1', '$1.234', '%6'])('%j is not a rate', (text) => {
    expect(parseRate(text)).toBeNull();
  });

  it('never throws; a percent is always within 0–100 and a flat amount whole cents', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[$%\d,. ]{0,12}$/)), (text) => {
        const rate = parseRate(text);
        if (rate === null) return;
        if ('percent' in rate) {
          expect(rate.percent).toBeGreaterThanOrEqual(0);
          expect(rate.percent).toBeLessThanOrEqual(100);
        } else {
          expect(Number.isSafeInteger(rate.flat_cents)).toBe(true);
        }
      }),
    );
  });

  it('reads back every percent it prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (scaled) => {
        const percent = scaled / 10_000;
        expect(parseRate(`${percent}%`)).toEqual({ percent });
      }),
    );
  });
});

describe('formatting', () => {
  it.each([
    [0, '$0.00'],
    [5, '$0.05'],
    [123456, '$1,234.56'],
    [-100, '-$1.00'],
    [100000000000, '$1,000,000,000.00'],
  ])('formatCents(%d) = %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('formats units with thousands separators and fractions as percents', () => {
    expect(formatUnits(12345)).toBe('12,345');
    expect(formatRatePercent(5250, 20000)).toBe('26.3%');
    expect(formatRatePercent(2000, 20000)).toBe('10.0%');
  });

  it('effective rate has four decimals, rounded once; zero amount is 0', () => {
    expect(effectiveRate(5250, 20000)).toBe(0.2625);
    expect(effectiveRate(1, 3)).toBe(0.3333);
    expect(effectiveRate(2, 3)).toBe(0.6667);
    expect(effectiveRate(100, 0)).toBe(0);
  });
});

describe('formatUnits and formatCents without ICU', () => {
  // They group by hand (the first toLocaleString of a process costs ~12 ms): the same text as
  // toLocaleString('en-US') for every integer, small, large, negative or unsafe.
  it('formatUnits(n) is n.toLocaleString("en-US")', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.integer(), fc.maxSafeInteger(), fc.maxSafeInteger().map((n) => -n), fc.constantFrom(-0, 999, 1000, -999, -1000, 2 ** 53, -(2 ** 53))), (n) => {
        expect(formatUnits(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });
  it('formatCents(c) is the dollars grouped as toLocaleString groups them, and two-digit cents', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -300_000, max: 300_000 }), fc.maxSafeInteger()), (c) => {
        const abs = Math.abs(c);
        const expected = `${c < 0 ? '-' : ''}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
        expect(formatCents(c)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
