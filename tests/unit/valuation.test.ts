import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Currency, PathValue } from '../../src/core/types.js';
import {
  choosePath,
  describePathRule,
  effectiveCpp,
  formatCpp,
  listPaths,
  nominalCpp,
  parseUnits,
  pathFeeCents,
  pathKind,
  pathValueCents,
  USD,
  valueCurrency,
} from '../../src/core/valuation.js';
import { pathValueSchema } from '../../src/load/schemas.js';

const AIRLINE: PathValue = { cpp: 2.0, fee_per_unit_cents: 0.06, fee_max_cents: 9900 };
const SCHWAB: PathValue = { tiers: [{ up_to_units: 1_000_000, cpp: 1.1 }, { cpp: 0.8 }] };

const MR: Currency = {
  code: 'MR',
  name: 'Amex Membership Rewards',
  paths: {
    statement_credit: 0.6,
    amazon: 0.7,
    travel_portal: 1,
    travel_portal_hotels: 0.7,
    gift_cards: 0.5,
    schwab: SCHWAB,
    transfer: 2,
    transfer_us_airline: AIRLINE,
  },
  default_path: 'transfer',
};

describe('pathValueCents: flat paths (round(units × cpp), half away from zero)', () => {
  it.each([
    [10_000, 0.6, 6_000],
    [10_000, 2.05, 20_500],
    [4_217, 0.5, 2_109], // 2108.5 → 2109
    [4_217, 2.2, 9_277], // 9277.4 → 9277
    [3, 0.55, 2], // 1.65 → 2
    [1, 0.55, 1], // 0.55 → 1
    [0, 2, 0],
  ])('%d units at %d¢ = %d cents', (units, cpp, cents) => {
    expect(pathValueCents(units, cpp)).toBe(cents);
  });
});

describe('pathValueCents: fee paths (DOMAIN example 7: $0.0006 a point, max $99)', () => {
  it.each([
    // units, fee, value = units × 2.0 − fee
    [50_000, 3_000, 97_000], // $30 fee
    [200_000, 9_900, 390_100], // 12,000 → capped at $99
    [165_000, 9_900, 320_100], // exactly at the cap
    [165_001, 9_900, 320_102], // 9900.06 → capped
    [4_217, 253, 8_181], // 253.02 → 253
    [10_000, 600, 19_400],
    [8, 0, 16], // 0.48 → 0
  ])('%d units: fee %d, value %d', (units, fee, value) => {
    expect(pathFeeCents(units, AIRLINE)).toBe(fee);
    expect(pathValueCents(units, AIRLINE)).toBe(value);
  });

  it('a fee without a cap grows with the units', () => {
    const uncapped: PathValue = { cpp: 2, fee_per_unit_cents: 0.06 };
    expect(pathFeeCents(200_000, uncapped)).toBe(12_000);
    expect(pathValueCents(200_000, uncapped)).toBe(388_000);
  });

  it('a cpp object without a fee is a flat path', () => {
    expect(pathFeeCents(10_000, { cpp: 1.5 })).toBe(0);
    expect(pathValueCents(10_000, { cpp: 1.5 })).toBe(15_000);
  });

  it('flat and tier paths have no fee', () => {
    expect(pathFeeCents(50_000, 2)).toBe(0);
    expect(pathFeeCents(50_000, SCHWAB)).toBe(0);
  });
});

describe('pathValueCents: tier paths (DOMAIN example 6: Schwab)', () => {
  it.each([
    [1_200_000, 1_260_000], // $11,000 + $1,600 = $12,600
    [1_000_000, 1_100_000],
    [1_000_001, 1_100_001], // 1,100,000 + 0.8 → 1,100,000.8 → 1,100,001
    [999_999, 1_099_999], // 1,099,998.9 → 1,099,999
    [50_000, 55_000],
    [2_000_000, 1_900_000], // 1,100,000 + 800,000
  ])('%d units = %d cents', (units, cents) => {
    expect(pathValueCents(units, SCHWAB)).toBe(cents);
  });

  it('sums the tiers exactly and rounds once (not once per tier)', () => {
    const halves: PathValue = { tiers: [{ up_to_units: 1, cpp: 0.5 }, { cpp: 0.5 }] };
    // Per-tier rounding would give round(0.5) + round(0.5) = 2.
    expect(pathValueCents(2, halves)).toBe(1);
  });

  it('values units beyond the last limit at the last tier', () => {
    const bounded: PathValue = { tiers: [{ up_to_units: 100, cpp: 1 }, { up_to_units: 200, cpp: 0.5 }] };
    expect(pathValueCents(300, bounded)).toBe(100 + 50 + 50);
  });

  it('a tier value is never more than all units at the best tier nor less than at the worst', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), (units) => {
        const v = pathValueCents(units, SCHWAB);
        expect(v).toBeLessThanOrEqual(pathValueCents(units, 1.1));
        expect(v).toBeGreaterThanOrEqual(pathValueCents(units, 0.8));
      }),
    );
  });

  it('values grow with the units on every kind of path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 100_000 }), (units, more) => {
        for (const path of [0.7, AIRLINE, SCHWAB]) {
          expect(pathValueCents(units + more, path)).toBeGreaterThanOrEqual(pathValueCents(units, path));
        }
      }),
    );
  });
});

describe('path helpers', () => {
  it('kind, nominal cpp, effective cpp', () => {
    expect([pathKind(0.6), pathKind(AIRLINE), pathKind(SCHWAB)]).toEqual(['flat', 'fee', 'tiers']);
    expect([nominalCpp(0.6), nominalCpp(AIRLINE), nominalCpp(SCHWAB)]).toEqual([0.6, 2, 1.1]);
    expect(effectiveCpp(50_000, AIRLINE)).toBe(1.94);
    expect(effectiveCpp(200_000, AIRLINE)).toBe(1.9505);
    expect(effectiveCpp(1_200_000, SCHWAB)).toBe(1.05);
    expect(effectiveCpp(0, SCHWAB)).toBe(1.1);
  });

  it('describes non-flat rules for people', () => {
    expect(describePathRule(0.6)).toBeUndefined();
    expect(describePathRule(AIRLINE)).toBe('fee $0.0006/unit, max $99.00');
    expect(describePathRule(SCHWAB)).toBe('1.1¢ up to 1,000,000, then 0.8¢');
  });

  it.each([
    [2, '2.0'],
    [0.55, '0.55'],
    [1.25, '1.25'],
    [1.83333333, '1.8333'],
  ])('formatCpp(%d) = %s', (cpp, text) => {
    expect(formatCpp(cpp)).toBe(text);
  });
});

describe('listPaths and the user override (config cpp.CUR.path)', () => {
  it('puts the best value of the given units first, ties by name', () => {
    expect(listPaths(MR, {}, 50_000).map((p) => p.path)).toEqual([
      'transfer',
      'transfer_us_airline',
      'schwab',
      'travel_portal',
      'amazon',
      'travel_portal_hotels',
      'statement_credit',
      'gift_cards',
    ]);
  });

  it("the user's cpp replaces the published one and is marked", () => {
    const paths = listPaths(MR, { 'cpp.MR.transfer': '1.7' }, 10_000);
    const transfer = paths.find((p) => p.path === 'transfer')!;
    expect(transfer).toMatchObject({ cpp: 1.7, user: true });
    expect(pathValueCents(10_000, transfer.value)).toBe(17_000);
    expect(paths.filter((p) => p.user).map((p) => p.path)).toEqual(['transfer']);
  });

  it('a user cpp on a fee path keeps the fee; on a tier path it becomes flat', () => {
    const config = { 'cpp.MR.transfer_us_airline': '1.2', 'cpp.MR.schwab': '1.0' };
    const byPath = Object.fromEntries(listPaths(MR, config).map((p) => [p.path, p]));
    expect(pathValueCents(50_000, byPath.transfer_us_airline!.value)).toBe(60_000 - 3_000);
    expect(pathValueCents(1_200_000, byPath.schwab!.value)).toBe(1_200_000);
  });

  it('ignores a user cpp that is not a number', () => {
    const paths = listPaths(MR, { 'cpp.MR.transfer': 'abc' });
    expect(paths.find((p) => p.path === 'transfer')).toMatchObject({ cpp: 2, user: false });
  });

  it("another currency's override does not apply", () => {
    expect(listPaths(MR, { 'cpp.UR.transfer': '1.0' }).some((p) => p.user)).toBe(false);
  });
});

describe('choosePath: --path > config path.CUR > default_path', () => {
  it.each([
    [{}, {}, 'transfer'],
    [{ 'path.MR': 'schwab' }, {}, 'schwab'],
    [{ 'path.MR': 'schwab' }, { MR: 'amazon' }, 'amazon'],
    [{ 'path.MR': 'nope' }, {}, 'transfer'],
    [{}, { MR: 'nope' }, 'transfer'],
    [{ 'path.UR': 'cash' }, {}, 'transfer'],
  ])('config %o, overrides %o → %s', (config, overrides, path) => {
    expect(choosePath(MR, config, overrides).path).toBe(path);
  });

  it('carries the user cpp of the chosen path', () => {
    expect(choosePath(MR, { 'cpp.MR.transfer': '1.8' })).toMatchObject({ path: 'transfer', cpp: 1.8, user: true });
  });

  it('USD is built in with one path, cash at 1.0', () => {
    expect(choosePath(USD, {})).toMatchObject({ currency: 'USD', path: 'cash', cpp: 1 });
    expect(pathValueCents(4_217, choosePath(USD, {}).value)).toBe(4_217);
  });
});

describe('valueCurrency (perk value)', () => {
  it('values every path, best first, marks the default, fee and tiers', () => {
    const v = valueCurrency(MR, 50_000, {});
    expect(v).toMatchObject({ currency: 'MR', units: 50_000 });
    expect(v.paths.map((p) => [p.path, p.cpp, p.value_cents])).toEqual([
      ['transfer', 2, 100_000],
      ['transfer_us_airline', 2, 97_000],
      ['schwab', 1.1, 55_000],
      ['travel_portal', 1, 50_000],
      ['amazon', 0.7, 35_000],
      ['travel_portal_hotels', 0.7, 35_000],
      ['statement_credit', 0.6, 30_000],
      ['gift_cards', 0.5, 25_000],
    ]);
    expect(v.paths.filter((p) => p.default).map((p) => p.path)).toEqual(['transfer']);
    expect(v.paths[1]).toMatchObject({ kind: 'fee', fee_cents: 3_000, effective_cpp: 1.94 });
    expect(v.paths[2]).toMatchObject({ kind: 'tiers', effective_cpp: 1.1 });
    expect(v.paths[0]).not.toHaveProperty('fee_cents');
  });

  it('200,000 MR to a U.S. airline costs the $99 cap; 1,200,000 at Schwab is $12,600', () => {
    expect(valueCurrency(MR, 200_000, {}).paths.find((p) => p.path === 'transfer_us_airline')).toMatchObject({
      fee_cents: 9_900,
      value_cents: 390_100,
    });
    expect(valueCurrency(MR, 1_200_000, {}).paths.find((p) => p.path === 'schwab')?.value_cents).toBe(1_260_000);
  });

  it("marks the user's cpp with the published one, and the configured path as default", () => {
    const v = valueCurrency(MR, 10_000, { 'cpp.MR.transfer': '1.7', 'path.MR': 'schwab' });
    expect(v.paths.find((p) => p.path === 'transfer')).toMatchObject({ cpp: 1.7, value_cents: 17_000, user: true, published_cpp: 2 });
    expect(v.paths.filter((p) => p.default).map((p) => p.path)).toEqual(['schwab']);
  });
});

describe('parseUnits', () => {
  it.each([
    ['50000', 50_000],
    ['50,000', 50_000],
    ['1,200,000', 1_200_000],
    [' 10000 ', 10_000],
    ['1', 1],
    ['100,000,000', 100_000_000],
  ])('%s → %d', (text, units) => {
    expect(parseUnits(text)).toBe(units);
  });

  it.each(['', '0', '-5', '50.5', '5,0000', '50,00', '1e5', 'abc', '5o000', '100,000,001', '$50'])('%s is not a number of points', (text) => {
    expect(parseUnits(text)).toBeNull();
  });
});

describe('the default dataset', () => {
  const data = JSON.parse(fs.readFileSync('data/02-currencies.json', 'utf8')) as { currencies: Currency[] };
  const mr = data.currencies.find((c) => c.code === 'MR')!;

  it('has MR transfer_us_airline as a fee path and schwab as tiers, both valid format v1', () => {
    expect(mr.paths.transfer_us_airline).toMatchObject(AIRLINE as object);
    expect(mr.paths.schwab).toMatchObject(SCHWAB as object);
    for (const value of Object.values(mr.paths)) expect(pathValueSchema.safeParse(value).success).toBe(true);
  });

  it('reproduces DOMAIN worked examples 6 and 7', () => {
    expect(pathValueCents(1_200_000, mr.paths.schwab!)).toBe(1_260_000);
    expect(pathFeeCents(50_000, mr.paths.transfer_us_airline!)).toBe(3_000);
    expect(pathFeeCents(200_000, mr.paths.transfer_us_airline!)).toBe(9_900);
  });
});
