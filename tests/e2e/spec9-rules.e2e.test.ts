// End to end: SPEC section 9 through bin/perk.js on the default data (wallet amex-gold,
// chase-freedom-flex, rakuten-amex, c1-venture-x), each database in its own temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okOut, perkAt, type PerkResult } from '../helpers/spawn.js';

let dir: string;
let n = 0;

const perk = (db: string, args: string[], input = '') => perkAt(db, ['--today', '2026-11-21', ...args], { input });
const json = <T>(r: PerkResult): T => JSON.parse(okOut(r)) as T;
const freshDb = () => path.join(dir, `perk-${++n}.db`);

interface Option {
  card: string;
  portal: string | null;
  offer: string | null;
  click_through: string | null;
  promos: string[];
  components: Array<{ source: string; id: string; currency: string; units: number; value_cents: number }>;
  total_value_cents: number;
  warnings: string[];
}
interface Stack {
  channel: string;
  notes: string[];
  options: Option[];
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-expert-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('SPEC 9 end to end on the default data', () => {
  it("9.1 Freedom Flex at Macy's $200 through Rakuten 10%: 1,000 UR are $10.00 (cash) without a Sapphire, $20.50 (transfer) after wallet add chase-sapphire-preferred", () => {
    const db = freshDb();
    const before = json<Stack>(perk(db, ['stack', 'macys', '200', '--card', 'chase-freedom-flex', '--portal', 'rakuten', '--json']));
    expect(before.options[0]?.components.find((c) => c.source === 'card')).toEqual({ source: 'card', id: 'chase-freedom-flex', currency: 'UR', units: 1000, value_cents: 1000 });
    expect(before.options[0]?.total_value_cents).toBe(3000);
    expect(perk(db, ['wallet', 'add', 'chase-sapphire-preferred']).code).toBe(0);
    const after = json<Stack>(perk(db, ['stack', 'macys', '200', '--card', 'chase-freedom-flex', '--portal', 'rakuten', '--json']));
    expect(after.options[0]?.total_value_cents).toBe(4050);
  });

  it('9.1 perk value UR --json marks transfer unavailable (requires a Sapphire or Ink Preferred); --path UR=transfer is exit 2 naming the cards', () => {
    const db = freshDb();
    const v = json<{ paths: Array<{ path: string; available: boolean; requires?: string[]; default: boolean }> }>(perk(db, ['value', 'UR', '--json']));
    expect(v.paths.find((p) => p.path === 'transfer')).toMatchObject({
      available: false,
      requires: ['chase-sapphire-preferred', 'chase-sapphire-reserve', 'chase-ink-preferred'],
    });
    expect(v.paths.find((p) => p.default)?.path).toBe('cash');
    const bad = perk(db, ['stack', 'macys', '200', '--path', 'UR=transfer', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/UR path "transfer" needs one of chase-sapphire-preferred, chase-sapphire-reserve, chase-ink-preferred/);
  });

  it('9.3 Olive Garden $64.20 is a dining purchase: the Rakuten dining rate applies without a flag and the best is $8.35', () => {
    const db = freshDb();
    const r = json<Stack>(perk(db, ['stack', 'olive-garden', '64.20', '--json']));
    expect(r.channel).toBe('dining');
    expect(r.options[0]).toMatchObject({ card: 'amex-gold', portal: 'rakuten', total_value_cents: 835 });
  });

  it('9.3 order add olive-garden 64.20 --portal rakuten keeps the dining channel found from the category: 5% dining rate $3.21 + Rakuten Amex 5% $3.21 = $6.42', () => {
    type Added = { order: { channel: string; expected_cents: number } };
    const r = json<Added>(perk(freshDb(), ['order', 'add', 'olive-garden', '64.20', '--portal', 'rakuten', '--card', 'rakuten-amex', '--json']));
    expect(r.order).toMatchObject({ channel: 'dining', expected_cents: 642 });
  });

  it("9.3 Macy's online: stack --json notes the in-store rate and the flag that uses it", () => {
    const r = json<Stack>(perk(freshDb(), ['stack', 'macys', '200', '--json']));
    expect(r.channel).toBe('online');
    expect(r.notes).toContain("Macy's also has an in-store rate: Rakuten 3% (add --in-store to use it).");
    expect(perk(freshDb(), ['stack', 'macys', '200', '--online', '--dining']).code).toBe(2);
  });

  it('9.4 hotels.com 600 --via c1_travel --category hotel: Venture X alone, no portal or click-through offer: 10x = 6,000 C1 = $111.00', () => {
    const db = freshDb();
    expect(perk(db, ['load', 'data/examples/offers.json']).code).toBe(0);
    const r = json<Stack>(perk(db, ['stack', 'hotels.com', '600', '--via', 'c1_travel', '--category', 'hotel', '--json']));
    expect(r.options.map((o) => [o.card, o.portal, o.click_through, o.total_value_cents])).toEqual([['c1-venture-x', null, null, 11100]]);
    const plain = json<Stack>(perk(db, ['stack', 'hotels.com', '600', '--via', 'c1_travel', '--json']));
    expect(plain.notes.join(' ')).toMatch(/Hotels.com is a travel site: a booking through c1_travel earns by what you book/);
  });

  it('9.4 --via amex_travel with only Freedom Flex is exit 2 naming the cards that can book there', () => {
    const r = perk(freshDb(), ['stack', 'hotels.com', '600', '--via', 'amex_travel', '--card', 'chase-freedom-flex']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/can book through amex_travel.*amex-platinum/);
  });

  it("9.5 hotels-com 600 --card chase-sapphire-reserve --no-portal: a travel site earns 1x (600 UR = $12.30 at transfer 2.05¢, the Reserve asked about counts as held), not 4x (2,400 UR)", () => {
    const r = json<Stack>(perk(freshDb(), ['stack', 'hotels-com', '600', '--card', 'chase-sapphire-reserve', '--no-portal', '--json']));
    expect(r.options[0]?.components).toEqual([{ source: 'card', id: 'chase-sapphire-reserve', currency: 'UR', units: 600, value_cents: 1230 }]);
  });

  it('9.1 marriott 600 --card chase-sapphire-reserve: a card named with --card counts as held, so its 2,400 UR (4x hotel) are $49.20 at transfer', () => {
    const r = json<Stack>(perk(freshDb(), ['stack', 'marriott', '600', '--card', 'chase-sapphire-reserve', '--no-portal', '--json']));
    expect(r.options[0]?.components[0]).toMatchObject({ units: 2400, value_cents: 4920 });
  });

  it('9.4 order add with --via and --portal, or --via with a card that cannot book there, is exit 2 and logs nothing', () => {
    const db = freshDb();
    for (const args of [
      ['order', 'add', 'marriott', '500', '--via', 'c1_travel', '--card', 'c1-venture-x', '--portal', 'rakuten'],
      ['order', 'add', 'marriott', '500', '--via', 'c1_travel', '--card', 'amex-gold'],
    ]) {
      const r = perk(db, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/c1_travel/);
    }
    expect(json<{ orders: unknown[] }>(perk(db, ['order', 'list', '--json'])).orders).toEqual([]);
    expect(perk(db, ['order', 'add', 'marriott', '500', '--via', 'c1_travel', '--card', 'c1-venture-x', '--category', 'hotel']).code).toBe(0);
  });

  it('9.6 the seeded data has no offers or promos; an offer loaded with added: false is counted with "add … before you pay", and perk offers marks it', () => {
    const db = freshDb();
    expect(json<{ offers: unknown[] }>(perk(db, ['offers', '--json'])).offers).toEqual([]);
    const file = path.join(dir, 'not-added.json');
    const offers = JSON.parse(fs.readFileSync('data/examples/offers.json', 'utf8')) as { offers: Array<Record<string, unknown>> };
    fs.writeFileSync(file, JSON.stringify({ offers: offers.offers.map((o) => (o.id === 'amex-macys-25' ? { ...o, added: false } : o)) }));
    expect(perk(db, ['load', file]).code).toBe(0);
    const r = json<Stack>(perk(db, ['stack', 'macys', '200', '--card', 'amex-gold', '--json']));
    const withOffer = r.options.find((o) => o.offer === 'amex-macys-25');
    expect(withOffer?.warnings).toContain('add amex-macys-25 to amex-gold before you pay');
    const list = perk(db, ['offers']);
    expect(list.stdout).toMatch(/amex-macys-25.*not added/);
  });

  it("9.7 macys 200 --promo SAVE10 --card rakuten-amex: with the cash back voided the card earns 1% of $190 ($1.90), total $11.90", () => {
    const db = freshDb();
    expect(perk(db, ['load', 'data/examples/promos.json']).code).toBe(0);
    const r = json<Stack>(perk(db, ['stack', 'macys', '200', '--promo', 'SAVE10', '--card', 'rakuten-amex', '--portal', 'rakuten', '--json']));
    const voided = r.options.find((o) => o.promos.includes('SAVE10'));
    expect(voided?.components.find((c) => c.source === 'card')?.units).toBe(190);
    expect(voided?.total_value_cents).toBe(1190);
  });

  it('9.8 Rakuten excludes gift cards: a gift-card purchase gets $0.00 from Rakuten and a warning', () => {
    const db = freshDb();
    const file = path.join(dir, 'giftshop.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        retailers: [{ id: 'giftshop', name: 'Gift Shop', category: 'gift_cards' }],
        rates: [{ portal: 'rakuten', retailer: 'giftshop', percent: 5, from: '2026-11-01', as_of: '2026-11-20' }],
      }),
    );
    expect(perk(db, ['load', file]).code).toBe(0);
    const r = json<Stack>(perk(db, ['stack', 'giftshop', '100', '--portal', 'rakuten', '--card', 'rakuten-amex', '--json']));
    expect(r.options[0]?.components.find((c) => c.source === 'portal')?.value_cents).toBe(0);
    expect(r.options[0]?.warnings.join(' ')).toMatch(/Rakuten pays no cash back on gift cards \(excluded\)/);
  });

  it('cpp.MR.transfer 1.7: compare 50 recommends transfer at 1.7¢ ($85.00), never the published 2.0¢ of a U.S.-airline transfer', () => {
    const db = freshDb();
    expect(perk(db, ['config', 'set', 'cpp.MR.transfer', '1.7']).code).toBe(0);
    const r = json<{ best: unknown; recommendation: string }>(perk(db, ['compare', '50', '--json']));
    expect(r.best).toEqual({ currency: 'MR', path: 'transfer', value_cents: 8500 });
    expect(r.recommendation).not.toMatch(/2(\.0)?¢/);
  });

  it("a miles portal's balance reads in miles: Macy's $200 at AAdvantage 4 miles/$ is 800 AA in order add, order list and payout, never $8.00", () => {
    const db = freshDb();
    const added = perk(db, ['order', 'add', 'macys', '200', '--portal', 'aadvantage', '--card', 'amex-gold']);
    expect(added.stdout).toMatch(/expected cash back: 800 AA \(4 miles\/\$\)/);
    for (const args of [['order', 'list'], ['payout', '--portal', 'aadvantage']]) {
      const r = perk(db, args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/800 AA/);
      expect(r.stdout).not.toMatch(/\$8\.00/);
    }
    // Confirmed short (700 of 800 miles): the confirmation and its warning read in miles too.
    const confirmed = perk(db, ['order', 'confirm', '1', '--cashback', '7']);
    expect(confirmed.stdout).toMatch(/credited 700 AA/);
    expect(confirmed.stderr).toMatch(/credited 100 AA less than the 800 AA expected/);
    expect(confirmed.stdout + confirmed.stderr).not.toMatch(/\$7\.00|\$8\.00/);
  });

  it('order import totals only cash: a miles-portal order (800 AA) adds nothing to the dollars expected', () => {
    const db = freshDb();
    const csv = path.join(dir, `orders-${n}.csv`);
    fs.writeFileSync(csv, 'date,retailer,amount,card,portal\n2026-11-20,macys,200,amex-gold,aadvantage\n2026-11-20,macys,100,amex-gold,rakuten\n');
    const r = json<{ imported: number; expected_cents: number }>(perk(db, ['order', 'import', csv, '--json']));
    const orders = json<{ orders: Array<{ portal: string; expected_cents: number }> }>(perk(db, ['order', 'list', '--json'])).orders;
    expect(orders.find((o) => o.portal === 'aadvantage')?.expected_cents).toBe(800);
    expect(r.imported).toBe(2);
    expect(r.expected_cents).toBe(orders.find((o) => o.portal === 'rakuten')?.expected_cents);
    expect(r.expected_cents).toBeGreaterThan(0);
  });

  it('9.2 Rakuten → Bilt without a Palladium: compare 50 shows 2,500 BILT (0.5 per cent); config portal.rakuten.units.BILT 1 makes it 5,000', () => {
    const db = freshDb();
    type Cmp = { options: Array<{ currency: string; units: number }> };
    expect(json<Cmp>(perk(db, ['compare', '50', '--json'])).options.find((o) => o.currency === 'BILT')?.units).toBe(2500);
    expect(perk(db, ['config', 'set', 'portal.rakuten.units.BILT', '1']).code).toBe(0);
    expect(json<Cmp>(perk(db, ['compare', '50', '--json'])).options.find((o) => o.currency === 'BILT')?.units).toBe(5000);
  });
});
