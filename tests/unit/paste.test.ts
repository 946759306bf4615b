// SPEC 11.1, 11.2: every fixture page parses to exactly the offers and rates it shows (one row per
// offer or rate), what cannot be read is reported, and pasting the same page twice changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeContext } from '../../src/context.js';
import { parseExpiry, parseOfferPage, parseRatePage, type PastedOffer, type PastedRate } from '../../src/core/paste.js';
import { runOfferPaste, runRatePaste } from '../../src/commands/paste.js';
import { openStore } from '../../src/context.js';
import { seedStore } from '../../src/load/seed.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'paste');
const page = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const TODAY = '2026-11-21';

type OfferRow = [file: string, merchant: string, expected: Omit<PastedOffer, 'merchant' | 'text' | 'line'>];
const OFFER_ROWS: OfferRow[] = [
  ['amex-offers.txt', "Macy's", { kind: 'credit', min_spend_cents: 7500, credit_cents: 1500, to: '2026-12-31', added: true }],
  ['amex-offers.txt', 'Saks Fifth Avenue', { kind: 'points_per_dollar', points_per_dollar: 3, max_points: 6000, to: '2026-11-30', added: false }],
  ['amex-offers.txt', 'Dell Technologies', { kind: 'credit', min_spend_cents: 50000, credit_cents: 10000, max_uses: 2, to: '2027-01-15', added: false }],
  ['amex-offers.txt', 'Sephora', { kind: 'percent', percent: 10, max_credit_cents: 1500, to: '2026-12-15', added: true }],
  ['amex-offers.txt', 'Ulta Beauty', { kind: 'points', min_spend_cents: 5000, points: 2500, to: '2026-12-31', added: false }],
  ['amex-offers.txt', 'Hilton Grand Vacations', { kind: 'credit', min_spend_cents: 100000, credit_cents: 20000, to: '2026-12-05', added: false }],
  ['amex-offers-added.txt', "Kiehl's Since 1851", { kind: 'credit', min_spend_cents: 6000, credit_cents: 1200, to: '2026-12-20', added: true }],
  ['amex-offers-added.txt', 'Barnes & Noble', { kind: 'percent', percent: 5, max_credit_cents: 2000, max_uses: 3, to: '2027-01-31', added: true }],
  ['amex-offers-added.txt', 'Crate & Barrel', { kind: 'points_per_dollar', points_per_dollar: 2, max_points: 4000, to: '2027-01-05', added: true }],
  ['amex-offers-added.txt', "Levi's", { kind: 'credit', min_spend_cents: 10000, credit_cents: 2500, to: '2026-12-10', added: false }],
  ['amex-offers-added.txt', "Dick's Sporting Goods", { kind: 'points', min_spend_cents: 15000, points: 3000, to: '2026-12-12', added: false }],
  ['chase-offers.txt', 'Ulta Beauty', { kind: 'percent', percent: 15, to: '2026-11-25', added: true }],
  ['chase-offers.txt', 'Nike', { kind: 'percent', percent: 10, max_credit_cents: 1500, to: '2026-11-26', added: false }],
  ['chase-offers.txt', 'Best Buy', { kind: 'credit', credit_cents: 1000, min_spend_cents: 10000, to: '2026-12-31', added: true }],
  ['chase-offers.txt', 'Walgreens', { kind: 'credit', credit_cents: 500, min_spend_cents: 2500, to: '2026-12-05', added: false }],
  ['chase-offers.txt', 'Chewy', { kind: 'percent', percent: 5, max_credit_cents: 1000, to: '2026-12-31', added: true }],
  ['chase-offers.txt', 'Blue Apron', { kind: 'credit', credit_cents: 3000, min_spend_cents: 6000, to: '2026-12-31', added: false }],
  ['capital-one-offers.txt', 'Nike', { kind: 'percent', percent: 8, to: '2026-12-31' }],
  ['capital-one-offers.txt', 'Wayfair', { kind: 'percent', percent: 10, to: '2026-12-15' }],
  ['capital-one-offers.txt', 'Adidas', { kind: 'credit', credit_cents: 2000, min_spend_cents: 10000, to: '2026-12-31' }],
  ['capital-one-offers.txt', 'Lenovo', { kind: 'points_per_dollar', points_per_dollar: 3, max_points: 5000, to: '2027-01-31' }],
  ['capital-one-offers.txt', 'Expedia', { kind: 'percent', percent: 5, to: TODAY }],
];

type RateRow = [file: string, merchant: string, expected: Omit<PastedRate, 'merchant' | 'text' | 'line'>];
const RATE_ROWS: RateRow[] = [
  ['rakuten-stores.txt', "Macy's", { percent: 6, up_to: false, was: '3%' }],
  ['rakuten-stores.txt', 'Nike', { percent: 8, up_to: true }],
  ['rakuten-stores.txt', 'Hotwire', { flat_cents: 2500, up_to: false }],
  ['rakuten-stores.txt', "Kohl's", { percent: 4, up_to: false }],
  ['rakuten-stores.txt', 'Sephora', { percent: 4, up_to: false, was: '2%' }],
  ['rakuten-stores.txt', 'Best Buy', { percent: 1, up_to: false }],
  ['rakuten-stores.txt', 'Ulta Beauty', { percent: 5, up_to: false, channel: 'in_store' }],
  ['rakuten-stores.txt', "Bloomingdale's", { percent: 12, up_to: true, was: '6%' }],
  ['rakuten-stores.txt', 'Some Local Boutique', { percent: 7, up_to: false }],
  ['aadvantage-stores.txt', "Macy's", { units_per_dollar: 5, up_to: false, was: '4 miles/$' }],
  ['aadvantage-stores.txt', 'Nike', { units_per_dollar: 6, up_to: false }],
  ['aadvantage-stores.txt', 'Apple', { units_per_dollar: 1, up_to: false }],
  ['aadvantage-stores.txt', 'Best Buy', { units_per_dollar: 2, up_to: false }],
];

const strip = <T extends { merchant: string; text: string; line: number }>({ merchant: _m, text: _t, line: _l, ...rest }: T) => rest;

describe('offers pages (table-driven: one row per offer on a fixture page)', () => {
  it.each(OFFER_ROWS)('%s: %s', (file, merchant, expected) => {
    const found = parseOfferPage(page(file), TODAY).offers.filter((o) => o.merchant === merchant);
    expect(found).toHaveLength(1);
    expect(strip(found[0]!)).toEqual(expected);
  });

  it.each([...new Set(OFFER_ROWS.map((r) => r[0]))])('%s holds exactly the offers of the table, in page order', (file) => {
    expect(parseOfferPage(page(file), TODAY).offers.map((o) => o.merchant)).toEqual(OFFER_ROWS.filter((r) => r[0] === file).map((r) => r[1]));
  });

  it('reports what it could not read, with the line and the merchant above it', () => {
    expect(parseOfferPage(page('amex-offers.txt'), TODAY).unreadable).toEqual([
      { line: 31, text: "Lands' End: Get 20% off your order", reason: 'not an offer perk can read' },
    ]);
    expect(parseOfferPage(page('capital-one-offers.txt'), TODAY).unreadable).toEqual([
      { line: 19, text: 'Overstock: Get free shipping on orders $50+', reason: 'not an offer perk can read' },
    ]);
  });

  it('finds nothing on a page without offers', () => {
    expect(parseOfferPage(page('nothing.txt'), TODAY)).toEqual({ offers: [], unreadable: [] });
  });
});

describe('portal store lists (table-driven: one row per rate on a fixture page)', () => {
  it.each(RATE_ROWS)('%s: %s', (file, merchant, expected) => {
    const found = parseRatePage(page(file)).rates.filter((r) => r.merchant === merchant);
    expect(found).toHaveLength(1);
    expect(strip(found[0]!)).toEqual(expected);
  });

  it.each([...new Set(RATE_ROWS.map((r) => r[0]))])('%s holds exactly the rates of the table', (file) => {
    expect(parseRatePage(page(file)).rates.map((r) => r.merchant)).toEqual(RATE_ROWS.filter((r) => r[0] === file).map((r) => r[1]));
  });

  it('reports the lines it could not read', () => {
    expect(parseRatePage(page('rakuten-stores.txt')).unreadable).toEqual([{ line: 21, text: 'Dell: Earn a $50 gift card', reason: 'not a rate perk can read' }]);
    expect(parseRatePage(page('aadvantage-stores.txt')).unreadable).toEqual([{ line: 12, text: 'Walmart: Earn 500 bonus miles', reason: 'not a rate perk can read' }]);
  });
});

describe('expiry dates', () => {
  it.each([
    ['Expires 12/31/26', '2026-12-31'],
    ['Expires 12/31/2026', '2026-12-31'],
    ['Exp. 1/5/27', '2027-01-05'],
    ['Expires 12/15', '2026-12-15'],
    ['Expires 11/01', '2027-11-01'],
    ['Ends Dec 31, 2026', '2026-12-31'],
    ['Valid through 2027-01-15', '2027-01-15'],
    ['Expires in 5 days', '2026-11-26'],
    ['3 days left', '2026-11-24'],
    ['Expires today', TODAY],
    ['Expires 2/30/27', null],
    ['Expedia', undefined],
  ] as const)('%s → %s', (text, expected) => {
    expect(parseExpiry(text, TODAY)).toBe(expected);
  });
});

describe('pasting the same page twice changes nothing the second time (property)', () => {
  const dump = (store: ReturnType<typeof openStore>) => JSON.stringify([store.offers(), store.rates()]);
  const quiet = () => makeContext({ db: ':memory:', today: TODAY, json: true, stdout: { write: () => true }, env: {} });
  const offerPages = ['amex-offers.txt', 'amex-offers-added.txt', 'chase-offers.txt', 'capital-one-offers.txt'].map(page);
  const cards = ['amex-gold', 'chase-freedom-flex', 'c1-venture-x'];
  const ratePages: Array<[string, string]> = [
    ['rakuten', page('rakuten-stores.txt')],
    ['topcashback', page('rakuten-stores.txt')],
    ['aadvantage', page('aadvantage-stores.txt')],
  ];

  it('offers and rates: a second paste of any page (or a shuffled part of it) writes nothing new', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...offerPages),
        fc.constantFrom(...cards),
        fc.constantFrom(...ratePages),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (offerText, card, [portal, rateText], cut) => {
          // A part of the page: its lines, some dropped (a paste that started or ended elsewhere).
          const lines = offerText.split('\n');
          const kept = cut.length ? lines.filter((_, i) => !cut.includes(i % 40)) : lines;
          const ctx = quiet();
          const store = ctx.store();
          seedStore(store);
          const paste = async () => {
            try {
              await runOfferPaste({ card, yes: true, input: kept.join('\n') }, ctx);
            } catch {
              // a part with nothing recognisable: exit 2, nothing saved
            }
            await runRatePaste({ portal, yes: true, input: rateText }, ctx);
          };
          await paste();
          const first = dump(store);
          await paste();
          expect(dump(store)).toBe(first);
          ctx.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});
