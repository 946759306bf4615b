import { describe, expect, it } from 'vitest';
import type { PurchaseContext } from '../../src/core/caps.js';
import { computeEarn } from '../../src/core/earn.js';
import type { Card, EarnRule } from '../../src/core/types.js';
import { AMEX_GOLD_SPEC, RAKUTEN_AMEX as RAKUTEN_AMEX_CARD } from '../helpers/fixtures.js';

const GOLD: Card = {
  ...AMEX_GOLD_SPEC,
  earn: [
    { category: 'dining', multiplier: 4, cap_cents: 5_000_000, cap_period: 'year' },
    { category: 'supermarket', multiplier: 4, cap_cents: 2_500_000, cap_period: 'year' },
    { category: 'airfare', multiplier: 3 },
    { category: 'hotel', multiplier: 2, via: 'amex_travel' },
  ],
};

const RAKUTEN_AMEX: Card = {
  ...RAKUTEN_AMEX_CARD,
  name: 'Rakuten American Express Card',
  earn: [
    { multiplier: 4, via: 'rakuten', cap_cents: 700_000, cap_period: 'year' },
    { category: 'dining', multiplier: 5, via: 'rakuten' },
    { category: 'grocery', multiplier: 2 },
    { category: 'dining', multiplier: 2 },
  ],
};

const buy = (chain: string[], vias: string[] = [], date = '2026-11-21'): PurchaseContext => ({ chain, vias, date });
const fullCaps = (rule: EarnRule) => rule.cap_cents;
const capsLeft = (left: Map<EarnRule, number>) => (rule: EarnRule) => left.get(rule) ?? rule.cap_cents;

describe('computeEarn', () => {
  it('SPEC example: $175 at Macy’s on the Gold card earns base 1x = 175 MR', () => {
    const r = computeEarn(GOLD, 17_500, buy(['department_store']), fullCaps);
    expect(r.units).toBe(175);
    expect(r.parts).toEqual([{ rule: undefined, multiplier: 1, cents: 17_500 }]);
    expect(r.exhausted).toEqual([]);
  });

  it('uses the matching bonus category: $80 dinner at 4x = 320 MR', () => {
    const r = computeEarn(GOLD, 8_000, buy(['dining']), fullCaps);
    expect(r.units).toBe(320);
    expect(r.parts).toEqual([{ rule: GOLD.earn[0], multiplier: 4, cents: 8_000 }]);
  });

  it('a rule for a parent category matches a child category (food delivery is dining)', () => {
    expect(computeEarn(GOLD, 2_500, buy(['food_delivery', 'dining']), fullCaps).units).toBe(100);
  });

  it('a via rule needs the purchase to go through that portal', () => {
    expect(computeEarn(GOLD, 30_000, buy(['hotel', 'travel']), fullCaps).units).toBe(300); // direct: base
    expect(computeEarn(GOLD, 30_000, buy(['hotel', 'travel'], ['amex_travel']), fullCaps).units).toBe(600);
  });

  it('crosses a cap mid-purchase: the part within the cap at 4x, the rest at base', () => {
    // $200 dinner with $50 left in the dining cap: 5,000 × 4 + 15,000 × 1 = 35,000 → 350 MR
    const left = new Map([[GOLD.earn[0]!, 5_000]]);
    const r = computeEarn(GOLD, 20_000, buy(['dining']), capsLeft(left));
    expect(r.units).toBe(350);
    expect(r.parts).toEqual([
      { rule: GOLD.earn[0], multiplier: 4, cents: 5_000 },
      { rule: undefined, multiplier: 1, cents: 15_000 },
    ]);
    expect(r.exhausted).toEqual([GOLD.earn[0]]);
  });

  it('after the cap, the next best matching rule applies before base', () => {
    // Rakuten Amex, $100 dinner through Rakuten: dining-via-rakuten 5x (uncapped) beats everything.
    expect(computeEarn(RAKUTEN_AMEX, 10_000, buy(['dining'], ['rakuten']), fullCaps).units).toBe(500);
    // $300 of groceries through Rakuten with $100 left of the 4x cap: 10,000 × 4 + 20,000 × 2 = 80,000 → 800
    const rakutenRule = RAKUTEN_AMEX.earn[0]!;
    const left = new Map([[rakutenRule, 10_000]]);
    const r = computeEarn(RAKUTEN_AMEX, 30_000, buy(['grocery'], ['rakuten']), capsLeft(left));
    expect(r.units).toBe(800);
    expect(r.parts.map((p) => [p.multiplier, p.cents])).toEqual([
      [4, 10_000],
      [2, 20_000],
    ]);
    expect(r.exhausted).toEqual([rakutenRule]);
  });

  it('a purchase that lands exactly on the cap exhausts it; one below does not', () => {
    const left = new Map([[GOLD.earn[0]!, 5_000]]);
    expect(computeEarn(GOLD, 5_000, buy(['dining']), capsLeft(left)).exhausted).toEqual([GOLD.earn[0]]);
    expect(computeEarn(GOLD, 4_999, buy(['dining']), capsLeft(left)).exhausted).toEqual([]);
  });

  it('a cap already used up earns base for the whole purchase', () => {
    const left = new Map([[GOLD.earn[0]!, 0]]);
    const r = computeEarn(GOLD, 8_000, buy(['dining']), capsLeft(left));
    expect(r.units).toBe(80);
    expect(r.parts).toEqual([{ rule: undefined, multiplier: 1, cents: 8_000 }]);
  });

  it('rounds once over the sum of the parts, not per part', () => {
    // 3x on 50 cents (cap) + 1x on 50 cents = 150 + 50 = 200 hundredths → 2 units
    // (rounding each part would give round(1.5) + round(0.5) = 3).
    const card: Card = { ...GOLD, earn: [{ category: 'dining', multiplier: 3, cap_cents: 50 }] };
    expect(computeEarn(card, 100, buy(['dining']), fullCaps).units).toBe(2);
  });

  it('rounds half away from zero: 150 cents at 1.5x = 2.25 → 2; 50 cents at 3x = 1.5 → 2', () => {
    const card: Card = { ...GOLD, base: 1.5, earn: [{ category: 'dining', multiplier: 3 }] };
    expect(computeEarn(card, 150, buy(['shoes']), fullCaps).units).toBe(2);
    expect(computeEarn(card, 50, buy(['dining']), fullCaps).units).toBe(2);
  });

  it('a USD card earns cents: 5% cash back on $123.45 is 617 cents (617.25)', () => {
    const savor: Card = { ...GOLD, id: 'savor', currency: 'USD', earn: [{ category: 'dining', multiplier: 5 }] };
    expect(computeEarn(savor, 12_345, buy(['dining']), fullCaps).units).toBe(617);
  });

  it('ignores rules outside their dates (rotating categories)', () => {
    const flex: Card = {
      ...GOLD,
      id: 'flex',
      earn: [
        { category: 'department_store', multiplier: 5, cap_cents: 150_000, cap_period: 'quarter', from: '2026-10-01', to: '2026-12-31' },
      ],
    };
    expect(computeEarn(flex, 10_000, buy(['department_store'], [], '2026-11-21'), fullCaps).units).toBe(500);
    expect(computeEarn(flex, 10_000, buy(['department_store'], [], '2027-01-01'), fullCaps).units).toBe(100);
  });

  it('earns nothing on nothing charged (e.g. all paid by gift card)', () => {
    const r = computeEarn(GOLD, 0, buy(['dining']), fullCaps);
    expect(r.units).toBe(0);
    expect(r.exhausted).toEqual([]);
  });

  it('ties between equal multipliers go to the rule listed first', () => {
    const card: Card = {
      ...GOLD,
      earn: [
        { category: 'dining', multiplier: 4, cap_cents: 1_000 },
        { category: 'dining', multiplier: 4 },
      ],
    };
    const r = computeEarn(card, 3_000, buy(['dining']), fullCaps);
    expect(r.parts.map((p) => [p.rule, p.cents])).toEqual([
      [card.earn[0], 1_000],
      [card.earn[1], 2_000],
    ]);
    expect(r.units).toBe(120);
  });
});
