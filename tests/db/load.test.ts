import { beforeEach, describe, expect, it } from 'vitest';
import { exportCsv, exportDocument } from '../../src/commands/export.js';
import { categoryChains } from '../../src/core/caps.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { loadItems } from '../../src/load/apply.js';
import { LoadError, readCsv, readJson } from '../../src/load/read.js';
import { CSV_KINDS } from '../../src/load/schemas.js';
import { readDefaultDataset, seedStore } from '../../src/load/seed.js';
import { errorOf } from '../helpers/load-error.js';

const memoryStore = () => new Store(openDatabase(':memory:').db);
const load = (store: Store, doc: unknown, options: { dryRun?: boolean } = {}) =>
  loadItems(store, readJson(JSON.stringify(doc, null, 2), 'test.json'), options);

let seeded: Store;
beforeEach(() => {
  seeded = memoryStore();
  seedStore(seeded);
});

describe('the default dataset', () => {
  it('loads completely into an empty database', () => {
    const store = memoryStore();
    expect(seedStore(store)).toEqual({
      categories: 40,
      currencies: 8,
      portals: 7,
      retailers: 98,
      rates: 131,
      cards: 20,
      wallet: 4,
    });
    expect(store.walletIds()).toEqual(['amex-gold', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex']);
    expect(store.card('amex-gold')?.earn[0]).toEqual({ category: 'dining', multiplier: 4, cap_cents: 5000000, cap_period: 'year' });
  });

  it('names its source files and lines', () => {
    const items = readDefaultDataset();
    expect(items[0]).toMatchObject({ kind: 'categories', file: 'data/01-categories.json', line: 3 });
  });
});

describe('loadItems', () => {
  const doc = {
    categories: [{ id: 'pet_supplies', parent: 'pets' }],
    retailers: [{ id: 'barkbox', name: 'BarkBox', category: 'pet_supplies', aliases: ['barkbox.com'] }],
    rates: [{ portal: 'rakuten', retailer: 'barkbox', percent: 4, from: '2026-11-01', as_of: '2026-11-15' }],
    offers: [{ id: 'amex-barkbox-10', issuer: 'amex', card: 'amex-gold', retailer: 'barkbox', kind: 'credit', min_spend_cents: 5000, credit_cents: 1000 }],
    wallet: ['amex-platinum'],
  };

  it('writes every kind and says how many of each', () => {
    expect(load(seeded, doc)).toEqual({ categories: 1, retailers: 1, rates: 1, offers: 1, wallet: 1 });
    expect(seeded.retailer('barkbox')).toEqual({ id: 'barkbox', name: 'BarkBox', category: 'pet_supplies', aliases: ['barkbox.com'] });
    expect(categoryChains(seeded.categories())('pet_supplies')).toEqual(['pet_supplies', 'pets']);
    expect(seeded.walletIds()).toContain('amex-platinum');
  });

  it('is idempotent: loading the same file twice changes nothing', () => {
    load(seeded, doc);
    const once = JSON.stringify(exportDocument(seeded));
    load(seeded, doc);
    expect(JSON.stringify(exportDocument(seeded))).toBe(once);
  });

  it('re-seeding the default dataset changes nothing in a seeded database', () => {
    const once = JSON.stringify(exportDocument(seeded));
    seedStore(seeded);
    expect(JSON.stringify(exportDocument(seeded))).toBe(once);
  });

  it('upserts by id: a changed record replaces the stored one', () => {
    load(seeded, doc);
    load(seeded, { retailers: [{ id: 'barkbox', name: 'BarkBox.com', category: 'pets' }] });
    expect(seeded.retailer('barkbox')).toEqual({ id: 'barkbox', name: 'BarkBox.com', category: 'pets' });
    expect(seeded.retailersByAlias('barkbox.com')).toEqual([]);
  });

  it('accepts references to records earlier in the same load, in any order of keys', () => {
    const store = memoryStore();
    const counts = load(store, {
      wallet: ['c'],
      cards: [{ id: 'c', issuer: 'x', name: 'C', currency: 'PTS', annual_fee_cents: 0, base: 1, earn: [{ category: 'b', multiplier: 2 }] }],
      currencies: [{ code: 'PTS', name: 'Points', paths: { cash: 1 }, default_path: 'cash' }],
      categories: [{ id: 'b', parent: 'a' }, { id: 'a' }],
    });
    expect(counts).toEqual({ categories: 2, currencies: 1, cards: 1, wallet: 1 });
  });

  it.each([
    ['a retailer in an unknown category', { retailers: [{ id: 'x', name: 'X', category: 'nope' }] }, 'field "category" refers to unknown category "nope"'],
    ['a rate at an unknown portal', { rates: [{ portal: 'nope', retailer: 'macys', percent: 1 }] }, 'field "portal" refers to unknown portal "nope"'],
    ['a rate at an unknown retailer', { rates: [{ portal: 'rakuten', retailer: 'nope', percent: 1 }] }, 'field "retailer" refers to unknown retailer "nope"'],
    ['an offer on an unknown card', { offers: [{ id: 'o', issuer: 'amex', card: 'nope', retailer: 'macys', kind: 'points', points: 1 }] }, 'field "card" refers to unknown card "nope"'],
    ['a card in an unknown currency', { cards: [{ id: 'c', issuer: 'x', name: 'C', currency: 'ZZ', annual_fee_cents: 0, base: 1, earn: [] }] }, 'field "currency" refers to unknown currency "ZZ"'],
    ['an earn rule in an unknown category', { cards: [{ id: 'c', issuer: 'x', name: 'C', currency: 'MR', annual_fee_cents: 0, base: 1, earn: [{ category: 'nope', multiplier: 2 }] }] }, 'field "earn.0.category" refers to unknown category "nope"'],
    ['an earn rule via an unknown portal', { cards: [{ id: 'c', issuer: 'x', name: 'C', currency: 'MR', annual_fee_cents: 0, base: 1, earn: [{ via: 'nope', multiplier: 2 }] }] }, 'field "earn.0.via" refers to unknown portal "nope"'],
    ['a wallet card not in the catalog', { wallet: ['nope'] }, 'field "wallet" refers to unknown card "nope"'],
    ['a portal paying an unknown currency', { portals: [{ id: 'p', name: 'P', payout: { months: [1], day: 1, minimum_cents: 0 }, payout_options: { ZZ: 1 }, default_payout: 'ZZ', confirm_days: [1, 2] }] }, 'field "payout_options.ZZ" refers to unknown currency "ZZ"'],
    ['a promo at an unknown retailer', { promos: [{ code: 'X', retailer: 'nope', kind: 'amount', amount_cents: 1 }] }, 'field "retailer" refers to unknown retailer "nope"'],
    ['an order at an unknown retailer', { orders: [{ id: 1, date: '2026-11-21', retailer: 'nope', amount_cents: 1, category: 'other', charged_cents: 1 }] }, 'field "retailer" refers to unknown retailer "nope"'],
    ['a bonus at an unknown portal', { bonuses: [{ id: 1, portal: 'nope', amount_cents: 1, date: '2026-11-21' }] }, 'field "portal" refers to unknown portal "nope"'],
    ['a category that is its own parent', { categories: [{ id: 'loop', parent: 'loop' }] }, 'field "parent": a category cannot be its own parent'],
    ['a confirmation window for a channel that does not exist', { portals: [{ id: 'p2', name: 'P2', payout: { months: [1], day: 1, minimum_cents: 1 }, payout_options: { USD: 1 }, default_payout: 'USD', confirm_days: { default: [20, 100], weird: [1, 2] } }] }, 'unknown field "weird" in "confirm_days"'],
    ['no confirmation window at all', { portals: [{ id: 'p2', name: 'P2', payout: { months: [1], day: 1, minimum_cents: 1 }, payout_options: { USD: 1 }, default_payout: 'USD', confirm_days: {} }] }, 'confirm_days needs at least one window'],
    ['two categories that are each other\'s parent', { categories: [{ id: 'c1x', parent: 'c2x' }, { id: 'c2x', parent: 'c1x' }] }, 'field "parent": the categories form a cycle (c1x → c2x → c1x)'],
    ['a stored category made to descend from its own child', { categories: [{ id: 'travel', parent: 'airfare' }] }, 'field "parent": the categories form a cycle (travel → airfare → travel)'],
  ])('refuses %s, naming the line and field', (_what, bad, message) => {
    const before = JSON.stringify(exportDocument(seeded));
    const error = errorOf(() => load(seeded, bad));
    expect(error.message).toContain(message);
    expect(error.message).toMatch(/^test\.json line \d+ \(\w+\): /);
    expect(JSON.stringify(exportDocument(seeded))).toBe(before);
  });

  it('is atomic: a file whose last record is invalid loads nothing', () => {
    const before = JSON.stringify(exportDocument(seeded));
    const bad = { ...doc, rates: [...doc.rates, { portal: 'rakuten', retailer: 'barkbox', percent: 400 }] };
    const error = errorOf(() => load(seeded, bad));
    expect(error.message).toMatch(/^test\.json line \d+ \(rates\): field "percent"/);
    expect(seeded.retailer('barkbox')).toBeUndefined();
    expect(JSON.stringify(exportDocument(seeded))).toBe(before);
  });

  it('is atomic when the database itself refuses a record mid-write', () => {
    // Two gift cards with one code in one load pass the checks against the database but not each other.
    const code = 'AAAA-BBBBBB-CCCC';
    const error = errorOf(() =>
      load(seeded, {
        retailers: [{ id: 'newshop', name: 'New Shop', category: 'other' }],
        giftcards: [
          { id: 'gc-1', retailer: 'amazon', balance_cents: 100, code },
          { id: 'gc-2', retailer: 'amazon', balance_cents: 100, code: code.toLowerCase() },
        ],
      }),
    );
    expect(error.message).toMatch(/field "code": this gift card is already stored as "gc-1"/);
    expect(seeded.retailer('newshop')).toBeUndefined();
    expect(seeded.giftCards()).toEqual([]);
  });

  it('dry run validates everything and writes nothing', () => {
    const before = JSON.stringify(exportDocument(seeded));
    expect(load(seeded, doc, { dryRun: true })).toEqual({ categories: 1, retailers: 1, rates: 1, offers: 1, wallet: 1 });
    expect(JSON.stringify(exportDocument(seeded))).toBe(before);
    expect(() => load(seeded, { wallet: ['nope'] }, { dryRun: true })).toThrow(LoadError);
  });

  it('stores a gift card without its claim code, and exports last4 and a hash that load back', () => {
    load(seeded, { giftcards: [{ id: 'gc-1', retailer: 'amazon', balance_cents: 5000, code: 'z7nv lbbg39 75mu' }] });
    const exported = exportDocument(seeded, ['giftcards']);
    const text = JSON.stringify(exported);
    expect(text).not.toMatch(/Z7NV|LBBG39/i);
    expect(exported.giftcards).toEqual([{ id: 'gc-1', retailer: 'amazon', balance_cents: 5000, last4: '75MU', code_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const other = memoryStore();
    seedStore(other);
    load(other, exported);
    expect(exportDocument(other, ['giftcards'])).toEqual(exported);
    // The same code again under another id is refused, in either form.
    expect(errorOf(() => load(seeded, { giftcards: [{ id: 'gc-2', retailer: 'amazon', balance_cents: 1, code: 'Z7NV-LBBG39-75MU' }] })).message).toMatch(
      /already stored as "gc-1"/,
    );
    expect(errorOf(() => load(seeded, { giftcards: [{ id: 'gc-9', retailer: 'amazon', balance_cents: 1, code: 'too-short' }] })).message).toMatch(
      /field "code": expected a claim code of 14–15 letters and digits/,
    );
  });
});

describe('orders with a trip end (SPEC 9.11)', () => {
  const hotel = { id: 1, date: '2026-12-01', retailer: 'marriott', amount_cents: 100000, charged_cents: 100000, trip_end: '2027-01-20' };

  it('loads for a category under travel (hotel) and for travel itself', () => {
    load(seeded, { orders: [{ ...hotel, category: 'hotel' }, { ...hotel, id: 2, category: 'travel' }] });
    expect(seeded.order(1)?.trip_end).toBe('2027-01-20');
    expect(seeded.order(2)?.trip_end).toBe('2027-01-20');
  });

  it('is refused for a category outside travel, naming the field, and nothing is loaded', () => {
    const error = errorOf(() => load(seeded, { orders: [{ ...hotel, retailer: 'macys', category: 'department_store' }] }));
    expect(error.message).toMatch(/\(orders\): field "trip_end": a trip end is only for travel, and department_store is not travel or under it\.$/);
    expect(seeded.orders()).toEqual([]);
  });

  it('follows categories loaded with it: a new category under hotel is travel', () => {
    load(seeded, { categories: [{ id: 'boutique_hotel', parent: 'hotel' }], orders: [{ ...hotel, category: 'boutique_hotel' }] });
    expect(seeded.order(1)?.trip_end).toBe('2027-01-20');
  });
});

describe('export → load round trip', () => {
  function fullStore(): Store {
    const store = memoryStore();
    seedStore(store);
    load(store, {
      giftcards: [{ id: 'gc-1', retailer: 'amazon', balance_cents: 2500, code: 'ABCD-EFGHIJ-KLMN' }],
      orders: [
        { id: 1, date: '2026-11-02', retailer: 'macys', amount_cents: 20000, category: 'department_store', card: 'amex-gold', portal: 'rakuten', charged_cents: 19000, expected_cents: 1140, promos: ['SAVE10'], note: 'coat, "wool"\nsecond line' },
        { id: 7, date: '2026-10-01', retailer: 'amazon', amount_cents: 5000, category: 'general_merchandise', giftcard: 'gc-1', giftcard_cents: 2500, charged_cents: 2500, status: 'confirmed', confirmed_on: '2026-10-30', actual_cents: 0 },
        // A hotel booked Dec 1 for a trip ending Jan 20 (SPEC 9.11): the trip end goes out and back in.
        { id: 8, date: '2026-12-01', retailer: 'marriott', amount_cents: 100000, category: 'hotel', portal: 'rakuten', charged_cents: 100000, expected_cents: 2000, trip_end: '2027-01-20' },
      ],
      bonuses: [{ id: 3, portal: 'rakuten', amount_cents: 3000, date: '2026-11-01', status: 'confirmed', confirmed_on: '2026-11-10', note: 'welcome' }],
    });
    return store;
  }

  it('JSON: export, load into an empty database, export again gives identical output', () => {
    const store = fullStore();
    const first = JSON.stringify(exportDocument(store), null, 2);
    // BeFrugal pays on request ($25.00 minimum) and the Marriott order keeps its trip end.
    expect(first).toContain('"on_request": true,\n        "minimum_cents": 2500');
    expect(first).toContain('"trip_end": "2027-01-20"');
    const empty = memoryStore();
    loadItems(empty, readJson(first, 'backup.json'));
    expect(JSON.stringify(exportDocument(empty), null, 2)).toBe(first);
  });

  it.each(CSV_KINDS)('CSV: %s export loads back identically', (kind) => {
    const store = fullStore();
    const csv = exportCsv(store, kind);
    // Into a database that has everything but this kind.
    const target = memoryStore();
    const others: Record<string, unknown[]> = exportDocument(store);
    delete others[kind];
    loadItems(target, [...readJson(JSON.stringify(others), 'rest.json'), ...readCsv(csv, `${kind}.csv`)]);
    expect(exportCsv(target, kind)).toBe(csv);
    expect(exportDocument(target, [kind])).toEqual(exportDocument(store, [kind]));
  });
});
