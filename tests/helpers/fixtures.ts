/**
 * Shared test fixtures. Hand-written core records (a small, fixed copy of the default data's shapes) for
 * the in-process rule tests, and the data files the end-to-end and robustness tests load.
 */
import { capUse } from '../../src/core/caps.js';
import type { StackInput } from '../../src/core/stack.js';
import type { Card, Currency, Offer, Order, Portal, PortalRate, Promo, Retailer } from '../../src/core/types.js';

export const PARENTS: Record<string, string> = {
  airfare: 'travel',
  hotel: 'travel',
  supermarket: 'grocery',
  shoes: 'apparel',
};

/** A category followed by its ancestors in the given parent table. */
export function chainIn(parents: Readonly<Record<string, string>>): (category: string) => string[] {
  return (category) => {
    const out = [category];
    let cur = parents[category];
    while (cur) {
      out.push(cur);
      cur = parents[cur];
    }
    return out;
  };
}

/** A category followed by its ancestors. */
export const chainOf = chainIn(PARENTS);

export const CURRENCIES: Currency[] = [
  { code: 'MR', name: 'Membership Rewards', paths: { statement_credit: 0.6, gift_cards: 0.5, transfer: 2 }, default_path: 'transfer' },
  { code: 'UR', name: 'Ultimate Rewards', paths: { cash: 1, transfer: 2.05 }, default_path: 'transfer' },
  { code: 'C1', name: 'Capital One Miles', paths: { statement_credit: 0.5, transfer: 1.85 }, default_path: 'transfer' },
];

export const RAKUTEN: Portal = {
  id: 'rakuten',
  name: 'Rakuten',
  payout: { months: [2, 5, 8, 11], day: 15, minimum_cents: 501 },
  payout_options: { USD: 1, MR: 1, BILT: 1 },
  default_payout: 'USD',
  confirm_days: [20, 100],
};

export const TOPCASHBACK: Portal = {
  id: 'topcashback',
  name: 'TopCashback',
  payout: { months: [1], day: 1, minimum_cents: 1 },
  payout_options: { USD: 1 },
  default_payout: 'USD',
  confirm_days: [30, 90],
};

/** SPEC 9.10: a portal that pays on request has a minimum and no calendar. */
export const BEFRUGAL: Portal = {
  id: 'befrugal',
  name: 'BeFrugal',
  payout: { on_request: true, minimum_cents: 2500 },
  payout_options: { USD: 1 },
  default_payout: 'USD',
  confirm_days: [30, 90],
};

export const MACYS: Retailer = { id: 'macys', name: "Macy's", category: 'department_store' };
export const NORDSTROM: Retailer = { id: 'nordstrom', name: 'Nordstrom', category: 'department_store' };

export const AMEX_GOLD: Card = {
  id: 'amex-gold',
  issuer: 'amex',
  name: 'Amex Gold',
  currency: 'MR',
  annual_fee_cents: 32500,
  base: 1,
  earn: [
    { category: 'dining', multiplier: 4, cap_cents: 5_000_000, cap_period: 'year' },
    { category: 'airfare', multiplier: 3 },
    { category: 'hotel', multiplier: 2, via: 'amex_travel' },
  ],
};

/** SPEC section 4's example card record, as the default data has it (full name, dining rule only). */
export const AMEX_GOLD_SPEC: Card = {
  id: 'amex-gold',
  issuer: 'amex',
  name: 'American Express Gold Card',
  currency: 'MR',
  annual_fee_cents: 32500,
  base: 1,
  earn: [{ category: 'dining', multiplier: 4, cap_cents: 5_000_000, cap_period: 'year' }],
  pays_via: null,
};

export const AMEX_GREEN: Card = {
  id: 'amex-green',
  issuer: 'amex',
  name: 'Amex Green',
  currency: 'MR',
  annual_fee_cents: 15000,
  base: 1,
  earn: [{ category: 'travel', multiplier: 3 }],
};

export const AMEX_BBP: Card = {
  id: 'amex-bbp',
  issuer: 'amex',
  name: 'Blue Business Plus',
  currency: 'MR',
  annual_fee_cents: 0,
  base: 1,
  earn: [{ multiplier: 2, cap_cents: 5_000_000, cap_period: 'year' }],
};

export const RAKUTEN_AMEX: Card = {
  id: 'rakuten-amex',
  issuer: 'amex',
  name: 'Rakuten Amex',
  currency: 'USD',
  annual_fee_cents: 0,
  base: 1,
  earn: [
    { multiplier: 4, via: 'rakuten', cap_cents: 700_000, cap_period: 'year' },
    { category: 'grocery', multiplier: 2 },
  ],
  pays_via: 'rakuten',
};

export const FREEDOM_FLEX: Card = {
  id: 'chase-freedom-flex',
  issuer: 'chase',
  name: 'Freedom Flex',
  currency: 'UR',
  annual_fee_cents: 0,
  base: 1,
  earn: [
    { category: 'department_store', multiplier: 5, cap_cents: 150_000, cap_period: 'quarter', from: '2026-10-01', to: '2026-12-31' },
    { category: 'dining', multiplier: 3 },
  ],
};

/** A quarterly-capped rule without dates, to cross a quarter end. */
export const QUARTERLY: Card = {
  id: 'quarterly',
  issuer: 'chase',
  name: 'Quarterly 5x',
  currency: 'UR',
  annual_fee_cents: 0,
  base: 1,
  earn: [{ category: 'department_store', multiplier: 5, cap_cents: 150_000, cap_period: 'quarter' }],
};

export const VENTURE_X: Card = {
  id: 'c1-venture-x',
  issuer: 'capital_one',
  name: 'Venture X',
  currency: 'C1',
  annual_fee_cents: 39500,
  base: 2,
  earn: [{ category: 'hotel', multiplier: 10, via: 'c1_travel' }],
};

export const QUICKSILVER: Card = {
  id: 'c1-quicksilver',
  issuer: 'capital_one',
  name: 'Quicksilver',
  currency: 'USD',
  annual_fee_cents: 0,
  base: 1.5,
  earn: [],
};

export const AMEX_MACYS_25: Offer = {
  id: 'amex-macys-25',
  issuer: 'amex',
  card: 'amex-gold',
  retailer: 'macys',
  kind: 'credit',
  min_spend_cents: 7500,
  credit_cents: 2500,
  max_uses: 1,
  from: '2026-11-01',
  to: '2026-12-31',
  click_through: false,
};

export const C1_MACYS_5: Offer = {
  id: 'c1-macys-5x2',
  issuer: 'capital_one',
  card: 'c1-venture-x',
  retailer: 'macys',
  kind: 'percent',
  percent: 5,
  max_credit_cents: 2500,
  max_uses: 2,
  from: '2026-11-01',
  to: '2026-12-31',
  click_through: true,
};

export const SAVE10: Promo = {
  code: 'SAVE10',
  retailer: 'macys',
  kind: 'amount',
  amount_cents: 1000,
  min_purchase_cents: 5000,
  to: '2026-12-31',
  max_uses: 1,
  portal_safe: false,
};

export function rate(portal: string, retailer: string, percent: number, extra: Partial<PortalRate> = {}): PortalRate {
  return { portal, retailer, percent, from: '2026-11-01', as_of: '2026-11-15', ...extra };
}

/** An order's fields when it used only a card: online, no portal, offer, promo or gift card, nothing paid back yet. */
export const PLAIN_ORDER: Pick<
  Order,
  'portal' | 'channel' | 'via' | 'offer' | 'promos' | 'giftcard' | 'giftcard_cents' | 'expected_cents' | 'actual_cents' | 'status' | 'confirmed_on' | 'note'
> = {
  portal: null,
  channel: 'online',
  via: null,
  offer: null,
  promos: [],
  giftcard: null,
  giftcard_cents: 0,
  expected_cents: 0,
  actual_cents: null,
  status: 'pending',
  confirmed_on: null,
  note: null,
};

export function order(card: string, date: string, charged: number, extra: Partial<Order> = {}): Order {
  return {
    id: 1,
    date,
    retailer: 'macys',
    amount_cents: charged,
    category: 'department_store',
    card,
    ...PLAIN_ORDER,
    charged_cents: charged,
    ...extra,
  };
}

/** A stack input for `amount` at Macy's on 2026-11-21 with the given cards and no portal rates. */
/**
 * A stack input with sensible defaults. `ordersByCard` stands for the order log: cap use is computed from
 * those orders with `capUse` (the rule as written), as the database sums it for the real command.
 */
export function input(
  overrides: Partial<StackInput> & { ordersByCard?: Readonly<Record<string, readonly Order[]>> } = {},
): StackInput {
  const { ordersByCard = {}, ...rest } = overrides;
  const date = rest.date ?? '2026-11-21';
  return {
    capLeft: (card, rule) => capUse(rule, ordersByCard[card.id] ?? [], chainOf, date)?.left_cents,
    ...defaults(rest),
    ...rest,
  };
}

function defaults(overrides: Partial<StackInput>): Omit<StackInput, 'capLeft'> {
  const retailer = overrides.retailer ?? MACYS;
  const category = overrides.category ?? retailer.category;
  const cards = overrides.cards ?? [AMEX_GOLD];
  return {
    date: '2026-11-21',
    retailer,
    amount_cents: 20000,
    category,
    chain: chainOf(category),
    channel: 'online',
    cards,
    heldCurrencies: [...new Set(cards.map((c) => c.currency))],
    portals: [RAKUTEN, TOPCASHBACK],
    rates: [],
    offers: [],
    offerUses: () => 0,
    promoCodes: [],
    promos: [],
    promoUses: () => 0,
    giftCardBalanceCents: 0,
    config: {},
    currencies: CURRENCIES,
    pathOverrides: {},
  };
}

/** Data every robustness database carries besides the default dataset: orders, a bonus, a gift card. */
export const USER_DATA = {
  giftcards: [{ id: 'gc-amazon', retailer: 'amazon', balance_cents: 5000, code: 'AQ7N-LBBG39-75MU' }],
  orders: [
    { id: 1, date: '2026-11-02', retailer: 'macys', amount_cents: 20000, category: 'department_store', card: 'amex-gold', portal: 'rakuten', charged_cents: 20000, expected_cents: 1200, status: 'pending' },
    { id: 2, date: '2026-10-15', retailer: 'amazon', amount_cents: 4599, category: 'general_merchandise', card: 'chase-freedom-flex', charged_cents: 4599, status: 'confirmed', confirmed_on: '2026-11-10' },
  ],
  bonuses: [{ id: 1, portal: 'rakuten', amount_cents: 3000, date: '2026-10-01', note: 'welcome bonus' }],
};

/** A valid record of each kind (referring to ids of the default dataset). */
export const VALID_RECORDS: Record<string, unknown> = {
  categories: { id: 'robust_cat', parent: 'travel' },
  currencies: { code: 'RBT', name: 'Robust Points', paths: { cash: 1 }, default_path: 'cash' },
  portals: {
    id: 'robustportal',
    name: 'Robust',
    payout: { months: [1, 4, 7, 10], day: 15, minimum_cents: 500 },
    payout_options: { USD: 1 },
    default_payout: 'USD',
    confirm_days: [30, 90],
  },
  retailers: { id: 'robust-shop', name: 'Robust Shop', category: 'apparel', aliases: ['robust.com'] },
  rates: { portal: 'rakuten', retailer: 'macys', percent: 5, from: '2026-12-01', to: '2026-12-31', as_of: '2026-11-20' },
  cards: { id: 'robust-card', issuer: 'amex', name: 'Robust Card', currency: 'MR', annual_fee_cents: 0, base: 1, earn: [{ category: 'dining', multiplier: 3 }] },
  offers: { id: 'robust-offer', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', min_spend_cents: 5000, credit_cents: 1000, from: '2026-11-01', to: '2026-12-31' },
  promos: { code: 'ROBUST5', retailer: 'macys', kind: 'amount', amount_cents: 500 },
  giftcards: { id: 'gc-robust', retailer: 'target', balance_cents: 2500, code: 'ZZ9P-QR7T-88KLMN' },
  wallet: 'amex-green',
  orders: { id: 100, date: '2026-11-05', retailer: 'target', amount_cents: 1000, category: 'superstore', charged_cents: 1000 },
  bonuses: { id: 100, portal: 'rakuten', amount_cents: 1000, date: '2026-11-01' },
};
