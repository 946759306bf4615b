// The order, bonus and payout rules that the commands used to decide themselves (issue #12), each checked
// in core with hand-computed numbers.
import { describe, expect, it } from 'vitest';
import { newBonus } from '../../src/core/bonuses.js';
import { giftCardRefunds, splitPayment } from '../../src/core/giftcards.js';
import { FieldError, resolveOrder, type OrderLookups, type OrderRequest } from '../../src/core/order-entry.js';
import { awaitingPayout, cashBackTotal, changeOrder, importedStatus, shortCredit } from '../../src/core/orders.js';
import { counts } from '../../src/core/order-status.js';
import { balanceCurrency } from '../../src/core/payout-currency.js';
import { byPayoutDate, paysWord, portalsInOrder, type PayoutView } from '../../src/core/payout-report.js';
import type { Card, Offer, Order, Portal, Retailer } from '../../src/core/types.js';

const order = (fields: Partial<Order> = {}): Order => ({
  id: 7,
  date: '2026-11-02',
  retailer: 'macys',
  amount_cents: 20_000,
  category: 'department_stores',
  card: 'amex-gold',
  portal: 'rakuten',
  channel: 'online',
  promos: [],
  giftcard: null,
  giftcard_cents: 0,
  charged_cents: 20_000,
  expected_cents: 1_000,
  actual_cents: null,
  status: 'pending',
  confirmed_on: null,
  ...fields,
});

describe('charged = price − gift card (SPEC 8)', () => {
  it.each([
    ['$180 with $50 of gift card: $130 charged', 18_000, 5_000, { gift_cents: 5_000, charged_cents: 13_000 }],
    ['$40 with $50 of gift card: $40 from the card, $0 charged', 4_000, 5_000, { gift_cents: 4_000, charged_cents: 0 }],
    ['no gift card: all charged', 12_345, 0, { gift_cents: 0, charged_cents: 12_345 }],
  ])('%s', (_name, price, gift, expected) => {
    expect(splitPayment(price, gift)).toEqual(expected);
  });
});

describe('gift-card refund on order remove', () => {
  it('gives each card what the order took from it', () => {
    const o = { giftcard: 'gc-a', giftcard_cents: 7_500 };
    const uses = [
      { giftcard: 'gc-a', cents: 2_500 },
      { giftcard: 'gc-b', cents: 5_000 },
    ];
    expect(giftCardRefunds(o, uses)).toEqual(uses);
  });
  it('without a record that agrees (older orders, a load), the whole amount goes to the card it names', () => {
    expect(giftCardRefunds({ giftcard: 'gc-a', giftcard_cents: 7_500 }, [])).toEqual([{ giftcard: 'gc-a', cents: 7_500 }]);
    expect(giftCardRefunds({ giftcard: 'gc-a', giftcard_cents: 7_500 }, [{ giftcard: 'gc-a', cents: 2_500 }])).toEqual([{ giftcard: 'gc-a', cents: 7_500 }]);
    expect(giftCardRefunds({ giftcard: null, giftcard_cents: 0 }, [])).toEqual([]);
  });
});

describe('credited short, counting, awaiting a payout', () => {
  it('confirmed at $6.50 of $10.00 expected is $3.50 short; pending or credited in full is not', () => {
    expect(shortCredit(order({ status: 'confirmed', actual_cents: 650 }))).toBe(350);
    expect(shortCredit(order({ status: 'confirmed', actual_cents: 1_200 }))).toBe(0);
    expect(shortCredit(order({ status: 'pending', actual_cents: 650 }))).toBe(0);
    expect(shortCredit(order({ status: 'confirmed', actual_cents: null }))).toBe(0);
  });
  it('an ineligible order counts for nothing: $10.00 expected + $4.50 credited = $14.50', () => {
    const orders = [order(), order({ status: 'confirmed', actual_cents: 450 }), order({ status: 'ineligible', expected_cents: 9_999 })];
    expect(orders.map(counts)).toEqual([true, true, false]);
    expect(cashBackTotal(orders)).toBe(1_450);
  });
  it('only a pending order through a portal awaits a payout', () => {
    expect(awaitingPayout(order())).toBe(true);
    expect(awaitingPayout(order({ portal: null }))).toBe(false);
    expect(awaitingPayout(order({ status: 'confirmed' }))).toBe(false);
  });
});

describe('importedStatus (order import rows, by statusChange)', () => {
  const today = '2026-11-21';
  it.each([
    ['nothing given: pending', {}, { status: 'pending', confirmed_on: null }],
    ['a confirmation date alone: confirmed on it', { confirmed_on: '2026-11-10' }, { status: 'confirmed', confirmed_on: '2026-11-10' }],
    ['confirmed without a date: no date known', { status: 'confirmed' as const }, { status: 'confirmed', confirmed_on: null }],
    ['ineligible with a date keeps it', { status: 'ineligible' as const, confirmed_on: '2026-11-10' }, { status: 'ineligible', confirmed_on: '2026-11-10' }],
    ['pending with a date', { status: 'pending' as const, confirmed_on: '2026-11-10' }, { problem: 'date_while_pending', date: '2026-11-10' }],
    ['before the order', { confirmed_on: '2026-11-01' }, { problem: 'before_date', date: '2026-11-01' }],
    ['after today', { confirmed_on: '2026-11-22' }, { problem: 'after_today', date: '2026-11-22' }],
  ])('%s', (_name, wanted, expected) => {
    expect(importedStatus('2026-11-02', wanted, today)).toEqual(expected);
  });
});

describe('changeOrder (order set/confirm)', () => {
  const today = '2026-11-21';
  it('confirm with $9.50 credited', () => {
    expect(changeOrder(order(), { status: 'confirmed', cashback: 950 }, today)).toEqual({
      order: order({ status: 'confirmed', confirmed_on: today, actual_cents: 950 }),
    });
  });
  it('back to pending drops the credited amount', () => {
    const back = changeOrder(order({ status: 'confirmed', confirmed_on: '2026-11-10', actual_cents: 950 }), { status: 'pending' }, today);
    expect(back).toEqual({ order: order() });
  });
  it.each([
    ['nothing to change', order(), {}, 'nothing'],
    ['pending with a credited amount', order(), { status: 'pending' as const, cashback: 100 }, 'pending_with_cashback'],
    ['a payout status without a portal', order({ portal: null }), { status: 'confirmed' as const }, 'no_portal'],
    ['a date before the order', order(), { status: 'confirmed' as const, date: '2026-11-01' }, 'before_date'],
  ])('refused: %s', (_name, o, wanted, problem) => {
    expect(changeOrder(o, wanted, today)).toMatchObject({ problem });
  });
  it('an order without a portal can still be marked ineligible', () => {
    expect(changeOrder(order({ portal: null }), { status: 'ineligible' }, today)).toMatchObject({ order: { status: 'ineligible' } });
  });
});

describe('resolveOrder: what an order may combine', () => {
  const retailer: Retailer = { id: 'macys', name: "Macy's", category: 'department_stores' };
  const card: Card = { id: 'amex-gold', issuer: 'amex', name: 'Gold', currency: 'MR', annual_fee_cents: 0, base: 1, earn: [], pays_via: null };
  const portal: Portal = {
    id: 'rakuten',
    name: 'Rakuten',
    payout: { months: [2, 5, 8, 11], day: 15, minimum_cents: 501 },
    payout_options: { USD: 1 },
    default_payout: 'USD',
    confirm_days: { online: [30, 90] },
  } as unknown as Portal;
  const click: Offer = { id: 'amex-macys-click', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', credit_cents: 2_500, click_through: true };
  const lookups: OrderLookups = {
    retailer: () => retailer,
    card: () => card,
    portal: () => portal,
    offer: () => click,
    chain: (c) => [c],
    rates: () => [{ portal: 'rakuten', retailer: 'macys', percent: 5, from: '2026-01-01' }],
    offerUses: () => 0,
    promos: () => [],
    promoUses: () => 0,
    giftCards: () => [{ id: 'gc-macys-1234', retailer: 'macys', balance_cents: 5_000 } as never],
    capLeft: () => () => undefined,
  };
  const resolve = (req: Partial<OrderRequest>) => resolveOrder({ retailer: 'macys', amount: '180', ...req }, lookups, '2026-11-21');

  it('a click-through offer and a portal compete for the order: refused, naming the offer', () => {
    expect(() => resolve({ offer: 'amex-macys-click', portal: 'rakuten' })).toThrow(FieldError);
    expect(() => resolve({ offer: 'amex-macys-click', portal: 'rakuten' })).toThrow(/click-through offer, which competes with rakuten/);
  });
  it('a booking through an issuer travel portal takes no shopping portal', () => {
    expect(() => resolve({ via: 'amex_travel', portal: 'rakuten' })).toThrow(/not a purchase at Macy's, so rakuten cannot credit it/);
  });
  it('$180 with the $50 gift card: $130 charged, 5% of the $180 price expected ($9.00)', () => {
    const r = resolve({ giftCard: true, portal: 'rakuten' });
    expect(r.order).toMatchObject({ giftcard: 'gc-macys-1234', giftcard_cents: 5_000, charged_cents: 13_000, expected_cents: 900 });
  });
});

describe('bonuses', () => {
  it('logged confirmed: confirmed on its date; not after today', () => {
    const input = { portal: 'rakuten', amount_cents: 3_000, date: '2026-11-20', confirmed: true };
    expect(newBonus(input, '2026-11-21')).toEqual({
      bonus: { portal: 'rakuten', amount_cents: 3_000, date: '2026-11-20', status: 'confirmed', confirmed_on: '2026-11-20', note: null },
    });
    expect(newBonus({ ...input, date: '2026-11-22' }, '2026-11-21')).toEqual({ problem: 'confirmed_after_today' });
    expect(newBonus({ ...input, confirmed: false, date: '2026-11-22' }, '2026-11-21')).toMatchObject({ bonus: { status: 'pending', confirmed_on: null } });
  });
});

describe('payout report', () => {
  const view = (fields: Partial<PayoutView>): PayoutView => ({
    portal: 'rakuten',
    date: '2027-02-15',
    currency: 'USD',
    confirmed_cents: 0,
    expected_cents: 0,
    possible_cents: 0,
    minimum_cents: 501,
    will_pay: false,
    likely_pay: false,
    units: 0,
    ...fields,
  });
  it('pays: yes, likely, maybe ($5.01 possible reaches the $5.01 minimum), no ($5.00 does not)', () => {
    expect(paysWord(view({ will_pay: true, likely_pay: true }))).toBe('yes');
    expect(paysWord(view({ likely_pay: true }))).toBe('likely');
    expect(paysWord(view({ possible_cents: 501 }))).toBe('maybe');
    expect(paysWord(view({ possible_cents: 500 }))).toBe('no');
  });
  it('by date, a balance with no date last, then portal', () => {
    const list = [view({ portal: 'b', date: null }), view({ portal: 'b' }), view({ portal: 'a' }), view({ portal: 'c', date: '2026-12-01' })];
    expect(list.sort(byPayoutDate).map((v) => `${v.portal} ${v.date}`)).toEqual(['c 2026-12-01', 'a 2027-02-15', 'b 2027-02-15', 'b null']);
  });
  it('the active portals first, then the others', () => {
    const p = (id: string) => ({ id }) as Portal;
    expect(portalsInOrder([p('rakuten')], [p('aa'), p('rakuten'), p('tcb')]).map((x) => x.id)).toEqual(['rakuten', 'aa', 'tcb']);
    expect(portalsInOrder([p('rakuten')]).map((x) => x.id)).toEqual(['rakuten']);
  });
  it('a portal without a USD payout keeps its balance in miles', () => {
    expect(balanceCurrency({ payout_options: { AA: 1 }, default_payout: 'AA' })).toBe('AA');
    expect(balanceCurrency({ payout_options: { USD: 1, MR: 1 }, default_payout: 'MR' })).toBe('USD');
  });
});
