import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateItems } from '../../src/load/apply.js';
import { LoadError, type RawItem } from '../../src/load/read.js';
import { KINDS, type Kind } from '../../src/load/schemas.js';
import { AMEX_GOLD_SPEC, AMEX_MACYS_25, BEFRUGAL, RAKUTEN, RAKUTEN_AMEX, SAVE10 } from '../helpers/fixtures.js';
import { errorOf } from '../helpers/load-error.js';

const CODE = 'Z7NV-LBBG39-75MU';
const HASH = 'a'.repeat(64);

/** One valid record of every kind (SPEC section 4 examples and the README extensions). */
const VALID: Record<Kind, unknown[]> = {
  categories: [{ id: 'airfare', parent: 'travel' }, { id: 'travel' }],
  currencies: [
    {
      code: 'MR',
      name: 'Amex Membership Rewards',
      paths: { statement_credit: 0.6, amazon: 0.7, travel_portal: 1.0, transfer: 2.0 },
      default_path: 'transfer',
    },
    {
      code: 'MR',
      name: 'MR',
      paths: {
        schwab: { tiers: [{ up_to_units: 1_000_000, cpp: 1.1 }, { cpp: 0.8 }], note: 'tiers' },
        airline: { cpp: 2, fee_per_unit_cents: 0.06, fee_max_cents: 9900 },
      },
      default_path: 'schwab',
    },
  ],
  portals: [
    RAKUTEN,
    {
      id: 'rakuten',
      name: 'Rakuten',
      payout: { months: [2], day: 31, minimum_cents: 0 },
      payout_options: { USD: 1 },
      default_payout: 'USD',
      confirm_days: { default: [20, 100], dining: [20, 25], travel: [45, 120] },
    },
    // SPEC 9.10: a portal that pays on request has a minimum and no calendar.
    BEFRUGAL,
  ],
  retailers: [
    { id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com'] },
    { id: '1-800-flowers.com', name: '1-800-Flowers', category: 'other' },
  ],
  rates: [
    { portal: 'rakuten', retailer: 'macys', percent: 6, from: '2026-11-01', to: '2026-11-30', as_of: '2026-11-01', channel: 'online' },
    { portal: 'rakuten', retailer: 'hotwire', flat_cents: 2500 },
    { portal: 'rakuten', retailer: 'macys', percent: 0, channel: 'in_store', from: '2026-11-01', to: '2026-11-01' },
  ],
  cards: [
    { ...AMEX_GOLD_SPEC, earn: [...AMEX_GOLD_SPEC.earn, { category: 'airfare', multiplier: 3, via: 'amex_travel' }] },
    { ...RAKUTEN_AMEX, earn: [{ multiplier: 4, via: 'rakuten', cap_cents: 700_000, cap_period: 'year', from: '2026-01-01', to: '2026-12-31' }] },
  ],
  offers: [
    AMEX_MACYS_25,
    { id: 'o-pct', issuer: 'chase', card: 'c', retailer: 'r', kind: 'percent', percent: 10, max_credit_cents: 2000 },
    { id: 'o-pts', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points', min_spend_cents: 5000, points: 2000 },
    { id: 'o-ppd', issuer: 'capital_one', card: 'c', retailer: 'r', kind: 'points_per_dollar', points_per_dollar: 5, max_points: 3000, click_through: true },
  ],
  promos: [
    SAVE10,
    { code: 'nike_20-off', retailer: 'nike', kind: 'percent', percent: 20, from: '2026-11-01', portal_safe: true },
  ],
  giftcards: [
    { id: 'gc-1', retailer: 'amazon', balance_cents: 5000, code: CODE },
    { id: 'gc-2', retailer: 'amazon', balance_cents: 0, last4: '75MU', code_hash: HASH },
  ],
  wallet: ['amex-gold', 'c1-venture-x'],
  orders: [
    { id: 1, date: '2026-11-21', retailer: 'macys', amount_cents: 20000, category: 'department_store', charged_cents: 19000 },
    {
      id: 2,
      date: '2026-11-21',
      retailer: 'macys',
      amount_cents: 20000,
      category: 'department_store',
      card: 'amex-gold',
      portal: 'rakuten',
      channel: 'online',
      via: null,
      offer: 'amex-macys-25',
      promos: ['SAVE10'],
      giftcard: 'gc-1',
      giftcard_cents: 1000,
      charged_cents: 18000,
      expected_cents: 1900,
      actual_cents: null,
      status: 'confirmed',
      confirmed_on: '2026-12-15',
      note: 'birthday present',
    },
    // SPEC 9.11: a hotel booked on Dec 1 for a trip ending Jan 20.
    { id: 3, date: '2026-12-01', retailer: 'marriott', amount_cents: 100000, category: 'hotel', charged_cents: 100000, trip_end: '2027-01-20' },
  ],
  bonuses: [
    { id: 1, portal: 'rakuten', amount_cents: 3000, date: '2026-11-01' },
    { id: 2, portal: 'rakuten', amount_cents: 5000, date: '2026-11-01', status: 'confirmed', confirmed_on: '2026-11-20', note: 'referral' },
  ],
};

/** Invalid records: [kind, what is wrong, record, the field the message must name]. */
const INVALID: Array<[Kind, string, unknown, string]> = [
  ['categories', 'id with upper case', { id: 'Travel' }, 'id'],
  ['categories', 'unknown field', { id: 'travel', colour: 'blue' }, 'colour'],
  ['categories', 'parent not a string', { id: 'air', parent: 3 }, 'parent'],
  ['currencies', 'USD redefined', { code: 'USD', name: 'x', paths: { cash: 1 }, default_path: 'cash' }, 'code'],
  ['currencies', 'default path not among paths', { code: 'MR', name: 'x', paths: { a: 1 }, default_path: 'b' }, 'default_path'],
  ['currencies', 'no paths', { code: 'MR', name: 'x', paths: {}, default_path: 'a' }, 'paths'],
  ['currencies', 'cpp is text', { code: 'MR', name: 'x', paths: { a: 'two' }, default_path: 'a' }, 'paths.a'],
  ['currencies', 'cpp object with text cpp', { code: 'MR', name: 'x', paths: { a: { cpp: 'x' } }, default_path: 'a' }, 'paths.a.cpp'],
  ['currencies', 'middle tier without up_to_units', { code: 'MR', name: 'x', paths: { a: { tiers: [{ cpp: 1 }, { cpp: 2 }] } }, default_path: 'a' }, 'paths.a.tiers'],
  ['currencies', 'lower-case code', { code: 'mr', name: 'x', paths: { a: 1 }, default_path: 'a' }, 'code'],
  ['currencies', 'missing name', { code: 'MR', paths: { a: 1 }, default_path: 'a' }, 'name'],
  ['portals', 'both a calendar and on_request', { ...(VALID.portals[0] as object), payout: { on_request: true, months: [2], day: 15, minimum_cents: 0 } }, 'payout.months'],
  ['portals', 'neither a calendar nor on_request', { ...(VALID.portals[0] as object), payout: { minimum_cents: 2500 } }, 'payout.months'],
  ['portals', 'on_request false', { ...(VALID.portals[0] as object), payout: { on_request: false, minimum_cents: 2500 } }, 'payout.on_request'],
  ['portals', 'on request without a minimum', { ...(VALID.portals[0] as object), payout: { on_request: true } }, 'payout.minimum_cents'],
  ['portals', 'month 13', { ...(VALID.portals[0] as object), payout: { months: [13], day: 1, minimum_cents: 0 } }, 'payout.months.0'],
  ['portals', 'confirm_days of one number', { ...(VALID.portals[0] as object), confirm_days: [5] }, 'confirm_days'],
  ['portals', 'confirm_days min > max', { ...(VALID.portals[0] as object), confirm_days: [100, 20] }, 'confirm_days'],
  ['portals', 'default payout not offered', { ...(VALID.portals[0] as object), default_payout: 'UR' }, 'default_payout'],
  ['portals', 'minimum in dollars', { ...(VALID.portals[0] as object), payout: { months: [2], day: 15, minimum_cents: 5.01 } }, 'payout.minimum_cents'],
  ['retailers', 'missing name', { id: 'x', category: 'other' }, 'name'],
  ['retailers', 'aliases not a list', { id: 'x', name: 'X', category: 'other', aliases: 'x.com' }, 'aliases'],
  ['retailers', 'empty alias', { id: 'x', name: 'X', category: 'other', aliases: [''] }, 'aliases.0'],
  ['rates', 'both percent and flat', { portal: 'p', retailer: 'r', percent: 5, flat_cents: 100 }, 'percent'],
  ['rates', 'neither percent nor flat', { portal: 'p', retailer: 'r' }, 'percent'],
  ['rates', 'percent over 100', { portal: 'p', retailer: 'r', percent: 150 }, 'percent'],
  ['rates', 'percent as text', { portal: 'p', retailer: 'r', percent: '6%' }, 'percent'],
  ['rates', 'flat in dollars', { portal: 'p', retailer: 'r', flat_cents: 25.5 }, 'flat_cents'],
  ['rates', 'February 30', { portal: 'p', retailer: 'r', percent: 5, from: '2026-02-30' }, 'from'],
  ['rates', 'from after to', { portal: 'p', retailer: 'r', percent: 5, from: '2026-12-01', to: '2026-11-01' }, 'to'],
  ['rates', 'unknown channel', { portal: 'p', retailer: 'r', percent: 5, channel: 'web' }, 'channel'],
  ['rates', 'unknown field', { portal: 'p', retailer: 'r', percent: 5, portal_name: 'x' }, 'portal_name'],
  ['cards', 'negative fee', { ...(VALID.cards[0] as object), annual_fee_cents: -1 }, 'annual_fee_cents'],
  ['cards', 'earn not a list', { ...(VALID.cards[0] as object), earn: { category: 'dining' } }, 'earn'],
  ['cards', 'rule multiplier as text', { ...(VALID.cards[0] as object), earn: [{ category: 'dining', multiplier: '4x' }] }, 'earn.0.multiplier'],
  ['cards', 'cap period without a cap', { ...(VALID.cards[0] as object), earn: [{ multiplier: 2 }, { multiplier: 4, cap_period: 'year' }] }, 'earn.1.cap_period'],
  ['cards', 'cap period weekly', { ...(VALID.cards[0] as object), earn: [{ multiplier: 4, cap_cents: 1, cap_period: 'week' }] }, 'earn.0.cap_period'],
  ['cards', 'rule from after to', { ...(VALID.cards[0] as object), earn: [{ multiplier: 4, from: '2026-04-01', to: '2026-03-31' }] }, 'earn.0.to'],
  ['cards', 'unknown rule field', { ...(VALID.cards[0] as object), earn: [{ multiplier: 4, portal: 'rakuten' }] }, 'portal'],
  ['cards', 'missing currency', { id: 'c', issuer: 'amex', name: 'C', annual_fee_cents: 0, base: 1, earn: [] }, 'currency'],
  ['offers', 'credit offer without credit', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'credit', min_spend_cents: 100 }, 'credit_cents'],
  ['offers', 'percent offer without percent', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'percent' }, 'percent'],
  ['offers', 'points offer without points', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points' }, 'points'],
  ['offers', 'points_per_dollar without the rate', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points_per_dollar' }, 'points_per_dollar'],
  ['offers', 'unknown kind', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'cashback' }, 'kind'],
  ['offers', 'zero uses', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points', points: 5, max_uses: 0 }, 'max_uses'],
  ['offers', 'click_through as text', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points', points: 5, click_through: 'yes' }, 'click_through'],
  ['offers', 'to before from', { id: 'o', issuer: 'amex', card: 'c', retailer: 'r', kind: 'points', points: 5, from: '2026-12-01', to: '2026-01-01' }, 'to'],
  ['promos', 'amount promo without amount', { code: 'X', retailer: 'r', kind: 'amount' }, 'amount_cents'],
  ['promos', 'percent promo without percent', { code: 'X', retailer: 'r', kind: 'percent' }, 'percent'],
  ['promos', 'code with a space', { code: 'SAVE 10', retailer: 'r', kind: 'amount', amount_cents: 1 }, 'code'],
  ['promos', 'unknown kind', { code: 'X', retailer: 'r', kind: 'bogo' }, 'kind'],
  ['giftcards', 'negative balance', { id: 'g', retailer: 'amazon', balance_cents: -5, code: CODE }, 'balance_cents'],
  ['giftcards', 'neither code nor last4/hash', { id: 'g', retailer: 'amazon', balance_cents: 5 }, 'code'],
  ['giftcards', 'lower-case last4', { id: 'g', retailer: 'amazon', balance_cents: 5, last4: 'abcd', code_hash: HASH }, 'last4'],
  ['giftcards', 'short hash', { id: 'g', retailer: 'amazon', balance_cents: 5, last4: 'ABCD', code_hash: 'abc' }, 'code_hash'],
  ['giftcards', 'code and hash together', { id: 'g', retailer: 'amazon', balance_cents: 5, code: CODE, code_hash: HASH }, 'code_hash'],
  ['wallet', 'card id not a string', { id: 'amex-gold' }, 'wallet'],
  ['wallet', 'card id with spaces', 'amex gold', 'wallet'],
  ['orders', 'missing charged_cents', { id: 1, date: '2026-11-21', retailer: 'r', amount_cents: 100, category: 'c' }, 'charged_cents'],
  ['orders', 'id zero', { ...(VALID.orders[0] as object), id: 0 }, 'id'],
  ['orders', 'unknown status', { ...(VALID.orders[0] as object), status: 'paid' }, 'status'],
  ['orders', 'date in another format', { ...(VALID.orders[0] as object), date: '11/21/2026' }, 'date'],
  ['orders', 'trip ends before the order date', { ...(VALID.orders[0] as object), trip_end: '2026-11-20' }, 'trip_end'],
  ['orders', 'trip end not a date', { ...(VALID.orders[0] as object), trip_end: '2026-02-30' }, 'trip_end'],
  ['orders', 'promos not a list', { ...(VALID.orders[0] as object), promos: 'SAVE10' }, 'promos'],
  ['bonuses', 'amount in dollars', { id: 1, portal: 'rakuten', amount_cents: 30.5, date: '2026-11-01' }, 'amount_cents'],
  ['bonuses', 'missing date', { id: 1, portal: 'rakuten', amount_cents: 3000 }, 'date'],
  ['bonuses', 'unknown field', { id: 1, portal: 'rakuten', amount_cents: 3000, date: '2026-11-01', kind: 'referral' }, 'kind'],
];

const item = (kind: Kind, value: unknown, line = 7): RawItem => ({ kind, value, file: 'data.json', line, index: 0 });

describe('data format v1 schemas', () => {
  it('covers every kind', () => {
    for (const kind of KINDS) {
      expect(VALID[kind], kind).toBeDefined();
      expect(INVALID.some(([k]) => k === kind), kind).toBe(true);
    }
  });

  it.each(KINDS.flatMap((kind) => VALID[kind].map((value, i) => [kind, i, value] as const)))('accepts valid %s #%d', (kind, _i, value) => {
    const [valid] = validateItems([item(kind, value)]);
    expect(valid?.kind).toBe(kind);
    expect(valid?.record).toEqual(value);
  });

  it.each(INVALID)('rejects %s: %s', (kind, _what, value, field) => {
    const error = errorOf(() => validateItems([item(kind, value, 12)]));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(new RegExp(`^data\\.json line 12 \\(${kind}\\): `));
    expect(error.message).toContain(`"${field}"`);
    // One sentence: no zod jargon or raw JSON, ends with a full stop.
    expect(error.message).toMatch(/\.$/);
    expect(error.message).not.toMatch(/Invalid input|\[object|\{"/);
  });

  it('says a missing field is missing', () => {
    const error = errorOf(() => validateItems([item('retailers', { id: 'x', category: 'other' })]));
    expect(error.message).toBe('data.json line 7 (retailers): field "name" is missing (expected a string).');
  });

  it('shows the value that was given', () => {
    const error = errorOf(() => validateItems([item('rates', { portal: 'p', retailer: 'r', percent: 5, channel: 'web' })]));
    expect(error.message).toBe('data.json line 7 (rates): field "channel": expected one of "online", "in_store", "dining" (got "web").');
    const big = errorOf(() => validateItems([item('rates', { portal: 'p', retailer: 'r', percent: 150 })]));
    expect(big.message).toBe('data.json line 7 (rates): field "percent": expected a number at most 100 (got 150).');
  });

  it('names the field of the form a union record was meant to have', () => {
    const cpp = errorOf(() => validateItems([item('currencies', { code: 'MR', name: 'x', paths: { a: { cpp: 'x' } }, default_path: 'a' })]));
    expect(cpp.message).toBe('data.json line 7 (currencies): field "paths.a.cpp": expected a number (got "x").');
    const gift = errorOf(() => validateItems([item('giftcards', { id: 'g', retailer: 'amazon', balance_cents: 5 })]));
    expect(gift.message).toBe('data.json line 7 (giftcards): field "code" is missing (expected a string).');
  });

  it('a payout is one of two forms: a calendar or on request, and says so when given both or neither', () => {
    const portal = VALID.portals[0] as object;
    const both = errorOf(() => validateItems([item('portals', { ...portal, payout: { on_request: true, months: [2], day: 15, minimum_cents: 1 } })]));
    expect(both.message).toBe(
      'data.json line 7 (portals): field "payout.months": an on-request payout ("on_request": true) has no "months" or "day": give one form, not both.',
    );
    const neither = errorOf(() => validateItems([item('portals', { ...portal, payout: { minimum_cents: 1 } })]));
    expect(neither.message).toBe(
      'data.json line 7 (portals): field "payout.months": "months" is missing: expected "months" and "day" (a payout calendar) or "on_request": true.',
    );
  });

  it('reports the first invalid record of a load, with its own line', () => {
    const items = [item('categories', { id: 'ok' }, 3), item('categories', { id: 'Bad' }, 4), item('categories', { id: 'Worse' }, 5)];
    expect(errorOf(() => validateItems(items)).message).toMatch(/^data\.json line 4 \(categories\): field "id"/);
  });
});

describe('validation of arbitrary records', () => {
  it('accepts or rejects with a LoadError naming file and line, never anything else', () => {
    // Valid records with one field replaced by a random JSON value, and wholly random values.
    const arbitrary = fc.oneof(
      fc.tuple(fc.constantFrom(...KINDS), fc.jsonValue()),
      fc.tuple(fc.constantFrom(...KINDS), fc.nat(), fc.string({ maxLength: 20 }), fc.jsonValue()).map(([kind, n, key, v]) => {
        const base = VALID[kind][n % VALID[kind].length];
        if (typeof base !== 'object' || base === null) return [kind, v] as const;
        const keys = Object.keys(base);
        const field = n % 3 === 0 ? key : (keys[n % keys.length] ?? key);
        return [kind, { ...base, [field]: v }] as const;
      }),
    );
    fc.assert(
      fc.property(arbitrary, ([kind, value]) => {
        try {
          validateItems([item(kind, value, 9)]);
        } catch (error) {
          expect(error).toBeInstanceOf(LoadError);
          expect((error as LoadError).message).toMatch(new RegExp(`^data\\.json line 9 \\(${kind}\\): .+\\.$`));
        }
      }),
      { numRuns: 500 },
    );
  });
});
