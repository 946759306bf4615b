// Deterministic large dataset for `npm run bench`: the same files on every machine and every run
// (a seeded PRNG, no clock). Sizes default to the issue's figures; tests/bench/bench.mjs may scale them
// down for a quick try-out.
import fs from 'node:fs';
import path from 'node:path';
import { prng } from './prng.mjs';

export const DEFAULT_SIZES = { portals: 20, retailers: 20_000, cards: 50, offers: 5_000, orders: 100_000, wallet: 12, flatRatePortals: 10 };

/** The date every bench command runs on (PERK_TODAY), so rates, offers and caps are in effect. */
export const BENCH_TODAY = '2026-11-21';

/** Retailers that also exist in the default dataset, so the same `perk stack` runs on both databases. */
export const SHARED_RETAILERS = [
  ['amazon', 'Amazon', 'general_merchandise', ['amazon.com', 'amzn']],
  ['macys', "Macy's", 'department_store', ['macys.com']],
  ['walmart', 'Walmart', 'superstore', ['walmart.com']],
  ['target', 'Target', 'superstore', ['target.com']],
  ['bestbuy', 'Best Buy', 'electronics', ['bestbuy.com']],
];

const pad = (n, w) => String(n).padStart(w, '0');

/** ISO date `days` after (negative: before) an ISO date, in UTC arithmetic (no time zones involved). */
function shift(iso, days) {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const TOP_CATEGORIES = [
  ['travel', ['airfare', 'hotel', 'car_rental', 'vacation_rental', 'cruise', 'transit']],
  ['dining', ['food_delivery']],
  ['grocery', ['supermarket', 'online_grocery']],
  ['gas', ['ev_charging']],
  ['apparel', ['shoes']],
];
const FLAT_CATEGORIES = [
  'drugstore', 'health', 'streaming', 'entertainment', 'department_store', 'superstore', 'wholesale_club',
  'general_merchandise', 'office_supply', 'internet_cable_phone', 'shipping', 'advertising', 'electronics',
  'software', 'beauty', 'jewelry', 'home', 'sporting_goods', 'pets', 'toys', 'books', 'gift_cards', 'other',
];

function categories() {
  const out = [];
  for (const [top, children] of TOP_CATEGORIES) {
    out.push({ id: top });
    for (const c of children) out.push({ id: c, parent: top });
  }
  for (const c of FLAT_CATEGORIES) out.push({ id: c });
  // A second level under some categories, so category chains are more than one step deep.
  for (const parent of ['electronics', 'home', 'apparel', 'beauty', 'sporting_goods', 'shoes', 'hotel', 'airfare']) {
    for (let i = 1; i <= 6; i++) out.push({ id: `${parent}.sub${i}`, parent });
  }
  return out;
}

const CURRENCIES = [
  { code: 'MR', name: 'Amex Membership Rewards', paths: { statement_credit: 0.6, amazon: 0.7, travel_portal: 1, transfer: 2 }, default_path: 'transfer' },
  { code: 'UR', name: 'Chase Ultimate Rewards', paths: { cash: 1, amazon: 0.8, travel_portal: 1, transfer: 2.05 }, default_path: 'transfer' },
  { code: 'C1', name: 'Capital One Miles', paths: { statement_credit: 0.5, travel_eraser: 1, transfer: 1.85 }, default_path: 'transfer' },
  { code: 'BILT', name: 'Bilt Points', paths: { rent: 0.55, travel_portal: 1.25, transfer: 2.2 }, default_path: 'transfer' },
  { code: 'TY', name: 'Citi ThankYou Points', paths: { cash: 1, transfer: 1.8 }, default_path: 'transfer' },
  { code: 'AA', name: 'AAdvantage Miles', paths: { award: 1.5 }, default_path: 'award' },
  { code: 'UA', name: 'MileagePlus Miles', paths: { award: 1.3 }, default_path: 'award' },
  { code: 'HH', name: 'Hilton Honors Points', paths: { award: 0.5 }, default_path: 'award' },
];

const ISSUERS = [
  ['amex', 'MR'],
  ['chase', 'UR'],
  ['capital_one', 'C1'],
  ['bilt', 'BILT'],
  ['citi', 'TY'],
  ['barclays', 'AA'],
  ['wells_fargo', 'USD'],
  ['discover', 'USD'],
];

/** All data files for the large database, as strings keyed by file name. */
export function generateDataset(sizes = DEFAULT_SIZES, today = BENCH_TODAY) {
  const rnd = prng(20261121);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const cats = categories();
  const catIds = cats.map((c) => c.id);

  // ---- portals --------------------------------------------------------------------------------------
  const portals = [];
  for (let i = 0; i < sizes.portals; i++) {
    const id = ['rakuten', 'topcashback', 'befrugal'][i] ?? `portal-${pad(i + 1, 2)}`;
    const options = { USD: 1 };
    if (i % 3 === 0) options.MR = 1;
    if (i % 4 === 0) options.BILT = 1;
    const monthly = i % 2 === 1;
    portals.push({
      id,
      name: id === 'rakuten' ? 'Rakuten' : `Portal ${i + 1}`,
      payout: { months: monthly ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [2, 5, 8, 11], day: int(1, 28), minimum_cents: pick([1, 501, 1000, 2500]) },
      payout_options: options,
      default_payout: 'USD',
      confirm_days: i % 5 === 0 ? { default: [20, 100], dining: [20, 25], travel: [45, 120] } : [30, 90],
    });
  }
  const portalIds = portals.map((p) => p.id);

  // ---- retailers (CSV) --------------------------------------------------------------------------------
  const retailers = SHARED_RETAILERS.map(([id, name, category, aliases]) => ({ id, name, category, aliases }));
  for (let i = retailers.length; i < sizes.retailers; i++) {
    const id = `shop-${pad(i + 1, 5)}`;
    retailers.push({ id, name: `Shop ${pad(i + 1, 5)} ${pick(['Outlet', 'Store', 'Direct', 'Online', 'Co'])}`, category: pick(catIds), aliases: i % 2 ? [`${id}.com`] : [] });
  }
  const retailerCsv = ['id,name,category,aliases'];
  for (const r of retailers) retailerCsv.push(`${r.id},${r.name.includes("'") ? `"${r.name}"` : r.name},${r.category},${r.aliases.join('|')}`);

  // ---- rates (CSV): every portal × every retailer -----------------------------------------------------
  const rateCsv = ['portal,retailer,rate,from,to,as_of,channel'];
  for (const r of retailers) {
    for (const portal of portalIds) {
      const flat = rnd() < 0.08;
      const rate = flat ? `$${int(5, 60)}` : `${int(1, 150) / 10}%`;
      const from = shift(today, -int(1, 90));
      const to = rnd() < 0.1 ? shift(today, int(1, 30)) : '';
      const asOf = shift(today, -int(0, 45));
      rateCsv.push(`${portal},${r.id},${rate},${from},${to},${asOf},`);
    }
  }

  // ---- cards: every one with capped rules --------------------------------------------------------------
  const cards = [];
  for (let i = 0; i < sizes.cards; i++) {
    const [issuer, currency] = ISSUERS[i % ISSUERS.length];
    const earn = [];
    const n = int(2, 5);
    const used = new Set();
    for (let k = 0; k < n; k++) {
      let category = pick(catIds);
      while (used.has(category)) category = pick(catIds);
      used.add(category);
      const rule = { category, multiplier: int(2, 6) };
      if (k < 2 || rnd() < 0.5) {
        rule.cap_cents = int(5, 500) * 10_000;
        rule.cap_period = pick(['year', 'quarter', 'month']);
      }
      if (k === 0 && i % 7 === 0) rule.via = 'rakuten';
      if (k === 1 && i % 5 === 0) {
        rule.from = shift(today, -int(30, 60));
        rule.to = shift(today, int(10, 40));
      }
      earn.push(rule);
    }
    if (i % 6 === 0) earn.push({ multiplier: 2, cap_cents: 5_000_000, cap_period: 'year' });
    cards.push({
      id: `${issuer.replace('_', '')}-card-${pad(i + 1, 2)}`,
      issuer,
      name: `${issuer} Card ${i + 1}`,
      currency,
      annual_fee_cents: pick([0, 9500, 25000, 32500, 55000, 69500]),
      base: pick([1, 1, 1, 1.5, 2]),
      earn,
      pays_via: i === 13 ? 'rakuten' : null,
    });
  }
  const cardIds = cards.map((c) => c.id);
  const wallet = cardIds.slice(0, sizes.wallet);

  // ---- offers: a handful at the shared retailers, the rest spread over the first retailers ------------
  const offers = [];
  for (let i = 0; i < sizes.offers; i++) {
    const card = cards[i < 40 ? i % wallet.length : int(0, cards.length - 1)];
    const retailer = i < 40 ? SHARED_RETAILERS[i % SHARED_RETAILERS.length][0] : retailers[int(0, Math.min(retailers.length, 2000) - 1)].id;
    const kind = pick(['credit', 'credit', 'percent', 'points', 'points_per_dollar']);
    const from = shift(today, -int(0, 60));
    const offer = { id: `offer-${pad(i + 1, 5)}`, issuer: card.issuer, card: card.id, retailer, kind, max_uses: int(1, 3), from, to: shift(today, int(-5, 60)) };
    if (offer.to < offer.from) offer.to = offer.from;
    if (kind === 'credit') Object.assign(offer, { min_spend_cents: int(1, 20) * 2500, credit_cents: int(1, 10) * 500 });
    else if (kind === 'percent') Object.assign(offer, { percent: int(5, 20), max_credit_cents: int(1, 10) * 1000 });
    else if (kind === 'points') Object.assign(offer, { min_spend_cents: int(1, 20) * 2500, points: int(1, 20) * 500 });
    else Object.assign(offer, { points_per_dollar: int(1, 5), max_points: int(1, 10) * 1000 });
    if (card.issuer === 'capital_one' && i % 2 === 0) offer.click_through = true;
    offers.push(offer);
  }

  // ---- orders (CSV for `perk order import`): two years up to today -----------------------------------
  const orders = [];
  for (let i = 0; i < sizes.orders; i++) {
    const retailer = i % 10 === 0 ? pick(SHARED_RETAILERS)[0] : retailers[int(0, retailers.length - 1)].id;
    orders.push({
      date: shift(today, -int(0, 730)),
      retailer,
      amount: `${int(5, 900)}.${pad(int(0, 99), 2)}`,
      card: rnd() < 0.7 ? pick(wallet) : pick(cardIds),
      portal: rnd() < 0.6 ? pick(portalIds) : '',
    });
  }
  orders.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  const json = (value) => `${JSON.stringify(value, null, 1)}\n`;
  return {
    'categories.json': json({ categories: cats }),
    'currencies.json': json({ currencies: CURRENCIES }),
    'portals.json': json({ portals }),
    'retailers.csv': `${retailerCsv.join('\n')}\n`,
    'rates.csv': `${rateCsv.join('\n')}\n`,
    'cards.json': json({ cards, wallet }),
    /** The same cards without a wallet, for the flat case (whose wallet stays empty). */
    'cards-catalog.json': json({ cards }),
    'offers.json': json({ offers }),
    /** Rows of orders; bench.mjs writes them with the columns `perk order import` reads. */
    orders,
    /** Ids, for the flat case. */
    ids: { retailers: retailers.map((r) => r.id), portals: portalIds, cards: cardIds },
  };
}

/**
 * Write the dataset under `dir`, with the flat case (`defaultCards`: the ids of the default dataset's
 * cards, which the flat case's orders use too); returns the paths by name.
 */
export function writeDataset(dir, sizes = DEFAULT_SIZES, writeOrders, defaultCards = []) {
  fs.mkdirSync(dir, { recursive: true });
  const data = generateDataset(sizes);
  const flat = generateFlatCase(sizes, { ...data.ids, cards: [...defaultCards, ...data.ids.cards] });
  const files = {};
  for (const [name, content] of Object.entries({ ...data, ...flat })) {
    if (name === 'orders' || name === 'ids') continue;
    files[name] = path.join(dir, name);
    fs.writeFileSync(files[name], content);
  }
  files['orders.csv'] = path.join(dir, 'orders.csv');
  fs.writeFileSync(files['orders.csv'], writeOrders(data.orders));
  files['orders-flat.csv'] = path.join(dir, 'orders-flat.csv');
  fs.writeFileSync(files['orders-flat.csv'], writeOrders(flat.orders));
  return files;
}

/**
 * The flat-at-any-size case (issue 17): the default catalog plus the bench's 50 cards (69 in all) and an
 * empty wallet, so every card is compared; `flatRatePortals` portals' rates for every retailer
 * (200,000); and `orders` orders all in the current year, on every card, so every capped rule has a
 * long log to count. Also the CSV `perk load` is timed with: one rate per portal and retailer, in the
 * four columns a portal's list has (portal,retailer,rate,as_of). Its own seeded PRNG, so the main
 * dataset is unchanged. The flat case's tiny database has the same catalog, portals and rates at the
 * shared retailers, so `perk stack macys` ranks the same options on both: only the size differs.
 */
export function generateFlatCase(sizes, { retailers, portals, cards }, today = BENCH_TODAY) {
  const rnd = prng(17);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const rateRow = (portal, retailer) => {
    const rate = rnd() < 0.08 ? `$${int(5, 60)}` : `${int(1, 150) / 10}%`;
    return `${portal},${retailer},${rate},${shift(today, -int(0, 45))}`;
  };
  const loadCsv = ['portal,retailer,rate,as_of'];
  for (const r of retailers) for (const p of portals) loadCsv.push(rateRow(p, r));
  const flatCsv = ['portal,retailer,rate,as_of'];
  const shared = new Set(SHARED_RETAILERS.map(([id]) => id));
  const smallCsv = ['portal,retailer,rate,as_of'];
  for (const r of retailers) {
    for (const p of portals.slice(0, sizes.flatRatePortals)) {
      const row = rateRow(p, r);
      flatCsv.push(row);
      if (shared.has(r)) smallCsv.push(row);
    }
  }
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const days = Math.round((Date.parse(today) - Date.parse(yearStart)) / 86_400_000);
  const orders = [];
  for (let i = 0; i < sizes.orders; i++) {
    orders.push({
      date: shift(yearStart, int(0, days)),
      retailer: i % 10 === 0 ? pick(SHARED_RETAILERS)[0] : pick(retailers),
      amount: `${int(5, 900)}.${pad(int(0, 99), 2)}`,
      card: pick(cards),
      portal: rnd() < 0.6 ? pick(portals) : '',
    });
  }
  orders.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    'rates-load.csv': `${loadCsv.join('\n')}\n`,
    'rates-flat.csv': `${flatCsv.join('\n')}\n`,
    /** The same rates for the retailers the default dataset shares, for the flat case's tiny database. */
    'rates-flat-small.csv': `${smallCsv.join('\n')}\n`,
    orders,
  };
}
