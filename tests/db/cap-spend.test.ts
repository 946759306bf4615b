import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { capFilter, capUse, capWindow, categoryChains, descendants } from '../../src/core/caps.js';
import type { EarnRule, Order } from '../../src/core/types.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';

const CATEGORIES = [
  { id: 'travel' },
  { id: 'airfare', parent: 'travel' },
  { id: 'hotel', parent: 'travel' },
  { id: 'dining' },
  { id: 'food_delivery', parent: 'dining' },
  { id: 'department_store' },
];
const chainOf = categoryChains(CATEGORIES);

describe('categoryChains and descendants', () => {
  it('give a category with its ancestors, and with everything below it', () => {
    expect(chainOf('food_delivery')).toEqual(['food_delivery', 'dining']);
    expect(descendants(CATEGORIES, 'travel')).toEqual(['travel', 'airfare', 'hotel']);
    expect(descendants(CATEGORIES, 'hotel')).toEqual(['hotel']);
  });
  it('treat an unknown category as its own, and stop at a cycle', () => {
    expect(chainOf('nope')).toEqual(['nope']);
    const cyclic = [
      { id: 'a', parent: 'b' },
      { id: 'b', parent: 'a' },
    ];
    expect(categoryChains(cyclic)('a')).toEqual(['a', 'b']);
    expect(descendants(cyclic, 'a')).toEqual(['a', 'b']);
  });
});

describe('capWindow', () => {
  it('is the cap period, narrowed by the rule window', () => {
    expect(capWindow({ multiplier: 5, cap_cents: 150000, cap_period: 'quarter' }, '2026-11-21')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
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

describe('Store.capSpend with capFilter', () => {
  const store = new Store(openDatabase(':memory:').db);
  afterAll(() => store.close());
  let id = 0;
  const put = (o: Partial<Order> & Pick<Order, 'date' | 'charged_cents'>) =>
    store.saveOrder({
      retailer: 'x',
      amount_cents: o.charged_cents,
      category: 'dining',
      card: 'c',
      portal: null,
      channel: 'online',
      via: null,
      offer: null,
      promos: [],
      giftcard: null,
      giftcard_cents: 0,
      expected_cents: 0,
      status: 'pending',
      ...o,
      id: ++id,
    });

  it('sums what a dining rule counts this quarter: dining and delivery, not airfare, not ineligible, not last quarter', () => {
    store.write(() => {
      put({ date: '2026-10-05', charged_cents: 100000 });
      put({ date: '2026-11-01', charged_cents: 20000, category: 'food_delivery', portal: 'rakuten' });
      put({ date: '2026-11-02', charged_cents: 90000, category: 'airfare' });
      put({ date: '2026-11-03', charged_cents: 50000, status: 'ineligible' });
      put({ date: '2026-09-30', charged_cents: 70000 });
      put({ date: '2026-11-04', charged_cents: 30000, card: 'other' });
    });
    const rule: EarnRule = { category: 'dining', multiplier: 5, cap_cents: 150000, cap_period: 'quarter' };
    expect(store.capSpend('c', capFilter(rule, '2026-11-21', CATEGORIES)!)).toBe(120000);
    const viaRule: EarnRule = { multiplier: 4, via: 'rakuten', cap_cents: 700000, cap_period: 'year' };
    expect(store.capSpend('c', capFilter(viaRule, '2026-11-21', CATEGORIES)!)).toBe(20000);
  });

  it('gives the same cap use as capUse over the orders themselves (property)', () => {
    const categories = CATEGORIES.map((c) => c.id);
    const day = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
    const order = fc.record({
      date: day,
      category: fc.constantFrom(...categories),
      portal: fc.constantFrom(null, 'rakuten', 'topcashback'),
      via: fc.constantFrom(null, 'amex_travel'),
      charged_cents: fc.integer({ min: 0, max: 500_000 }),
      status: fc.constantFrom('pending' as const, 'confirmed' as const, 'ineligible' as const),
    });
    const rule = fc.record({
      category: fc.option(fc.constantFrom(...categories), { nil: undefined }),
      via: fc.option(fc.constantFrom('rakuten', 'amex_travel'), { nil: undefined }),
      multiplier: fc.constant(4),
      cap_cents: fc.integer({ min: 0, max: 2_000_000 }),
      cap_period: fc.constantFrom('year' as const, 'quarter' as const, 'month' as const),
    });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 30 }), rule, day, (raw, r, today) => {
        store.db.exec('DELETE FROM orders');
        const orders: Order[] = [];
        store.write(() => {
          for (const o of raw) {
            const saved = put(o);
            orders.push(store.order(saved)!);
          }
        });
        const filter = capFilter(r, today, CATEGORIES)!;
        const used = store.capSpend('c', filter);
        expect(r.cap_cents - Math.min(used, r.cap_cents)).toBe(capUse(r, orders, chainOf, today)?.left_cents);
      }),
      { numRuns: 150 },
    );
  });
});
