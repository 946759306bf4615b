import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capContributions, cappedRules, capUse, orderSpend, ruleMatches, txnsCapContributions, type CapTxn, type PurchaseContext } from '../../src/core/caps.js';
import type { EarnRule, Order } from '../../src/core/types.js';
import { chainIn, PLAIN_ORDER } from '../helpers/fixtures.js';

const chainOf = chainIn({ airfare: 'travel', hotel: 'travel', food_delivery: 'dining', supermarket: 'grocery' });

let nextId = 1;
function order(fields: Partial<Order> & Pick<Order, 'date' | 'charged_cents'>): Order {
  return {
    id: nextId++,
    retailer: 'r',
    amount_cents: fields.charged_cents,
    category: 'dining',
    card: 'amex-gold',
    ...PLAIN_ORDER,
    ...fields,
  };
}

const at = (category: string, vias: string[] = [], date = '2026-11-21'): PurchaseContext => ({ chain: chainOf(category), vias, date });

describe('ruleMatches', () => {
  it.each([
    [{ category: 'dining', multiplier: 4 }, at('dining'), true],
    [{ category: 'dining', multiplier: 4 }, at('food_delivery'), true], // parent category rule matches the child
    [{ category: 'food_delivery', multiplier: 4 }, at('dining'), false], // but not the other way round
    [{ category: 'travel', multiplier: 3 }, at('airfare'), true],
    [{ multiplier: 2 }, at('anything'), true], // no category: every category
    [{ category: 'hotel', multiplier: 2, via: 'amex_travel' }, at('hotel'), false], // booked direct
    [{ category: 'hotel', multiplier: 2, via: 'amex_travel' }, at('hotel', ['amex_travel']), true],
    [{ multiplier: 4, via: 'rakuten' }, at('apparel', ['rakuten']), true],
    [{ multiplier: 4, via: 'rakuten' }, at('apparel', ['topcashback']), false],
    [{ category: 'dining', multiplier: 7, from: '2026-01-01', to: '2026-03-31' }, at('dining', [], '2026-03-31'), true],
    [{ category: 'dining', multiplier: 7, from: '2026-01-01', to: '2026-03-31' }, at('dining', [], '2026-04-01'), false],
  ] as Array<[EarnRule, PurchaseContext, boolean]>)('%j on %j → %s', (rule, purchase, expected) => {
    expect(ruleMatches(rule, purchase)).toBe(expected);
  });
});

describe('capUse (what the order log has used of a capped rule this period)', () => {
  const dining: EarnRule = { category: 'dining', multiplier: 4, cap_cents: 5_000_000, cap_period: 'year' };

  it('is undefined for an uncapped rule', () => {
    expect(capUse({ category: 'airfare', multiplier: 3 }, [], chainOf, '2026-11-21')).toBeUndefined();
  });

  it('sums the charged amount of matching orders in the calendar year', () => {
    const orders = [
      order({ date: '2026-01-01', charged_cents: 10_000 }),
      order({ date: '2026-06-30', charged_cents: 25_050, category: 'food_delivery' }), // child of dining
      order({ date: '2026-11-21', charged_cents: 1_000 }),
      order({ date: '2025-12-31', charged_cents: 99_999 }), // last year
      order({ date: '2026-05-01', charged_cents: 50_000, category: 'airfare' }), // other category
      order({ date: '2026-05-02', charged_cents: 70_000, status: 'ineligible' }),
    ];
    expect(capUse(dining, orders, chainOf, '2026-11-21')).toEqual({
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      cap_cents: 5_000_000,
      used_cents: 36_050,
      left_cents: 4_963_950,
    });
  });

  it('counts what was charged to the card, not the gift-card part or the promo discount', () => {
    const o = order({ date: '2026-03-01', amount_cents: 20_000, giftcard_cents: 5_000, charged_cents: 14_000 });
    expect(orderSpend(o)).toBe(14_000);
    expect(capUse(dining, [o], chainOf, '2026-11-21')?.used_cents).toBe(14_000);
  });

  it('counts confirmed and pending orders alike', () => {
    const orders = [order({ date: '2026-02-01', charged_cents: 100, status: 'confirmed' }), order({ date: '2026-02-02', charged_cents: 200 })];
    expect(capUse(dining, orders, chainOf, '2026-11-21')?.used_cents).toBe(300);
  });

  it('never reports more used than the cap, or a negative amount left', () => {
    const orders = [order({ date: '2026-02-01', charged_cents: 4_000_000 }), order({ date: '2026-03-01', charged_cents: 3_000_000 })];
    expect(capUse(dining, orders, chainOf, '2026-11-21')).toMatchObject({ used_cents: 5_000_000, left_cents: 0 });
  });

  it('resets each quarter for a quarterly cap (Freedom Flex 5%)', () => {
    const rule: EarnRule = { category: 'department_store', multiplier: 5, cap_cents: 150_000, cap_period: 'quarter' };
    const orders = [
      order({ date: '2026-09-30', charged_cents: 100_000, category: 'department_store' }), // Q3
      order({ date: '2026-10-01', charged_cents: 40_000, category: 'department_store' }), // Q4
      order({ date: '2026-12-31', charged_cents: 5_000, category: 'department_store' }), // Q4
    ];
    expect(capUse(rule, orders, chainOf, '2026-11-21')).toEqual({
      period_start: '2026-10-01',
      period_end: '2026-12-31',
      cap_cents: 150_000,
      used_cents: 45_000,
      left_cents: 105_000,
    });
    expect(capUse(rule, orders, chainOf, '2026-09-15')?.used_cents).toBe(100_000);
  });

  it('resets each month for a monthly cap', () => {
    const rule: EarnRule = { multiplier: 3, cap_cents: 10_000, cap_period: 'month' };
    const orders = [order({ date: '2026-10-31', charged_cents: 9_000 }), order({ date: '2026-11-01', charged_cents: 2_500 })];
    expect(capUse(rule, orders, chainOf, '2026-11-21')).toMatchObject({ period_start: '2026-11-01', period_end: '2026-11-30', used_cents: 2_500 });
  });

  it('a cap without a period is a calendar-year cap', () => {
    const rule: EarnRule = { multiplier: 2, cap_cents: 5_000_000 };
    expect(capUse(rule, [], chainOf, '2026-11-21')).toMatchObject({ period_start: '2026-01-01', period_end: '2026-12-31' });
  });

  it('counts a via rule only for orders that went through that portal and that it credited', () => {
    const rule: EarnRule = { multiplier: 4, via: 'rakuten', cap_cents: 700_000, cap_period: 'year' };
    const orders = [
      order({ date: '2026-04-01', charged_cents: 30_000, category: 'apparel', portal: 'rakuten', portal_credited: true }),
      // Excluded, voided or no rate (SPEC 9.7): Rakuten did not credit it; nor one credited $0.00.
      order({ date: '2026-04-01', charged_cents: 700_000, category: 'gift_cards', portal: 'rakuten', portal_credited: false, expected_cents: 7_000 }),
      order({ date: '2026-04-01', charged_cents: 5_000, category: 'apparel', portal: 'rakuten', portal_credited: true, status: 'confirmed', actual_cents: 0 }),
      order({ date: '2026-04-02', charged_cents: 20_000, category: 'apparel', portal: 'topcashback' }),
      order({ date: '2026-04-03', charged_cents: 10_000, category: 'apparel' }),
    ];
    expect(capUse(rule, orders, chainOf, '2026-11-21')?.used_cents).toBe(30_000);
    const hotel: EarnRule = { category: 'hotel', multiplier: 2, via: 'amex_travel', cap_cents: 100_000 };
    // A travel portal rule reads the order's via: no shopping portal credits it.
    const booked = [order({ date: '2026-04-01', charged_cents: 40_000, category: 'hotel', via: 'amex_travel', portal_credited: false })];
    expect(capUse(hotel, booked, chainOf, '2026-11-21')?.used_cents).toBe(40_000);
  });

  it('counts a rotating rule only for orders inside its own dates', () => {
    const rule: EarnRule = { category: 'dining', multiplier: 7, cap_cents: 150_000, cap_period: 'quarter', from: '2026-01-15', to: '2026-03-31' };
    const orders = [order({ date: '2026-01-10', charged_cents: 5_000 }), order({ date: '2026-02-10', charged_cents: 7_000 })];
    expect(capUse(rule, orders, chainOf, '2026-03-01')?.used_cents).toBe(7_000);
  });
});

describe('txnsCapContributions (imported transactions summed per card, day and category first)', () => {
  const rules = cappedRules({
    id: 'freedom',
    earn: [
      { category: 'dining', multiplier: 5, cap_cents: 150_000, cap_period: 'quarter' },
      { category: 'travel', multiplier: 3, cap_cents: 50_000, cap_period: 'month', from: '2026-03-01' },
      { multiplier: 1 },
      { multiplier: 2, cap_cents: 1_000_000, cap_period: 'year' },
    ],
  });
  const rulesOf = (card: string) => (card === 'freedom' ? rules : []);
  const totals = (cs: ReadonlyArray<{ card: string; rule: number; period_start: string; cents: number }>) => {
    const m = new Map<string, number>();
    for (const c of cs) m.set(`${c.card} ${c.rule} ${c.period_start}`, (m.get(`${c.card} ${c.rule} ${c.period_start}`) ?? 0) + c.cents);
    return new Map([...m].filter(([, v]) => v !== 0));
  };

  it('gives the totals of capContributions entry by entry (property)', () => {
    const txn = fc.record({
      card: fc.constantFrom('freedom', 'other'),
      date: fc.integer({ min: 0, max: 500 }).map((d) => new Date(Date.UTC(2025, 11, 1 + d)).toISOString().slice(0, 10)),
      category: fc.constantFrom('dining', 'food_delivery', 'airfare', 'hotel', 'supermarket', 'other'),
      amount_cents: fc.integer({ min: -50_000, max: 200_000 }),
    });
    fc.assert(
      fc.property(fc.array(txn, { maxLength: 60 }), (txns: CapTxn[]) => {
        const oneByOne = txns.flatMap((t) => capContributions({ txn: t }, rulesOf(t.card), chainOf));
        expect(totals(txnsCapContributions(txns, rulesOf, chainOf))).toEqual(totals(oneByOne));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a quarter of dining at a 5x rule: $40.00 + $25.50 - $5.00 refund in Q4, $10.00 in Q1', () => {
    const txns: CapTxn[] = [
      { card: 'freedom', date: '2026-11-02', category: 'dining', amount_cents: 4_000 },
      { card: 'freedom', date: '2026-11-02', category: 'food_delivery', amount_cents: 2_550 },
      { card: 'freedom', date: '2026-12-30', category: 'dining', amount_cents: -500 },
      { card: 'freedom', date: '2027-01-01', category: 'dining', amount_cents: 1_000 },
    ];
    const t = totals(txnsCapContributions(txns, rulesOf, chainOf));
    expect(t.get('freedom 0 2026-10-01')).toBe(6_050);
    expect(t.get('freedom 0 2027-01-01')).toBe(1_000);
    expect(t.get('freedom 3 2026-01-01')).toBe(6_050);
    expect(t.get('freedom 3 2027-01-01')).toBe(1_000);
  });
});
