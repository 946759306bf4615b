import { describe, expect, it } from 'vitest';
import { formatRatePercent } from '../../src/core/money.js';
import { computeStack, type StackOption, type StackResult } from '../../src/core/stack.js';
import type { Offer, Promo } from '../../src/core/types.js';
import {
  AMEX_BBP,
  AMEX_GOLD,
  AMEX_GREEN,
  AMEX_MACYS_25,
  C1_MACYS_5,
  FREEDOM_FLEX,
  NORDSTROM,
  QUARTERLY,
  QUICKSILVER,
  RAKUTEN_AMEX,
  SAVE10,
  VENTURE_X,
  chainOf,
  input,
  order,
  rate,
} from '../helpers/fixtures.js';

type Where = { card?: string; portal?: string | null; click?: string | null; promos?: string[]; voided?: boolean };

function pick(result: StackResult, where: Where): StackOption {
  const found = result.options.filter(
    (o) =>
      (where.card === undefined || o.card === where.card) &&
      (where.portal === undefined || o.portal === where.portal) &&
      (where.click === undefined || o.click_through === where.click) &&
      (where.promos === undefined || o.promos.join(',') === where.promos.join(',')) &&
      (where.voided === undefined || o.warnings.some((w) => w.includes('may void')) === where.voided),
  );
  expect(found, JSON.stringify(where)).toHaveLength(1);
  return found[0]!;
}

const comp = (o: StackOption, source: string, id?: string) =>
  o.components.find((c) => c.source === source && (id === undefined || c.id === id));

describe('computeStack: SPEC section 5 example and DOMAIN worked examples', () => {
  it('SPEC: $200 at Macy\'s, Rakuten 6% paid in MR, Amex Offer $25, Amex Gold', () => {
    const result = computeStack(
      input({
        rates: [rate('rakuten', 'macys', 6)],
        offers: [AMEX_MACYS_25],
        config: { 'portal.rakuten.payout': 'MR' },
      }),
    );
    const best = result.options[0]!;
    expect(best).toMatchObject({
      rank: 1,
      card: 'amex-gold',
      portal: 'rakuten',
      payout: 'MR',
      promos: [],
      charged_cents: 20000,
      total_value_cents: 5250,
      effective_rate: 0.2625,
      warnings: [],
    });
    expect(best.components).toEqual([
      { source: 'portal', id: 'rakuten', currency: 'MR', units: 1200, value_cents: 2400 },
      { source: 'offer', id: 'amex-macys-25', currency: 'USD', units: 2500, value_cents: 2500 },
      { source: 'card', id: 'amex-gold', currency: 'MR', units: 175, value_cents: 350 },
    ]);
    expect(best.explanation).toBe('Rakuten 6% as 1,200 MR ($24.00) + Amex Offer $25.00 + 175 MR ($3.50) = $52.50, 26.3%');
    expect(result).toMatchObject({
      date: '2026-11-21',
      retailer: { id: 'macys', name: "Macy's", category: 'department_store' },
      amount_cents: 20000,
    });
    // No portal: the offer and the earn on $175.
    expect(pick(result, { portal: null }).total_value_cents).toBe(2500 + 350);
  });

  it('DOMAIN 1: $500 at 3% Rakuten with the Rakuten Amex card = $15 + $20 = $35 (7%)', () => {
    const result = computeStack(
      input({ retailer: NORDSTROM, amount_cents: 50000, cards: [RAKUTEN_AMEX], rates: [rate('rakuten', 'nordstrom', 3)] }),
    );
    const best = result.options[0]!;
    expect(best.portal).toBe('rakuten');
    expect(best.components).toEqual([
      { source: 'portal', id: 'rakuten', currency: 'USD', units: 1500, value_cents: 1500 },
      { source: 'card', id: 'rakuten-amex', currency: 'USD', units: 2000, value_cents: 2000 },
    ]);
    expect(best.total_value_cents).toBe(3500);
    expect(best.effective_rate).toBe(0.07);
    // Without Rakuten the card earns its base 1%.
    expect(pick(result, { portal: null }).total_value_cents).toBe(500);
  });

  it('pays_via: the Rakuten Amex earn joins the Rakuten balance and follows its MR payout', () => {
    const result = computeStack(
      input({
        retailer: NORDSTROM,
        amount_cents: 50000,
        cards: [RAKUTEN_AMEX],
        heldCurrencies: ['USD', 'MR'],
        rates: [rate('rakuten', 'nordstrom', 3)],
        payout: 'MR',
      }),
    );
    const best = pick(result, { portal: 'rakuten' });
    expect(best.components).toEqual([
      { source: 'portal', id: 'rakuten', currency: 'MR', units: 1500, value_cents: 3000 },
      { source: 'card', id: 'rakuten-amex', currency: 'MR', units: 2000, value_cents: 4000 },
    ]);
    expect(best.total_value_cents).toBe(7000);
    // Not through Rakuten, the earn stays the card's own USD.
    expect(comp(pick(result, { portal: null }), 'card')).toEqual({ source: 'card', id: 'rakuten-amex', currency: 'USD', units: 500, value_cents: 500 });
  });

  it('DOMAIN 2: $100 at a 10% store = $10 cash or 1,000 MR', () => {
    const base = { amount_cents: 10000, rates: [rate('rakuten', 'macys', 10)] };
    const cash = pick(computeStack(input(base)), { portal: 'rakuten' });
    expect(comp(cash, 'portal')).toEqual({ source: 'portal', id: 'rakuten', currency: 'USD', units: 1000, value_cents: 1000 });
    const mr = pick(computeStack(input({ ...base, payout: 'MR' })), { portal: 'rakuten' });
    expect(comp(mr, 'portal')).toEqual({ source: 'portal', id: 'rakuten', currency: 'MR', units: 1000, value_cents: 2000 });
  });

  it('DOMAIN 3: $100 with a $20 Amex Offer on a 1x MR card = 80 points plus the $20 credit', () => {
    const offer: Offer = { ...AMEX_MACYS_25, id: 'amex-20', min_spend_cents: 10000, credit_cents: 2000 };
    const o = pick(computeStack(input({ amount_cents: 10000, offers: [offer] })), { portal: null });
    expect(o.components).toEqual([
      { source: 'offer', id: 'amex-20', currency: 'USD', units: 2000, value_cents: 2000 },
      { source: 'card', id: 'amex-gold', currency: 'MR', units: 80, value_cents: 160 },
    ]);
    expect(o.offer).toBe('amex-20');
  });

  it('DOMAIN 4: Freedom Flex 5% on the first $1,500 of the quarter, then 1%', () => {
    const o = computeStack(input({ amount_cents: 200000, cards: [FREEDOM_FLEX] })).options[0]!;
    expect(comp(o, 'card')?.units).toBe(7500 + 500); // $1,500 × 5 + $500 × 1
    expect(o.warnings.some((w) => w.includes('uses up chase-freedom-flex'))).toBe(true);
  });
});

describe('computeStack: caps', () => {
  it('a cap crossed mid-purchase: the rest earns at the next rule (and a warning)', () => {
    const orders = [
      order('chase-freedom-flex', '2026-10-15', 100000),
      order('chase-freedom-flex', '2026-10-16', 90000, { status: 'ineligible' }),
      order('chase-freedom-flex', '2026-09-30', 90000), // last quarter
    ];
    const o = computeStack(input({ amount_cents: 80000, cards: [FREEDOM_FLEX], ordersByCard: { 'chase-freedom-flex': orders } })).options[0]!;
    // $500 left at 5x = 2,500, $300 at 1x = 300.
    expect(comp(o, 'card')).toEqual({ source: 'card', id: 'chase-freedom-flex', currency: 'UR', units: 2800, value_cents: 5740 });
    expect(o.warnings).toEqual([
      "this purchase uses up chase-freedom-flex's 5x department_store cap: $500.00 left of $1,500.00 until 2026-12-31; the rest earns less",
    ]);
  });

  it('a purchase that stays under the cap earns the full rate without a warning', () => {
    const o = computeStack(input({ amount_cents: 40000, cards: [FREEDOM_FLEX], ordersByCard: { 'chase-freedom-flex': [order('chase-freedom-flex', '2026-10-15', 100000)] } })).options[0]!;
    expect(comp(o, 'card')?.units).toBe(2000);
    expect(o.warnings).toEqual([]);
  });

  it('a yearly cap resets on January 1 (Dec 31 → Jan 1)', () => {
    const ordersByCard = { 'amex-bbp': [order('amex-bbp', '2026-06-01', 5_000_000)] };
    const dec31 = computeStack(input({ date: '2026-12-31', amount_cents: 10000, cards: [AMEX_BBP], ordersByCard })).options[0]!;
    expect(comp(dec31, 'card')?.units).toBe(100);
    expect(dec31.warnings).toEqual([]); // the cap was already used up before this purchase
    const jan1 = computeStack(input({ date: '2027-01-01', amount_cents: 10000, cards: [AMEX_BBP], ordersByCard })).options[0]!;
    expect(comp(jan1, 'card')?.units).toBe(200);
  });

  it('a quarterly cap resets at the quarter end (Sep 30 → Oct 1)', () => {
    const ordersByCard = { quarterly: [order('quarterly', '2026-07-01', 100000), order('quarterly', '2026-09-15', 50000)] };
    const sep30 = computeStack(input({ date: '2026-09-30', amount_cents: 10000, cards: [QUARTERLY], ordersByCard })).options[0]!;
    expect(comp(sep30, 'card')?.units).toBe(100);
    const oct1 = computeStack(input({ date: '2026-10-01', amount_cents: 10000, cards: [QUARTERLY], ordersByCard })).options[0]!;
    expect(comp(oct1, 'card')?.units).toBe(500);
  });

  it('cap use counts only orders the rule matches (category of each order)', () => {
    const ordersByCard = { quarterly: [order('quarterly', '2026-10-02', 150000, { category: 'apparel' })] };
    const o = computeStack(input({ date: '2026-10-03', amount_cents: 10000, cards: [QUARTERLY], ordersByCard })).options[0]!;
    expect(comp(o, 'card')?.units).toBe(500);
  });
});

describe('computeStack: earn rules', () => {
  it('a rule for an ancestor category matches (travel → airfare)', () => {
    const airfare = computeStack(input({ amount_cents: 10000, cards: [AMEX_GREEN], category: 'airfare', chain: chainOf('airfare') })).options[0]!;
    expect(comp(airfare, 'card')?.units).toBe(300);
    const store = computeStack(input({ amount_cents: 10000, cards: [AMEX_GREEN] })).options[0]!;
    expect(comp(store, 'card')?.units).toBe(100);
  });

  it('a via rule needs --via (issuer travel portal) …', () => {
    const hotel = { amount_cents: 20000, cards: [VENTURE_X], category: 'hotel', chain: chainOf('hotel') };
    expect(comp(computeStack(input(hotel)).options[0]!, 'card')?.units).toBe(400);
    expect(comp(computeStack(input({ ...hotel, via: 'c1_travel' })).options[0]!, 'card')?.units).toBe(2000);
    // SPEC 9.4: a booking through amex_travel is not open to a card without an amex_travel rule.
    expect(computeStack(input({ ...hotel, via: 'amex_travel' })).options).toEqual([]);
  });

  it('--via keeps only the cards that book through it, each without a portal (SPEC 9.4)', () => {
    const hotel = { amount_cents: 20000, cards: [VENTURE_X, AMEX_GOLD], category: 'hotel', chain: chainOf('hotel'), rates: [rate('rakuten', 'macys', 10)] };
    const c1 = computeStack(input({ ...hotel, via: 'c1_travel' })).options;
    expect(c1.map((o) => [o.card, o.portal])).toEqual([['c1-venture-x', null]]);
    const amex = computeStack(input({ ...hotel, via: 'amex_travel' })).options;
    expect(amex.map((o) => [o.card, o.portal])).toEqual([['amex-gold', null]]);
    expect(comp(amex[0]!, 'card')?.units).toBe(400); // 2x on $200
  });

  it('… or the option\'s shopping portal (Rakuten Amex +4% via rakuten)', () => {
    const result = computeStack(input({ cards: [RAKUTEN_AMEX], rates: [rate('rakuten', 'macys', 1), rate('topcashback', 'macys', 1)] }));
    expect(comp(pick(result, { portal: null }), 'card')?.units).toBe(200);
    expect(comp(pick(result, { portal: 'rakuten' }), 'card')?.units).toBe(800);
    expect(comp(pick(result, { portal: 'topcashback' }), 'card')?.units).toBe(200);
  });

  it('a rule outside its date window does not apply (rotating category)', () => {
    const o = computeStack(input({ date: '2027-01-02', amount_cents: 10000, cards: [FREEDOM_FLEX] })).options[0]!;
    expect(comp(o, 'card')?.units).toBe(100);
  });
});

describe('computeStack: offers', () => {
  it('a click-through offer is its own no-portal option and excludes the portals', () => {
    const result = computeStack(input({ cards: [VENTURE_X], offers: [C1_MACYS_5], rates: [rate('rakuten', 'macys', 10)] }));
    expect(result.options).toHaveLength(3);
    const click = pick(result, { click: 'c1-macys-5x2' });
    expect(click.portal).toBeNull();
    // 5% of $200 = $10 as a reward, and the card earns on the whole $200 (not a statement credit).
    expect(click.components).toEqual([
      { source: 'offer', id: 'c1-macys-5x2', currency: 'USD', units: 1000, value_cents: 1000 },
      { source: 'card', id: 'c1-venture-x', currency: 'C1', units: 400, value_cents: 740 },
    ]);
    expect(click.explanation).toBe('Capital One Offer 5% $10.00 + 400 C1 ($7.40) = $17.40, 8.7%');
    const rakuten = pick(result, { portal: 'rakuten' });
    expect(rakuten.components.map((c) => c.source)).toEqual(['portal', 'card']);
    expect(rakuten.total_value_cents).toBe(2000 + 740);
    expect(pick(result, { portal: null, click: null }).total_value_cents).toBe(740);
  });

  it('--no-portal keeps click-through options; --portal keeps only that portal', () => {
    const base = { cards: [VENTURE_X], offers: [C1_MACYS_5], rates: [rate('rakuten', 'macys', 10), rate('topcashback', 'macys', 7)] };
    expect(computeStack(input({ ...base, portal: false })).options.map((o) => o.click_through)).toEqual(['c1-macys-5x2', null]);
    expect(computeStack(input({ ...base, portal: 'topcashback' })).options.map((o) => o.portal)).toEqual(['topcashback']);
  });

  it('a portal without a rate for the retailer falls back to the no-portal options with a note', () => {
    const result = computeStack(input({ rates: [rate('rakuten', 'macys', 10)], portal: 'topcashback' }));
    expect(result.options.map((o) => o.portal)).toEqual([null]);
    expect(result.notes).toEqual(["TopCashback has no rate for Macy's on 2026-11-21; showing options without a portal."]);
  });

  it('an offer already used is skipped; one with uses left applies', () => {
    const used = computeStack(input({ offers: [AMEX_MACYS_25], offerUses: () => 1 })).options[0]!;
    expect(used.offer).toBeNull();
    expect(used.total_value_cents).toBe(400);
    const twice = computeStack(input({ offers: [{ ...AMEX_MACYS_25, max_uses: 2 }], offerUses: () => 1 })).options[0]!;
    expect(twice.offer).toBe('amex-macys-25');
  });

  it('the minimum spend is judged on the charged amount', () => {
    expect(computeStack(input({ amount_cents: 7499, offers: [AMEX_MACYS_25] })).options[0]!.offer).toBeNull();
    expect(computeStack(input({ amount_cents: 7500, offers: [AMEX_MACYS_25] })).options[0]!.offer).toBe('amex-macys-25');
  });

  it('the best of several offers of a card wins', () => {
    const small: Offer = { ...AMEX_MACYS_25, id: 'amex-macys-10', credit_cents: 1000 };
    const points: Offer = { ...AMEX_MACYS_25, id: 'amex-macys-pts', kind: 'points', points: 2000, credit_cents: undefined };
    const o = computeStack(input({ offers: [small, AMEX_MACYS_25, points] })).options[0]!;
    // 2,000 MR = $40 and the earn stays on $200 (no statement credit): 4,000 + 400 beats 2,500 + 350.
    expect(o.offer).toBe('amex-macys-pts');
    expect(o.total_value_cents).toBe(4400);
  });

  it('an offer ending within 7 days is a warning', () => {
    const soon = computeStack(input({ offers: [{ ...AMEX_MACYS_25, to: '2026-11-28' }] })).options[0]!;
    expect(soon.warnings).toEqual(['offer amex-macys-25 expires on 2026-11-28: add it to the card and use it before then']);
    const later = computeStack(input({ offers: [{ ...AMEX_MACYS_25, to: '2026-11-29' }] })).options[0]!;
    expect(later.warnings).toEqual([]);
  });
});

describe('computeStack: promos', () => {
  const base = { cards: [AMEX_GOLD], offers: [AMEX_MACYS_25], rates: [rate('rakuten', 'macys', 10)] };

  it('a code that is not portal-safe: each portal option both ways; the best wins on its merits', () => {
    const result = computeStack(input({ ...base, promoCodes: ['save10'], promos: [SAVE10] }));
    expect(result.options).toHaveLength(3);
    const keep = pick(result, { portal: 'rakuten', promos: [] });
    expect(keep.total_value_cents).toBe(2000 + 2500 + 350);
    const voided = pick(result, { portal: 'rakuten', promos: ['SAVE10'] });
    expect(voided.components).toEqual([
      { source: 'promo', id: 'SAVE10', currency: 'USD', units: 1000, value_cents: 1000 },
      { source: 'portal', id: 'rakuten', currency: 'USD', units: 0, value_cents: 0 },
      { source: 'offer', id: 'amex-macys-25', currency: 'USD', units: 2500, value_cents: 2500 },
      // earn on $190 − $25 credit = $165
      { source: 'card', id: 'amex-gold', currency: 'MR', units: 165, value_cents: 330 },
    ]);
    expect(voided.charged_cents).toBe(19000);
    expect(voided.warnings).toEqual(['promo SAVE10 is not listed on Rakuten and may void its cash back: counted as $0']);
    const none = pick(result, { portal: null });
    expect(none.total_value_cents).toBe(3830);
    // Ranks: 4,850; then 3,830 without warnings before 3,830 with one.
    expect(result.options.map((o) => [o.portal, o.promos.length, o.total_value_cents])).toEqual([
      ['rakuten', 0, 4850],
      [null, 1, 3830],
      ['rakuten', 1, 3830],
    ]);
    expect(result.promos.applied).toEqual([{ code: 'SAVE10', discount_cents: 1000, portal_safe: false }]);
  });

  it('a big code beats the portal it voids', () => {
    const big: Promo = { ...SAVE10, code: 'BIG50', amount_cents: 5000 };
    const result = computeStack(input({ ...base, rates: [rate('rakuten', 'macys', 2)], promoCodes: ['BIG50'], promos: [big] }));
    const best = result.options[0]!;
    // $50 off + $25 offer + earn on $150 − $25 = 125 MR ($2.50) = $77.50; with the portal: $4 + $25 + $3.50.
    expect([best.portal, best.total_value_cents, best.warnings]).toEqual([null, 7750, []]);
    expect(pick(result, { portal: 'rakuten', promos: [] }).total_value_cents).toBe(3250);
  });

  it('a portal-safe code keeps the portal, whose cash back is on the price after promos', () => {
    const safe: Promo = { ...SAVE10, code: 'SAFE20', kind: 'percent', percent: 20, amount_cents: undefined, portal_safe: true };
    const result = computeStack(input({ ...base, promoCodes: ['SAFE20'], promos: [safe] }));
    expect(result.options).toHaveLength(2);
    const o = pick(result, { portal: 'rakuten' });
    expect(o.components.map((c) => [c.source, c.units])).toEqual([
      ['promo', 4000],
      ['portal', 1600],
      ['offer', 2500],
      ['card', 135],
    ]);
    expect(o.total_value_cents).toBe(4000 + 1600 + 2500 + 270);
  });

  it('an invalid code is a note, not an error', () => {
    const result = computeStack(input({ ...base, amount_cents: 4000, promoCodes: ['SAVE10', 'NOPE'], promos: [SAVE10] }));
    expect(result.notes).toEqual([
      'Promo SAVE10 needs a subtotal of at least $50.00.',
      'Promo NOPE is not a stored promo code for macys (add it with "perk promo add").',
    ]);
    expect(result.options.every((o) => o.promos.length === 0)).toBe(true);
  });
});

describe('computeStack: gift card', () => {
  it('the balance is spent first; earn and offers only on the charged part; the portal on the price', () => {
    const offer: Offer = { ...AMEX_MACYS_25, id: 'qs-10', card: 'c1-quicksilver', credit_cents: 1000, min_spend_cents: 10000 };
    const result = computeStack(
      input({ amount_cents: 12000, cards: [QUICKSILVER], offers: [offer], rates: [rate('rakuten', 'macys', 5)], giftCardBalanceCents: 5000 }),
    );
    const o = pick(result, { portal: 'rakuten' });
    expect(o.gift_card_cents).toBe(5000);
    expect(o.charged_cents).toBe(7000);
    expect(o.offer).toBeNull(); // $70 charged is under the $100 minimum
    expect(o.components).toEqual([
      { source: 'portal', id: 'rakuten', currency: 'USD', units: 600, value_cents: 600 },
      { source: 'card', id: 'c1-quicksilver', currency: 'USD', units: 105, value_cents: 105 },
    ]);
  });

  it('a balance above the price charges nothing', () => {
    const o = computeStack(input({ amount_cents: 12000, cards: [QUICKSILVER], giftCardBalanceCents: 50000 })).options[0]!;
    expect([o.gift_card_cents, o.charged_cents, o.total_value_cents]).toEqual([12000, 0, 0]);
  });
});

describe('computeStack: rounding, valuation and ranking', () => {
  it('rounds half away from zero, once per component', () => {
    // 5% of $10.10 = 50.5¢ → 51¢; 1x on $10.10 = 10.1 → 10 MR.
    const a = computeStack(input({ amount_cents: 1010, rates: [rate('rakuten', 'macys', 5)] }));
    expect(comp(pick(a, { portal: 'rakuten' }), 'portal')?.units).toBe(51);
    // 1x on $11.50 = 11.5 → 12 MR (not 11); 12 MR at 0.5¢ (gift_cards) = 6¢.
    const b = computeStack(input({ amount_cents: 1150, pathOverrides: { MR: 'gift_cards' } })).options[0]!;
    expect(comp(b, 'card')).toEqual({ source: 'card', id: 'amex-gold', currency: 'MR', units: 12, value_cents: 6 });
    // 1.5% on $11.00 = 16.5¢ → 17¢.
    const c = computeStack(input({ amount_cents: 1100, cards: [QUICKSILVER] })).options[0]!;
    expect(comp(c, 'card')?.units).toBe(17);
    // 3 MR at 0.5¢ = 1.5¢ → 2¢.
    const d = computeStack(input({ amount_cents: 300, pathOverrides: { MR: 'gift_cards' } })).options[0]!;
    expect(comp(d, 'card')).toMatchObject({ units: 3, value_cents: 2 });
  });

  it('--path beats config path.CUR, which beats the default path', () => {
    const at = (o: Parameters<typeof input>[0]) => comp(computeStack(input(o)).options[0]!, 'card')?.value_cents;
    expect(at({})).toBe(400);
    expect(at({ config: { 'path.MR': 'statement_credit' } })).toBe(120);
    expect(at({ config: { 'path.MR': 'statement_credit' }, pathOverrides: { MR: 'gift_cards' } })).toBe(100);
    expect(at({ config: { 'cpp.MR.transfer': '1.5' } })).toBe(300);
  });

  it('total = sum of components; effective_rate has 4 decimals', () => {
    const o = computeStack(input({ amount_cents: 33333, offers: [AMEX_MACYS_25], rates: [rate('rakuten', 'macys', 6.5)] })).options[0]!;
    expect(o.total_value_cents).toBe(o.components.reduce((s, c) => s + c.value_cents, 0));
    // 2,167 + 2,500 + 308 MR × 2 = 5,283 / 33,333 = 0.158491… → 0.1585
    expect(o.total_value_cents).toBe(5283);
    expect(o.effective_rate).toBe(0.1585);
    expect(formatRatePercent(5283, 33333)).toBe('15.8%');
    expect(formatRatePercent(5250, 20000)).toBe('26.3%');
  });

  it('ties: fewer warnings first, then card id', () => {
    const tie = computeStack(input({ cards: [AMEX_GREEN, AMEX_GOLD] }));
    expect(tie.options.map((o) => [o.rank, o.card])).toEqual([
      [1, 'amex-gold'],
      [2, 'amex-green'],
    ]);
    const stale = computeStack(
      input({ rates: [rate('rakuten', 'macys', 7, { as_of: '2026-10-01' }), rate('topcashback', 'macys', 7)], portal: undefined }),
    );
    expect(stale.options.map((o) => o.portal)).toEqual(['topcashback', 'rakuten', null]);
    expect(stale.options[1]!.warnings).toEqual(['Rakuten rate 7% was last checked on 2026-10-01 (stale): update it with perk rate set']);
  });

  it('the boost valid on the date wins over the base rate (latest from)', () => {
    const rates = [rate('rakuten', 'macys', 6, { from: '2026-10-01' }), rate('rakuten', 'macys', 10, { from: '2026-11-20', to: '2026-11-30' })];
    expect(pick(computeStack(input({ rates })), { portal: 'rakuten' }).rate).toBe('10%');
    expect(pick(computeStack(input({ rates, date: '2026-12-01' })), { portal: 'rakuten' }).rate).toBe('6%');
    expect(computeStack(input({ rates, date: '2026-09-30' })).options.map((o) => o.portal)).toEqual([null]);
  });

  it('a flat rate pays its amount', () => {
    const o = pick(computeStack(input({ rates: [{ portal: 'rakuten', retailer: 'macys', flat_cents: 2500 }] })), { portal: 'rakuten' });
    expect(comp(o, 'portal')?.units).toBe(2500);
    expect(o.rate).toBe('$25.00');
  });

  it('in-store uses the in-store rate and no click-through offers', () => {
    const result = computeStack(
      input({
        channel: 'in_store',
        cards: [VENTURE_X],
        offers: [C1_MACYS_5],
        rates: [rate('rakuten', 'macys', 10), rate('rakuten', 'macys', 3, { channel: 'in_store' })],
      }),
    );
    expect(result.options.map((o) => [o.portal, o.rate, o.click_through])).toEqual([
      ['rakuten', '3%', null],
      [null, null, null],
    ]);
  });

  it('an MR payout without an MR card in the wallet is USD, with a warning', () => {
    const result = computeStack(input({ cards: [QUICKSILVER], heldCurrencies: ['USD'], payout: 'MR', rates: [rate('rakuten', 'macys', 10)] }));
    const o = pick(result, { portal: 'rakuten' });
    expect(o.payout).toBe('USD');
    expect(o.warnings).toEqual(['Rakuten pays MR only to MR cardholders and your wallet has no MR card: valued as USD']);
  });

  it('a payout currency a portal does not offer falls back to its default, with a note', () => {
    const result = computeStack(input({ payout: 'MR', rates: [rate('topcashback', 'macys', 7)] }));
    expect(pick(result, { portal: 'topcashback' }).payout).toBe('USD');
    expect(result.notes).toEqual(['TopCashback does not pay in MR; its options use USD.']);
  });

  it('reports the path used for each points currency', () => {
    const result = computeStack(input({ cards: [AMEX_GOLD, FREEDOM_FLEX], pathOverrides: { UR: 'cash' } }));
    expect(result.paths).toEqual([
      { currency: 'MR', path: 'transfer', cpp: 2 },
      { currency: 'UR', path: 'cash', cpp: 1 },
    ]);
  });
});
