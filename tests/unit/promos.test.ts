import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatePromos, promoDiscount, promoRejection, promoUsesLeft, type PromoInput } from '../../src/core/promos.js';
import type { Promo } from '../../src/core/types.js';

const SAVE10: Promo = { code: 'SAVE10', retailer: 'macys', kind: 'amount', amount_cents: 1000, min_purchase_cents: 5000, to: '2026-12-31', max_uses: 1, portal_safe: false };
const AMZ10OFF: Promo = { code: 'AMZ10OFF', retailer: 'amazon', kind: 'amount', amount_cents: 1000, min_purchase_cents: 5000, from: '2026-11-01', to: '2026-12-31', max_uses: 1, portal_safe: false };
const AMZ10PCT: Promo = { code: 'AMZ10PCT', retailer: 'amazon', kind: 'percent', percent: 10, min_purchase_cents: 5000, from: '2026-11-01', to: '2026-12-31', max_uses: 1, portal_safe: false };
const NIKE20: Promo = { code: 'NIKE20', retailer: 'nike', kind: 'percent', percent: 20, min_purchase_cents: 10000, from: '2026-11-01', to: '2026-11-30', max_uses: 1, portal_safe: true };
const ALL = [SAVE10, AMZ10OFF, AMZ10PCT, NIKE20];

function run(overrides: Partial<PromoInput>) {
  return evaluatePromos({ codes: [], retailer: 'amazon', subtotal_cents: 10000, date: '2026-11-21', promos: ALL, usesOf: () => 0, ...overrides });
}

describe('evaluatePromos', () => {
  it('several codes each apply to the original subtotal (a $10-off and a 10%-off on $100 = $20 off)', () => {
    const r = run({ codes: ['AMZ10OFF', 'AMZ10PCT'] });
    expect(r.applied.map((a) => [a.code, a.discount_cents])).toEqual([
      ['AMZ10OFF', 1000],
      ['AMZ10PCT', 1000],
    ]);
    expect([r.discount_cents, r.price_cents, r.voids_portal]).toEqual([2000, 8000, true]);
    expect(r.rejected).toEqual([]);
  });

  it('matches codes case-insensitively and reports the stored spelling', () => {
    expect(run({ codes: [' amz10off '] }).applied.map((a) => a.code)).toEqual(['AMZ10OFF']);
  });

  it.each([
    [{ codes: ['NOPE'] }, 'unknown', 'NOPE is not a stored promo code for amazon (add it with "perk promo add")'],
    [{ codes: ['AMZ10OFF', 'amz10off'] }, 'duplicate', 'amz10off was given more than once'],
    [{ codes: ['SAVE10'] }, 'other_retailer', 'SAVE10 is a code for macys, not amazon'],
    [{ codes: ['AMZ10OFF'], date: '2026-10-31' }, 'not_started', 'AMZ10OFF starts on 2026-11-01'],
    [{ codes: ['AMZ10OFF'], date: '2027-01-01' }, 'expired', 'AMZ10OFF expired on 2026-12-31'],
    [{ codes: ['AMZ10OFF'], subtotal_cents: 4999 }, 'below_minimum', 'AMZ10OFF needs a subtotal of at least $50.00'],
    [{ codes: ['AMZ10OFF'], usesOf: () => 1 }, 'used_up', 'AMZ10OFF has no uses left (max 1)'],
  ] as Array<[Partial<PromoInput>, string, string]>)('rejects %j as %s', (overrides, reason, message) => {
    const r = run(overrides);
    expect(r.rejected.at(-1)).toMatchObject({ reason, message });
  });

  it('the minimum and the date window are inclusive', () => {
    expect(run({ codes: ['AMZ10OFF'], subtotal_cents: 5000 }).applied).toHaveLength(1);
    expect(run({ codes: ['AMZ10OFF'], date: '2026-12-31' }).applied).toHaveLength(1);
    expect(run({ codes: ['AMZ10OFF'], date: '2026-11-01' }).applied).toHaveLength(1);
  });

  it('a percent discount rounds half away from zero', () => {
    // 10% of $50.05 = 500.5¢ → 501¢
    expect(run({ codes: ['AMZ10PCT'], subtotal_cents: 5005 }).applied[0]!.discount_cents).toBe(501);
    expect(promoDiscount(AMZ10PCT, 5004)).toBe(500);
  });

  it('the total never exceeds the subtotal, and the per-code discounts add up to it', () => {
    const big: Promo = { ...AMZ10OFF, code: 'BIG', amount_cents: 9000, min_purchase_cents: 0 };
    const r = evaluatePromos({ codes: ['BIG', 'AMZ10PCT'], retailer: 'amazon', subtotal_cents: 9500, date: '2026-11-21', promos: [big, AMZ10PCT], usesOf: () => 0 });
    expect(r.applied.map((a) => a.discount_cents)).toEqual([9000, 500]);
    expect([r.discount_cents, r.price_cents]).toEqual([9500, 0]);
  });

  it('a portal-safe code does not void the portal', () => {
    const r = evaluatePromos({ codes: ['NIKE20'], retailer: 'nike', subtotal_cents: 10000, date: '2026-11-21', promos: ALL, usesOf: () => 0 });
    expect(r.applied).toMatchObject([{ code: 'NIKE20', discount_cents: 2000, portal_safe: true }]);
    expect(r.voids_portal).toBe(false);
  });

  it('uses left and rejection helpers', () => {
    expect(promoUsesLeft({ ...SAVE10, max_uses: 3 }, 1)).toBe(2);
    expect(promoUsesLeft({ ...SAVE10, max_uses: undefined }, 0)).toBe(1);
    expect(promoRejection(SAVE10, { retailer: 'macys', subtotal_cents: 5000, date: '2026-11-21' }, 0)).toBeUndefined();
  });

  it('property: price + discount = subtotal, discount = sum of applied, never negative', () => {
    const promo = fc.record({
      code: fc.constantFrom('A', 'B', 'C'),
      retailer: fc.constant('amazon'),
      kind: fc.constantFrom<'amount' | 'percent'>('amount', 'percent'),
      amount_cents: fc.integer({ min: 0, max: 50000 }),
      percent: fc.integer({ min: 0, max: 100 }),
      min_purchase_cents: fc.integer({ min: 0, max: 20000 }),
      portal_safe: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(promo, { selector: (p) => p.code, maxLength: 3 }), fc.integer({ min: 0, max: 100000 }), (promos, subtotal) => {
        const r = evaluatePromos({ codes: ['A', 'B', 'C'], retailer: 'amazon', subtotal_cents: subtotal, date: '2026-11-21', promos, usesOf: () => 0 });
        expect(r.price_cents + r.discount_cents).toBe(subtotal);
        expect(r.discount_cents).toBe(r.applied.reduce((s, a) => s + a.discount_cents, 0));
        expect(r.price_cents).toBeGreaterThanOrEqual(0);
        expect(r.applied.length + r.rejected.length).toBe(3);
      }),
    );
  });
});
