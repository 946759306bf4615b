import { describe, expect, it } from 'vitest';
import { cashBack, describeRate, isStale, validRate, validRates } from '../../src/core/rates.js';
import type { PortalRate } from '../../src/core/types.js';

const RATES: PortalRate[] = [
  { portal: 'rakuten', retailer: 'macys', percent: 6, from: '2026-10-01', as_of: '2026-11-15' },
  { portal: 'rakuten', retailer: 'macys', percent: 10, from: '2026-11-20', to: '2026-11-30', as_of: '2026-11-20' },
  { portal: 'rakuten', retailer: 'macys', percent: 2, from: '2026-10-15', channel: 'in_store' },
  { portal: 'topcashback', retailer: 'macys', percent: 6.5 },
  { portal: 'befrugal', retailer: 'macys', percent: 4, from: '2026-12-01' },
  { portal: 'rakuten', retailer: 'hotwire', flat_cents: 1500 },
];

describe('validRate (the rate valid on a date: latest from wins)', () => {
  it.each([
    ['2026-11-19', 6], // base rate
    ['2026-11-20', 10], // boost starts (inclusive)
    ['2026-11-21', 10], // SPEC example: the boost wins over the base rate
    ['2026-11-30', 10], // boost ends (inclusive)
    ['2026-12-01', 6], // back to the base rate
  ])('Rakuten Macy’s on %s is %d%%', (date, percent) => {
    expect(validRate(RATES, 'rakuten', date)?.percent).toBe(percent);
  });

  it('has no rate before the first rate starts', () => {
    const macys = RATES.filter((r) => r.retailer === 'macys');
    expect(validRate(macys, 'rakuten', '2026-09-30')).toBeUndefined();
    expect(validRate(RATES, 'befrugal', '2026-11-30')).toBeUndefined();
  });

  it('treats a rate without from as the oldest, valid from the beginning of time', () => {
    expect(validRate(RATES, 'topcashback', '2000-01-01')?.percent).toBe(6.5);
    const withBase: PortalRate[] = [
      { portal: 'p', retailer: 'r', percent: 3 },
      { portal: 'p', retailer: 'r', percent: 5, from: '2026-01-01' },
    ];
    expect(validRate(withBase, 'p', '2026-06-01')?.percent).toBe(5);
    expect(validRate(withBase, 'p', '2025-06-01')?.percent).toBe(3);
  });

  it('keeps channels apart: the in-store rate never answers an online question', () => {
    expect(validRate(RATES, 'rakuten', '2026-10-20', 'in_store')?.percent).toBe(2);
    expect(validRate(RATES, 'rakuten', '2026-10-20', 'online')?.percent).toBe(6);
    expect(validRate(RATES, 'rakuten', '2026-10-20', 'dining')).toBeUndefined();
  });

  it('lists one valid rate per portal, sorted by portal id', () => {
    const found = validRates(RATES.filter((r) => r.retailer === 'macys'), '2026-12-05');
    expect(found.map((r) => [r.portal, r.percent])).toEqual([
      ['befrugal', 4],
      ['rakuten', 6],
      ['topcashback', 6.5],
    ]);
  });
});

describe('cashBack', () => {
  it.each([
    [{ percent: 6 }, 20000, 1200],
    [{ percent: 10 }, 19999, 2000], // 1999.9
    [{ percent: 6.5 }, 4217, 274], // 274.105
    [{ percent: 2.5 }, 10, 0], // 0.25
    [{ percent: 2.5 }, 20, 1], // 0.5 rounds away from zero
    [{ flat_cents: 1500 }, 20000, 1500],
    [{ flat_cents: 1500 }, 1, 1500],
    [{ flat_cents: 1500 }, 0, 0], // nothing bought, nothing paid
  ])('%j on %d cents → %d', (rate, price, expected) => {
    expect(cashBack({ portal: 'p', retailer: 'r', ...rate }, price)).toBe(expected);
  });
});

describe('describeRate and staleness', () => {
  it('prints a percent or a flat amount', () => {
    expect(describeRate({ portal: 'p', retailer: 'r', percent: 6.5 })).toBe('6.5%');
    expect(describeRate({ portal: 'p', retailer: 'r', flat_cents: 2500 })).toBe('$25.00');
  });

  it('writes a flat amount as every other amount (formatCents): thousands grouped', () => {
    expect(describeRate({ portal: 'p', retailer: 'r', flat_cents: 100_000 })).toBe('$1,000.00');
    expect(describeRate({ portal: 'p', retailer: 'r', flat_cents: 123_456_789 })).toBe('$1,234,567.89');
    expect(describeRate({ portal: 'p', retailer: 'r', flat_cents: 99_999 })).toBe('$999.99');
  });

  it.each([
    ['2026-10-22', '2026-11-21', false], // exactly 30 days old
    ['2026-10-21', '2026-11-21', true], // 31 days old
    ['2026-11-21', '2026-11-21', false],
  ])('a rate seen on %s is stale on %s: %s', (asOf, today, stale) => {
    expect(isStale({ portal: 'p', retailer: 'r', percent: 1, as_of: asOf }, today)).toBe(stale);
  });

  it('a rate without as_of is never called stale', () => {
    expect(isStale({ portal: 'p', retailer: 'r', percent: 1 }, '2030-01-01')).toBe(false);
  });
});
