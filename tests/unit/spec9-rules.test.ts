/**
 * SPEC section 9 (the rules a rewards expert expects), in core: wallet-gated redemption paths, payout
 * units by wallet, channels, travel-portal bookings, travel sites, offers that must be added, a portal's
 * own card bonus, portal exclusions, and no recommendation on a published cpp the user replaced.
 */
import { describe, expect, it } from 'vitest';
import { compareCashback } from '../../src/core/compare.js';
import { stackChannel } from '../../src/core/rates.js';
import { cardsBookingVia, computeStack, otherChannelNotes } from '../../src/core/stack.js';
import type { Card, Currency, Portal } from '../../src/core/types.js';
import { resolvePath, valueCurrency } from '../../src/core/valuation.js';
import { holdings, unitsPerCent } from '../../src/core/wallet.js';
import { AMEX_GOLD, AMEX_GREEN, AMEX_MACYS_25, FREEDOM_FLEX, input, RAKUTEN, RAKUTEN_AMEX, rate, SAVE10, VENTURE_X } from '../helpers/fixtures.js';

const SAPPHIRES = ['chase-sapphire-preferred', 'chase-sapphire-reserve', 'chase-ink-preferred'];
const UR: Currency = {
  code: 'UR',
  name: 'Ultimate Rewards',
  paths: { cash: 1, amazon: 0.8, travel_portal: 1, transfer: { cpp: 2.05, requires: SAPPHIRES } },
  default_path: 'transfer',
};
const MR: Currency = {
  code: 'MR',
  name: 'Membership Rewards',
  paths: {
    statement_credit: 0.6,
    schwab: { tiers: [{ up_to_units: 1_000_000, cpp: 1.1 }, { cpp: 0.8 }], requires: ['amex-schwab-platinum'] },
    transfer: 2,
    transfer_us_airline: { cpp: 2, fee_per_unit_cents: 0.06, fee_max_cents: 9900, variant_of: 'transfer' },
  },
  default_path: 'transfer',
};
const BILT: Currency = { code: 'BILT', name: 'Bilt', paths: { rent: 0.55, transfer: 2.2 }, default_path: 'transfer' };
const SAPPHIRE_PREFERRED: Card = {
  id: 'chase-sapphire-preferred',
  issuer: 'chase',
  name: 'Sapphire Preferred',
  currency: 'UR',
  annual_fee_cents: 9500,
  base: 1,
  earn: [{ category: 'dining', multiplier: 3 }],
};
const SAPPHIRE_RESERVE: Card = {
  id: 'chase-sapphire-reserve',
  issuer: 'chase',
  name: 'Sapphire Reserve',
  currency: 'UR',
  annual_fee_cents: 79500,
  base: 1,
  earn: [
    { category: 'airfare', multiplier: 4 },
    { category: 'hotel', multiplier: 4 },
  ],
};
const held = (...cards: Card[]) => holdings(cards, []);
const ur = (...cards: Card[]) => ({ currencies: [MR, UR, BILT], held: held(...cards), cards: [FREEDOM_FLEX] });
const macys10 = [rate('rakuten', 'macys', 10)];

describe('9.1 redemption paths depend on the wallet', () => {
  it("Freedom Flex at Macy's $200 (no portal): 1,000 UR worth $10.00 at cash 1.0¢ without a Sapphire", () => {
    const r = computeStack(input({ ...ur(FREEDOM_FLEX), portal: false }));
    expect(r.options[0]?.components).toEqual([{ source: 'card', id: 'chase-freedom-flex', currency: 'UR', units: 1000, value_cents: 1000 }]);
    expect(r.paths).toEqual([{ currency: 'UR', path: 'cash', cpp: 1 }]);
  });

  it("Freedom Flex at Macy's $200 (no portal): the same 1,000 UR worth $20.50 at transfer 2.05¢ with a Sapphire Preferred in the wallet", () => {
    const r = computeStack(input({ ...ur(FREEDOM_FLEX, SAPPHIRE_PREFERRED), portal: false }));
    expect(r.options[0]?.total_value_cents).toBe(2050);
    expect(r.paths).toEqual([{ currency: 'UR', path: 'transfer', cpp: 2.05 }]);
  });

  it("Freedom Flex through Rakuten 10% at Macy's $200: $20.00 + $10.00 = $30.00 alone, $20.00 + $20.50 = $40.50 with a Sapphire Reserve", () => {
    expect(computeStack(input({ ...ur(FREEDOM_FLEX), rates: macys10, portal: 'rakuten' })).options[0]?.total_value_cents).toBe(3000);
    expect(computeStack(input({ ...ur(FREEDOM_FLEX, SAPPHIRE_RESERVE), rates: macys10, portal: 'rakuten' })).options[0]?.total_value_cents).toBe(4050);
  });

  it('an empty wallet holds the whole catalog, so the Sapphire in the catalog unlocks transfer', () => {
    const everything = holdings([], [FREEDOM_FLEX, SAPPHIRE_PREFERRED]);
    expect(resolvePath(UR, {}, {}, everything).choice.path).toBe('transfer');
  });

  it('a configured path the wallet cannot use is skipped with a note; the default (available) applies', () => {
    const r = resolvePath(MR, { 'path.MR': 'schwab' }, {}, held(AMEX_GOLD));
    expect(r.choice.path).toBe('transfer');
    expect(r.skipped).toEqual({ currency: 'MR', path: 'schwab', requires: ['amex-schwab-platinum'] });
    const stack = computeStack(input({ currencies: [MR], held: held(AMEX_GOLD), config: { 'path.MR': 'schwab' }, portal: false }));
    expect(stack.notes.join(' ')).toMatch(/schwab.*amex-schwab-platinum/);
    // 200 MR at transfer 2.0¢ = $4.00, not 200 × 1.1¢.
    expect(stack.options[0]?.total_value_cents).toBe(400);
  });

  it('with no available path named, the best available path for 10,000 units applies (UR: cash 1.0¢ beats amazon 0.8¢; ties by id)', () => {
    expect(resolvePath(UR, {}, {}, held(FREEDOM_FLEX)).choice.path).toBe('cash');
    const tie: Currency = { code: 'X', name: 'X', paths: { b: 1, a: 1, t: { cpp: 3, requires: ['nope'] } }, default_path: 't' };
    expect(resolvePath(tie, {}, {}, held(FREEDOM_FLEX)).choice.path).toBe('a');
  });

  it('perk value marks each path available or not, with the cards that unlock it', () => {
    const v = valueCurrency(UR, 10_000, {}, {}, held(FREEDOM_FLEX));
    const transfer = v.paths.find((p) => p.path === 'transfer');
    expect(transfer).toMatchObject({ available: false, requires: SAPPHIRES, value_cents: 20500, default: false });
    expect(v.paths.find((p) => p.default)).toMatchObject({ path: 'cash', value_cents: 10000, available: true });
  });
});

describe('9.2 payout units can depend on the wallet', () => {
  const rakutenBilt: Portal = { ...RAKUTEN, payout_options: { USD: 1, MR: 1, BILT: [{ units: 1, requires: ['bilt-palladium'] }, { units: 0.5 }] } };
  const palladium: Card = { id: 'bilt-palladium', issuer: 'bilt', name: 'Palladium', currency: 'BILT', annual_fee_cents: 49500, base: 2, earn: [] };

  it('Rakuten → Bilt: 0.5 points per cent (Blue) without a Palladium, 1 (Gold) with one; config portal.rakuten.units.BILT overrides', () => {
    expect(unitsPerCent(rakutenBilt, 'BILT', held(AMEX_GOLD))).toBe(0.5);
    expect(unitsPerCent(rakutenBilt, 'BILT', held(palladium))).toBe(1);
    expect(unitsPerCent(rakutenBilt, 'BILT', held(AMEX_GOLD), { 'portal.rakuten.units.BILT': '1' })).toBe(1);
  });

  it("Macy's $200 at Rakuten 10% paid in Bilt: $20.00 is 1,000 BILT ($22.00) for Blue members, 2,000 BILT ($44.00) with a Palladium", () => {
    const base = { portals: [rakutenBilt], currencies: [BILT], rates: macys10, payout: 'BILT', portal: 'rakuten' as const };
    const blue = computeStack(input({ ...base, held: held(AMEX_GOLD) })).options[0]?.components[0];
    expect(blue).toMatchObject({ source: 'portal', currency: 'BILT', units: 1000, value_cents: 2200 });
    const gold = computeStack(input({ ...base, held: held(AMEX_GOLD, palladium) })).options[0]?.components[0];
    expect(gold).toMatchObject({ units: 2000, value_cents: 4400 });
  });

  it('compare $50 at Rakuten: Bilt is 2,500 points with a break-even of 2.0¢ for a Blue member', () => {
    const r = compareCashback({ portal: rakutenBilt, cash_cents: 5000, currencies: new Map([['BILT', BILT]]), config: {}, walletCurrencies: new Set(['MR']), held: held(AMEX_GOLD) });
    expect(r.options.find((o) => o.currency === 'BILT')).toMatchObject({ units: 2500, break_even_cpp: 2 });
  });
});

describe('9.3 channels are found, not guessed', () => {
  it('a dining category (or below it) stacks on the dining channel unless a flag says otherwise', () => {
    expect(stackChannel(undefined, ['food_delivery', 'dining'])).toBe('dining');
    expect(stackChannel(undefined, ['department_store'])).toBe('online');
    expect(stackChannel('online', ['dining'])).toBe('online');
  });

  it("Macy's online with an in-store rate of 3%: a note names the channel, its best rate and the flag", () => {
    const rates = [...macys10, rate('rakuten', 'macys', 3, { channel: 'in_store' }), rate('topcashback', 'macys', 2, { channel: 'in_store' })];
    const notes = otherChannelNotes({ ...input({ rates }), channel: 'online' });
    expect(notes).toEqual(["Macy's also has an in-store rate: Rakuten 3% (add --in-store to use it)."]);
    expect(computeStack(input({ rates })).notes).toContain(notes[0]);
  });
});

describe('9.4 a travel-portal booking is not a purchase at the retailer', () => {
  const hotels = { id: 'hotels-com', name: 'Hotels.com', category: 'hotel' };
  it('--via c1_travel: only Venture X, no portal, offer or promo; $600 hotel at 10x = 6,000 C1 = $111.00', () => {
    const r = computeStack(
      input({
        retailer: hotels,
        category: 'hotel',
        chain: ['hotel', 'travel'],
        amount_cents: 60000,
        cards: [VENTURE_X, AMEX_GOLD],
        via: 'c1_travel',
        rates: [rate('rakuten', 'hotels-com', 4), rate('topcashback', 'hotels-com', 6)],
        offers: [{ ...AMEX_MACYS_25, retailer: 'hotels-com', card: 'c1-venture-x', click_through: true, kind: 'percent', percent: 6 }],
        promos: [{ ...SAVE10, retailer: 'hotels-com' }],
        promoCodes: ['SAVE10'],
      }),
    );
    expect(r.options).toHaveLength(1);
    expect(r.options[0]).toMatchObject({ card: 'c1-venture-x', portal: null, click_through: null, offer: null, promos: [], total_value_cents: 11100 });
    expect(r.notes.join(' ')).toMatch(/Promo codes do not apply to a booking through c1_travel/);
  });

  it('cardsBookingVia names the cards with an earn rule through that portal', () => {
    expect(cardsBookingVia([AMEX_GOLD, VENTURE_X, FREEDOM_FLEX], 'c1_travel').map((c) => c.id)).toEqual(['c1-venture-x']);
  });
});

describe('9.5 travel sites are travel_agency: hotel and airfare rules do not match, travel rules do', () => {
  const hotelsCom = { id: 'hotels-com', name: 'Hotels.com', category: 'travel_agency' };
  const base = { retailer: hotelsCom, category: 'travel_agency', chain: ['travel_agency', 'travel'], amount_cents: 60000, portal: false as const };
  it('Hotels.com $600 with the Sapphire Reserve: 1x = 600 UR, not 4x', () => {
    const r = computeStack(input({ ...base, cards: [SAPPHIRE_RESERVE], currencies: [UR], held: held(SAPPHIRE_RESERVE) }));
    expect(r.options[0]?.components[0]).toMatchObject({ units: 600, value_cents: 1230 });
  });
  it('Hotels.com $600 with the Amex Green: 3x travel = 1,800 MR = $36.00', () => {
    const r = computeStack(input({ ...base, cards: [AMEX_GREEN], currencies: [MR] }));
    expect(r.options[0]?.components[0]).toMatchObject({ units: 1800, value_cents: 3600 });
  });
});

describe('9.6 offers must be added to the card', () => {
  it("a not-added Amex Offer at Macy's is still counted ($25.00), with the warning to add it first", () => {
    const r = computeStack(input({ offers: [{ ...AMEX_MACYS_25, added: false }], portal: false }));
    expect(r.options[0]?.offer).toBe('amex-macys-25');
    expect(r.options[0]?.warnings).toContain('add amex-macys-25 to amex-gold before you pay');
    const added = computeStack(input({ offers: [AMEX_MACYS_25], portal: false }));
    expect(added.options[0]?.warnings).toEqual([]);
  });
});

describe("9.7 a portal's own card bonus needs the portal to credit the order", () => {
  it("Macy's $200, Rakuten 10%, SAVE10 voids the cash back: the Rakuten Amex earns 1% on $190 ($1.90), not +4% ($7.60): $11.90", () => {
    const r = computeStack(input({ cards: [RAKUTEN_AMEX], rates: macys10, promos: [SAVE10], promoCodes: ['SAVE10'], portal: 'rakuten' }));
    const voided = r.options.find((o) => o.promos.includes('SAVE10'));
    expect(voided?.components).toEqual([
      { source: 'promo', id: 'SAVE10', currency: 'USD', units: 1000, value_cents: 1000 },
      { source: 'portal', id: 'rakuten', currency: 'USD', units: 0, value_cents: 0 },
      { source: 'card', id: 'rakuten-amex', currency: 'USD', units: 190, value_cents: 190 },
    ]);
    expect(voided?.total_value_cents).toBe(1190);
    // Without the code Rakuten credits the order: $20.00 + 4% of $200 = $28.00.
    expect(r.options[0]).toMatchObject({ promos: [], total_value_cents: 2800 });
  });

  it('a zero rate credits nothing, so the +4% does not apply either: $200 earns 1% = $2.00', () => {
    const r = computeStack(input({ cards: [RAKUTEN_AMEX], rates: [rate('rakuten', 'macys', 0)], portal: 'rakuten' }));
    expect(r.options[0]?.total_value_cents).toBe(200);
  });
});

describe('9.8 portal exclusions', () => {
  it('Rakuten excludes gift cards: a $100 gift-card purchase at a 5% store earns $0.00 from Rakuten, with a warning, and no +4% card bonus', () => {
    const giftShop = { id: 'giftcards-com', name: 'GiftCards.com', category: 'gift_cards' };
    const r = computeStack(
      input({
        retailer: giftShop,
        category: 'gift_cards',
        chain: ['gift_cards'],
        amount_cents: 10000,
        cards: [RAKUTEN_AMEX],
        portals: [{ ...RAKUTEN, excludes: ['gift_cards'] }],
        rates: [rate('rakuten', 'giftcards-com', 5)],
        portal: 'rakuten',
      }),
    );
    expect(r.options[0]?.components.map((c) => c.value_cents)).toEqual([0, 100]);
    expect(r.options[0]?.warnings.join(' ')).toMatch(/Rakuten pays no cash back on gift cards \(excluded\)/);
  });
});

describe("no recommendation uses a published cpp the user replaced", () => {
  it('cpp.MR.transfer 1.7: compare $50 values 5,000 MR at 1.7¢ for transfers to U.S. airlines too ($85.00 − $3.00 fee = $82.00), and recommends transfer at $85.00', () => {
    const r = compareCashback({
      portal: RAKUTEN,
      cash_cents: 5000,
      currencies: new Map([['MR', MR]]),
      config: { 'cpp.MR.transfer': '1.7' },
      walletCurrencies: new Set(['MR']),
      held: held(AMEX_GOLD),
    });
    const mr = r.options.find((o) => o.currency === 'MR');
    expect(mr?.paths.find((p) => p.path === 'transfer_us_airline')).toMatchObject({ cpp: 1.7, value_cents: 8200, user: true });
    expect(r.best).toEqual({ currency: 'MR', path: 'transfer', value_cents: 8500 });
    expect(r.recommendation).not.toMatch(/\b2(\.0)?¢/);
  });

  it('compare never recommends a path the wallet cannot use: Schwab is listed but not chosen without the Schwab Platinum', () => {
    const onlySchwab: Currency = { ...MR, paths: { statement_credit: 0.6, schwab: { tiers: [{ cpp: 1.1 }], requires: ['amex-schwab-platinum'] } }, default_path: 'statement_credit' };
    const r = compareCashback({ portal: RAKUTEN, cash_cents: 5000, currencies: new Map([['MR', onlySchwab]]), config: {}, walletCurrencies: new Set(['MR']), held: held(AMEX_GOLD) });
    expect(r.best).toEqual({ currency: 'USD', path: 'cash', value_cents: 5000 });
  });
});
