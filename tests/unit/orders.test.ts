import { describe, expect, it, vi } from 'vitest';
import { CapTracker, orderFlags, parseChannel, quoteOrder, statusChange, type OrderQuoteInput } from '../../src/core/orders.js';
import type { Card, Order, PortalRate } from '../../src/core/types.js';
import { RAKUTEN_AMEX } from '../helpers/fixtures.js';

const rakutenAmex: Card = {
  ...RAKUTEN_AMEX,
  name: 'Rakuten American Express Card',
  earn: [
    { multiplier: 4, via: 'rakuten', cap_cents: 700_000, cap_period: 'year' },
    { category: 'dining', multiplier: 5, via: 'rakuten' },
    { category: 'dining', multiplier: 2 },
  ],
};
const amexGold: Card = { ...rakutenAmex, id: 'amex-gold', currency: 'MR', earn: [{ category: 'dining', multiplier: 4 }], pays_via: null };

const rates: PortalRate[] = [
  { portal: 'rakuten', retailer: 'r', percent: 3, from: '2026-01-01' },
  { portal: 'rakuten', retailer: 'r', percent: 10, from: '2026-11-20', to: '2026-11-30' }, // a boost
  { portal: 'rakuten', retailer: 'r', percent: 5, from: '2026-01-01', channel: 'dining' },
  { portal: 'topcashback', retailer: 'r', flat_cents: 2500, from: '2026-01-01' },
];

const base = (fields: Partial<OrderQuoteInput> = {}): OrderQuoteInput => ({
  date: '2026-11-10',
  amount_cents: 50_000,
  price_cents: 50_000,
  giftcard_cents: 0,
  channel: 'online',
  chain: ['department_store'],
  portal: 'rakuten',
  ...fields,
});
const noCaps = () => undefined;

describe('expected cash back of an order', () => {
  it('DOMAIN example 1: $500 at 3% with the Rakuten Amex card (+4% via Rakuten) = $15 + $20 = $35', () => {
    const q = quoteOrder(base({ card: rakutenAmex }), rates, noCaps);
    expect(q).toMatchObject({ portal_cents: 1500, card_cents: 2000, expected_cents: 3500, charged_cents: 50_000, warnings: [] });
    expect(q.rate?.percent).toBe(3);
  });

  it('uses the rate valid on the order date (a boost wins inside its window)', () => {
    expect(quoteOrder(base({ date: '2026-11-21' }), rates, noCaps).portal_cents).toBe(5000);
    expect(quoteOrder(base({ date: '2026-12-01' }), rates, noCaps).portal_cents).toBe(1500);
  });

  it('uses the channel rate (dining) and a flat rate', () => {
    expect(quoteOrder(base({ channel: 'dining', chain: ['dining'], amount_cents: 6420, price_cents: 6420 }), rates, noCaps).portal_cents).toBe(321);
    expect(quoteOrder(base({ portal: 'topcashback' }), rates, noCaps).portal_cents).toBe(2500);
  });

  it('no rate on the date: $0 and a warning', () => {
    const q = quoteOrder(base({ date: '2025-06-01', retailer_name: "Macy's" }), rates, noCaps);
    expect(q.expected_cents).toBe(0);
    expect(q.warnings[0]).toMatch(/rakuten has no rate for Macy's on 2025-06-01/);
  });

  it('no portal: nothing expected, not even from a pays_via card', () => {
    const q = quoteOrder(base({ portal: undefined, card: rakutenAmex }), rates, noCaps);
    expect(q.expected_cents).toBe(0);
  });

  it('a card paid via another portal adds nothing; a card without pays_via adds nothing', () => {
    expect(quoteOrder(base({ portal: 'topcashback', card: rakutenAmex }), rates, noCaps).card_cents).toBe(0);
    expect(quoteOrder(base({ card: amexGold }), rates, noCaps).card_cents).toBe(0);
  });

  it("rate on the price after promos; a promo that is not portal-safe voids the rate and the card's +4% through Rakuten: $450 earns 1% = $4.50 (SPEC 9.7)", () => {
    expect(quoteOrder(base({ price_cents: 45_000 }), rates, noCaps).portal_cents).toBe(1350);
    const q = quoteOrder(base({ price_cents: 45_000, promo_voids_portal: true, voiding_codes: ['SAVE10'], card: rakutenAmex }), rates, noCaps);
    expect(q).toMatchObject({ portal_cents: 0, card_cents: 450, expected_cents: 450 });
    expect(q.warnings[0]).toMatch(/SAVE10 is not listed on rakuten/);
  });

  it('gift-card balance: the portal pays on the price, the card earns on what it was charged', () => {
    const q = quoteOrder(base({ giftcard_cents: 20_000, card: rakutenAmex }), rates, noCaps);
    expect(q).toMatchObject({ charged_cents: 30_000, portal_cents: 1500, card_cents: 1200 });
    // A balance larger than the price pays all of it.
    expect(quoteOrder(base({ giftcard_cents: 90_000, card: rakutenAmex }), rates, noCaps)).toMatchObject({ giftcard_cents: 50_000, charged_cents: 0, card_cents: 0 });
  });

  it('a statement credit lowers the card earn (DOMAIN: $100 with a $20 credit earns on $80)', () => {
    const q = quoteOrder(base({ amount_cents: 10_000, price_cents: 10_000, card: rakutenAmex, statement_credit_cents: 2000 }), rates, noCaps);
    expect(q.card_cents).toBe(320);
  });

  it('the 4% cap: $10 left earns 4%, the rest 1%, with a warning', () => {
    const q = quoteOrder(base({ card: rakutenAmex }), rates, (rule) => (rule.cap_cents ? 1000 : undefined));
    expect(q.card_cents).toBe(40 + 490);
    expect(q.warnings).toEqual([expect.stringMatching(/reaches the \$7,000.00 year cap of rakuten-amex/)]);
    // Once used up, orders earn the next rule without a warning.
    const after = quoteOrder(base({ card: rakutenAmex }), rates, (rule) => (rule.cap_cents ? 0 : undefined));
    expect(after).toMatchObject({ card_cents: 500, warnings: [] });
  });

  it('dining through Rakuten with the Rakuten Amex card: 5% rate + 5% card', () => {
    const q = quoteOrder(base({ channel: 'dining', chain: ['dining'], amount_cents: 6420, price_cents: 6420, card: rakutenAmex }), rates, noCaps);
    expect(q).toMatchObject({ portal_cents: 321, card_cents: 321, expected_cents: 642 });
  });
});

const order = (fields: Partial<Order>): Order => ({
  id: 1,
  date: '2026-08-01',
  retailer: 'macys',
  amount_cents: 10_000,
  category: 'department_store',
  card: 'rakuten-amex',
  portal: 'rakuten',
  channel: 'online',
  promos: [],
  giftcard_cents: 0,
  charged_cents: 10_000,
  expected_cents: 1000,
  status: 'pending',
  ...fields,
});

describe('CapTracker', () => {
  it('reads each (card, rule, period) once and counts saved orders incrementally', () => {
    // The database's sum for the rule: $6,000 through Rakuten in 2026, nothing yet in 2027.
    const load = vi.fn((_card: string, _rule: number, periodStart: string) => (periodStart.startsWith('2026') ? 600_000 : 0));
    const caps = new CapTracker(load, (c) => [c]);
    const left = caps.capLeft(rakutenAmex, '2026-09-01');
    const rule = rakutenAmex.earn[0]!;
    expect(left(rule)).toBe(100_000);
    expect(load).toHaveBeenCalledWith('rakuten-amex', 0, '2026-01-01');
    caps.record(rakutenAmex, order({ date: '2026-09-01', charged_cents: 30_000 }));
    expect(caps.capLeft(rakutenAmex, '2026-10-01')(rule)).toBe(70_000);
    // Not through rakuten: the rule does not match, the cap is untouched.
    caps.record(rakutenAmex, order({ date: '2026-09-02', portal: null, charged_cents: 30_000 }));
    // Ineligible orders do not count.
    caps.record(rakutenAmex, order({ date: '2026-09-02', status: 'ineligible', charged_cents: 30_000 }));
    expect(caps.capLeft(rakutenAmex, '2026-10-01')(rule)).toBe(70_000);
    expect(load).toHaveBeenCalledTimes(1);
    // Another year is another period (the 2026 order does not count in it).
    expect(caps.capLeft(rakutenAmex, '2027-01-05')(rule)).toBe(700_000);
    expect(load).toHaveBeenCalledTimes(2);
    // Uncapped rules have no cap left.
    expect(left(rakutenAmex.earn[1]!)).toBeUndefined();
  });
});

describe('what needs action', () => {
  const window = [20, 100] as const;
  // 2026-08-01 + 100 days = 2026-11-09.
  it.each([
    ['2026-11-09', []],
    ['2026-11-10', ['overdue']],
  ])('pending, today %s → %j', (today, codes) => {
    expect(orderFlags(order({}), window, today).map((f) => f.code)).toEqual(codes);
  });

  it('overdue says to ask the portal', () => {
    expect(orderFlags(order({}), window, '2026-12-01')[0]?.message).toBe('overdue since 2026-11-09: ask the portal');
  });

  it('Rakuten travel booked 2026-12-01, trip ends 2027-01-20: not overdue on 2027-05-12 (the booking date + 120 would be), overdue from 2027-05-21', () => {
    const trip = order({ date: '2026-12-01', category: 'hotel', trip_end: '2027-01-20' });
    expect(orderFlags(trip, [45, 120], '2027-05-12')).toEqual([]);
    expect(orderFlags(trip, [45, 120], '2027-05-20')).toEqual([]);
    expect(orderFlags(trip, [45, 120], '2027-05-21')[0]?.message).toBe('overdue since 2027-05-20: ask the portal');
    expect(orderFlags({ ...trip, trip_end: null }, [45, 120], '2027-05-12')[0]?.message).toBe('overdue since 2027-03-31: ask the portal');
  });

  it('no portal, no window: never overdue', () => {
    expect(orderFlags(order({ portal: null }), undefined, '2027-12-01')).toEqual([]);
  });

  it('credited less than expected', () => {
    expect(orderFlags(order({ status: 'confirmed', actual_cents: 750 }), window, '2026-12-01')).toEqual([
      { code: 'short', message: 'credited $2.50 less than expected' },
    ]);
    expect(orderFlags(order({ status: 'confirmed', actual_cents: 1000 }), window, '2026-12-01')).toEqual([]);
    expect(orderFlags(order({ status: 'confirmed', actual_cents: 1200 }), window, '2026-12-01')).toEqual([]);
  });

  it('ineligible', () => {
    expect(orderFlags(order({ status: 'ineligible' }), window, '2026-12-01').map((f) => f.code)).toEqual(['ineligible']);
  });
});

describe('parseChannel', () => {
  it.each([
    ['online', 'online'],
    ['in-store', 'in_store'],
    ['IN_STORE', 'in_store'],
    ['dining', 'dining'],
    ['shop', undefined],
  ])('%s → %s', (text, channel) => {
    expect(parseChannel(text)).toBe(channel);
  });
});

describe('statusChange (order and bonus set/confirm)', () => {
  const pending = { date: '2026-11-02', status: 'pending' as const, confirmed_on: null };
  const confirmed = { date: '2026-11-02', status: 'confirmed' as const, confirmed_on: '2026-11-10' };
  const today = '2026-11-21';
  it.each([
    ['confirm without a date: today', pending, { status: 'confirmed' as const }, { status: 'confirmed', confirmed_on: today }],
    ['confirm on a date', pending, { status: 'confirmed' as const, date: '2026-11-15' }, { status: 'confirmed', confirmed_on: '2026-11-15' }],
    ['re-confirm keeps the earlier date', confirmed, { status: 'confirmed' as const }, { status: 'confirmed', confirmed_on: '2026-11-10' }],
    ['back to pending clears the date', confirmed, { status: 'pending' as const }, { status: 'pending', confirmed_on: null }],
    ['ineligible keeps the date it had', confirmed, { status: 'ineligible' as const }, { status: 'ineligible', confirmed_on: '2026-11-10' }],
    ['a date while staying pending', pending, { date: '2026-11-15' }, { problem: 'date_while_pending', date: '2026-11-15' }],
    ['a date before the record', pending, { status: 'confirmed' as const, date: '2026-11-01' }, { problem: 'before_date', date: '2026-11-01' }],
    ['a date after today', pending, { status: 'confirmed' as const, date: '2026-11-22' }, { problem: 'after_today', date: '2026-11-22' }],
  ])('%s', (_name, current, wanted, expected) => {
    expect(statusChange(current, wanted, today)).toEqual(expected);
  });
});
