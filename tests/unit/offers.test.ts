import { describe, expect, it } from 'vitest';
import { applicableOffers, bestOffer, offerExpiresWithin, offerRejection, offerReward, offerUsesLeft } from '../../src/core/offers.js';
import type { Offer } from '../../src/core/types.js';

const CREDIT: Offer = { id: 'amex-macys-25', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', min_spend_cents: 7500, credit_cents: 2500, max_uses: 1, from: '2026-11-01', to: '2026-12-31', click_through: false };
const PERCENT: Offer = { id: 'chase-nike-10', issuer: 'chase', card: 'csp', retailer: 'nike', kind: 'percent', percent: 10, max_credit_cents: 1500, max_uses: 1, from: '2026-11-01', to: '2026-12-15' };
const POINTS: Offer = { id: 'amex-wayfair-5000', issuer: 'amex', card: 'amex-platinum', retailer: 'wayfair', kind: 'points', min_spend_cents: 25000, points: 5000, max_uses: 1 };
const PPD: Offer = { id: 'amex-bestbuy-2x', issuer: 'amex', card: 'amex-gold', retailer: 'bestbuy', kind: 'points_per_dollar', points_per_dollar: 2, max_points: 3000, max_uses: 1 };
const CLICK: Offer = { id: 'c1-macys-5x2', issuer: 'capital_one', card: 'c1-venture-x', retailer: 'macys', kind: 'percent', percent: 5, max_credit_cents: 2500, max_uses: 2, click_through: true };

const purchase = (o: Offer, charged: number, date = '2026-11-21') => ({ card: o.card, retailer: o.retailer, date, charged_cents: charged });

describe('offerReward', () => {
  it('a credit is a USD statement credit, never more than the charge', () => {
    expect(offerReward(CREDIT, 20000, 'MR')).toMatchObject({ currency: 'USD', units: 2500, statement_credit_cents: 2500 });
    expect(offerReward({ ...CREDIT, min_spend_cents: 0 }, 1000, 'MR')).toMatchObject({ units: 1000, statement_credit_cents: 1000 });
  });

  it('a percent credit up to its maximum, rounded half away from zero', () => {
    expect(offerReward(PERCENT, 10005, 'UR').units).toBe(1001); // 1000.5 → 1001
    expect(offerReward(PERCENT, 14900, 'UR').units).toBe(1490);
    expect(offerReward(PERCENT, 50000, 'UR')).toMatchObject({ currency: 'USD', units: 1500, statement_credit_cents: 1500 });
  });

  it('points pay in the card currency and are not a statement credit', () => {
    expect(offerReward(POINTS, 30000, 'MR')).toMatchObject({ currency: 'MR', units: 5000, statement_credit_cents: 0 });
  });

  it('points per dollar up to max_points', () => {
    expect(offerReward(PPD, 12345, 'MR').units).toBe(247); // 246.9 → 247
    expect(offerReward(PPD, 1_000_000, 'MR').units).toBe(3000);
  });

  it('a click-through reward is never a statement credit', () => {
    expect(offerReward(CLICK, 20000, 'C1')).toMatchObject({ currency: 'USD', units: 1000, statement_credit_cents: 0 });
  });
});

describe('offerRejection', () => {
  it.each([
    [{ ...purchase(CREDIT, 20000), card: 'other' }, 0, 'other_card'],
    [{ ...purchase(CREDIT, 20000), retailer: 'nike' }, 0, 'other_retailer'],
    [purchase(CREDIT, 20000, '2026-10-31'), 0, 'not_started'],
    [purchase(CREDIT, 20000, '2027-01-01'), 0, 'expired'],
    [purchase(CREDIT, 20000), 1, 'used_up'],
    [purchase(CREDIT, 7499), 0, 'below_minimum'],
    [purchase(CREDIT, 0), 0, 'below_minimum'],
    [purchase(CREDIT, 7500), 0, undefined],
    [purchase(CREDIT, 7500, '2026-12-31'), 0, undefined],
  ])('%j with %i uses → %s', (p, used, reason) => {
    expect(offerRejection(CREDIT, p, used)).toBe(reason);
  });

  it('uses left default to one', () => {
    expect(offerUsesLeft({ ...CREDIT, max_uses: undefined }, 0)).toBe(1);
    expect(offerUsesLeft(CLICK, 1)).toBe(1);
    expect(offerUsesLeft(CLICK, 5)).toBe(0);
  });
});

describe('applicableOffers / bestOffer', () => {
  const more: Offer = { ...CREDIT, id: 'amex-macys-10', credit_cents: 1000, min_spend_cents: 0 };
  const clickForGold: Offer = { ...CLICK, card: 'amex-gold' };
  const offers = [CREDIT, more, clickForGold, PPD];

  it('selects the card\'s plain or click-through offers that apply', () => {
    const p = { card: 'amex-gold', retailer: 'macys', date: '2026-11-21', charged_cents: 5000 };
    expect(applicableOffers(offers, p, () => 0, 'MR', false).map((r) => r.offer.id)).toEqual(['amex-macys-10']);
    expect(applicableOffers(offers, { ...p, charged_cents: 8000 }, () => 0, 'MR', false).map((r) => r.offer.id)).toEqual(['amex-macys-10', 'amex-macys-25']);
    expect(applicableOffers(offers, p, () => 0, 'MR', true).map((r) => r.offer.id)).toEqual(['c1-macys-5x2']);
    expect(applicableOffers(offers, { ...p, charged_cents: 8000 }, (o) => (o.id === 'amex-macys-25' ? 1 : 0), 'MR', false).map((r) => r.offer.id)).toEqual(['amex-macys-10']);
  });

  it('best by score; ties go to no offer, then the first id', () => {
    const r = (o: Offer) => offerReward(o, 10000, 'MR');
    expect(bestOffer([{ reward: undefined, score: 10 }, { reward: r(CREDIT), score: 20 }, { reward: r(more), score: 15 }])?.reward?.offer.id).toBe('amex-macys-25');
    expect(bestOffer([{ reward: r(CREDIT), score: 10 }, { reward: undefined, score: 10 }])?.reward).toBeUndefined();
    expect(bestOffer([{ reward: r(CREDIT), score: 10 }, { reward: r(more), score: 10 }])?.reward?.offer.id).toBe('amex-macys-10');
    expect(bestOffer([])).toBeUndefined();
  });

  it('expires within 7 days (inclusive), not after it ended', () => {
    expect(offerExpiresWithin(CREDIT, '2026-12-24', 7)).toBe(true);
    expect(offerExpiresWithin(CREDIT, '2026-12-23', 7)).toBe(false);
    expect(offerExpiresWithin(CREDIT, '2027-01-01', 7)).toBe(false);
    expect(offerExpiresWithin(POINTS, '2026-12-24', 7)).toBe(false);
  });
});
