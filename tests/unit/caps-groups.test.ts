import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capLeftFromGroups, capUse, capWindow, categoryChains, type SpendGroup } from '../../src/core/caps.js';
import type { EarnRule, Order } from '../../src/core/types.js';

const CATEGORIES = [
  { id: 'travel' },
  { id: 'airfare', parent: 'travel' },
  { id: 'hotel', parent: 'travel' },
  { id: 'dining' },
  { id: 'food_delivery', parent: 'dining' },
  { id: 'department_store' },
];
const chainOf = categoryChains(CATEGORIES);

/** What `perk stack` gets from SQL: the orders in the window summed by category, portal and via. */
function groupsOf(orders: Order[], start: string, end: string): SpendGroup[] {
  const sums = new Map<string, SpendGroup>();
  for (const o of orders) {
    if (o.status === 'ineligible' || o.date < start || o.date > end) continue;
    const key = `${o.category}|${o.portal ?? ''}|${o.via ?? ''}`;
    const g = sums.get(key) ?? { category: o.category, portal: o.portal ?? null, via: o.via ?? null, spend_cents: 0 };
    g.spend_cents += o.charged_cents;
    sums.set(key, g);
  }
  return [...sums.values()];
}

describe('categoryChains', () => {
  it('gives a category then its ancestors, nearest first', () => {
    expect(chainOf('food_delivery')).toEqual(['food_delivery', 'dining']);
    expect(chainOf('travel')).toEqual(['travel']);
  });
  it('treats an unknown category as its own chain and stops at a cycle', () => {
    expect(chainOf('nope')).toEqual(['nope']);
    const cyclic = categoryChains([
      { id: 'a', parent: 'b' },
      { id: 'b', parent: 'a' },
    ]);
    expect(cyclic('a')).toEqual(['a', 'b']);
  });
});

describe('capWindow', () => {
  it('is the cap period, narrowed by the rule window', () => {
    expect(capWindow({ multiplier: 5, cap_cents: 150000, cap_period: 'quarter' }, '2026-11-21')).toEqual({
      start: '2026-10-01',
      end: '2026-12-31',
    });
    expect(
      capWindow({ multiplier: 5, cap_cents: 150000, cap_period: 'quarter', from: '2026-11-10', to: '2026-11-30' }, '2026-11-21'),
    ).toEqual({ start: '2026-11-10', end: '2026-11-30' });
  });
  it('is empty when the rule window misses the period', () => {
    expect(capWindow({ multiplier: 7, cap_cents: 150000, cap_period: 'quarter', from: '2026-01-01', to: '2026-03-31' }, '2026-11-21')).toBe(
      undefined,
    );
  });
});

describe('capLeftFromGroups', () => {
  it('counts only the spend the rule matches: $1,200 of dining (incl. delivery) leaves $300 of a $1,500 cap', () => {
    const rule: EarnRule = { category: 'dining', multiplier: 5, cap_cents: 150000, cap_period: 'quarter' };
    const groups: SpendGroup[] = [
      { category: 'dining', portal: null, via: null, spend_cents: 100000 },
      { category: 'food_delivery', portal: 'rakuten', via: null, spend_cents: 20000 },
      { category: 'airfare', portal: null, via: null, spend_cents: 90000 },
    ];
    expect(capLeftFromGroups(rule, groups, chainOf, '2026-10-01')).toBe(30000);
  });

  it('agrees with capUse over the orders themselves (property)', () => {
    const categories = CATEGORIES.map((c) => c.id);
    const order = fc.record({
      date: fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)),
      category: fc.constantFrom(...categories),
      portal: fc.constantFrom(null, 'rakuten', 'topcashback'),
      via: fc.constantFrom(null, 'amex_travel'),
      charged_cents: fc.integer({ min: 0, max: 500_000 }),
      status: fc.constantFrom('pending', 'confirmed', 'ineligible'),
    });
    const rule = fc.record({
      category: fc.option(fc.constantFrom(...categories), { nil: undefined }),
      via: fc.option(fc.constantFrom('rakuten', 'amex_travel'), { nil: undefined }),
      multiplier: fc.constant(4),
      cap_cents: fc.integer({ min: 0, max: 2_000_000 }),
      cap_period: fc.constantFrom('year', 'quarter', 'month'),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 40 }), rule, fc.integer({ min: 0, max: 400 }), (raw, r, d) => {
        const today = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const orders = raw.map((o, i) => ({ ...o, id: i + 1, retailer: 'x', amount_cents: o.charged_cents, channel: 'online', offer: null, promos: [], giftcard: null, giftcard_cents: 0, expected_cents: 0, card: 'c' }) as Order);
        const rule = r as EarnRule;
        const window = capWindow(rule, today)!;
        const fromGroups = capLeftFromGroups(rule, groupsOf(orders, window.start, window.end), chainOf, window.start);
        expect(fromGroups).toBe(capUse(rule, orders, chainOf, today)?.left_cents);
      }),
    );
  });
});
