import { beforeEach, describe, expect, it } from 'vitest';
import { categoryChains } from '../../src/core/caps.js';
import type { Card, Currency, Offer, Order, Portal, Promo } from '../../src/core/types.js';
import { openDatabase } from '../../src/db/open.js';
import { SpendStore } from '../../src/db/spend-store.js';
import { Store } from '../../src/db/store.js';
import { AMEX_GOLD_SPEC, AMEX_MACYS_25, PLAIN_ORDER, RAKUTEN, SAVE10 } from '../helpers/fixtures.js';

let store: Store;
beforeEach(() => {
  store = new Store(openDatabase(':memory:').db);
});

const order = (fields: Partial<Order> = {}): Omit<Order, 'id'> => ({
  date: '2026-11-21',
  retailer: 'macys',
  amount_cents: 20000,
  category: 'department_store',
  card: 'amex-gold',
  ...PLAIN_ORDER,
  portal: 'rakuten',
  charged_cents: 20000,
  expected_cents: 1200,
  trip_end: null,
  ...fields,
});

describe('Store round trips on :memory:', () => {
  it('categories, and a category with its ancestors', () => {
    store.write(() => {
      store.upsertCategory({ id: 'travel' });
      store.upsertCategory({ id: 'airfare', parent: 'travel' });
      store.upsertCategory({ id: 'domestic_airfare', parent: 'airfare' });
    });
    expect(store.categories()).toEqual([
      { id: 'airfare', parent: 'travel' },
      { id: 'domestic_airfare', parent: 'airfare' },
      { id: 'travel', parent: undefined },
    ]);
    const chainOf = categoryChains(store.categories());
    expect(chainOf('domestic_airfare')).toEqual(['domestic_airfare', 'airfare', 'travel']);
    expect(chainOf('unknown')).toEqual(['unknown']);
    expect(store.hasCategory('travel')).toBe(true);
    expect(store.hasCategory('dining')).toBe(false);
  });

  it('a category cycle in stored data does not hang the chain', () => {
    store.write(() => {
      store.upsertCategory({ id: 'a', parent: 'b' });
      store.upsertCategory({ id: 'b', parent: 'a' });
    });
    expect(categoryChains(store.categories())('a').slice(0, 2)).toEqual(['a', 'b']);
  });

  it('currencies with flat, fee and tiered paths', () => {
    const mr: Currency = {
      code: 'MR',
      name: 'Amex Membership Rewards',
      paths: { transfer: 2, fee: { cpp: 2, fee_per_unit_cents: 0.06, fee_max_cents: 9900 }, schwab: { tiers: [{ up_to_units: 1000, cpp: 1.1 }, { cpp: 0.8 }] } },
      default_path: 'transfer',
    };
    store.write(() => store.upsertCurrency(mr));
    expect(store.currency('MR')).toEqual(mr);
    expect(store.currencies()).toEqual([mr]);
    store.write(() => store.upsertCurrency({ ...mr, name: 'MR', paths: { transfer: 1.8 } }));
    expect(store.currency('MR')).toEqual({ ...mr, name: 'MR', paths: { transfer: 1.8 } });
    expect(store.currency('XX')).toBeUndefined();
  });

  it('portals', () => {
    const p: Portal = { ...RAKUTEN, payout_options: { USD: 1, MR: 1 }, confirm_days: { default: [20, 100], dining: [20, 25] } };
    store.write(() => store.upsertPortal(p));
    expect(store.portal('rakuten')).toEqual(p);
    expect(store.portals()).toEqual([p]);
  });

  it('retailers by id, name, alias and prefix, case-insensitively', () => {
    store.write(() => {
      store.upsertRetailer({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com', 'Macy'] });
      store.upsertRetailer({ id: 'nordstrom', name: 'Nordstrom', category: 'department_store' });
      store.upsertRetailer({ id: 'nordstrom-rack', name: 'Nordstrom Rack', category: 'department_store' });
    });
    expect(store.retailer('macys')).toEqual({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com', 'Macy'] });
    expect(store.retailer('nordstrom')).toEqual({ id: 'nordstrom', name: 'Nordstrom', category: 'department_store' });
    expect(store.retailersByName("MACY'S").map((r) => r.id)).toEqual(['macys']);
    expect(store.retailersByAlias('MACYS.COM').map((r) => r.id)).toEqual(['macys']);
    expect(store.retailersByAlias('macy').map((r) => r.id)).toEqual(['macys']);
    expect(store.retailersByPrefix('NORD').map((r) => r.id)).toEqual(['nordstrom', 'nordstrom-rack']);
    expect(store.retailersByPrefix('nordstrom r').map((r) => r.id)).toEqual(['nordstrom-rack']);
    expect(store.retailersByPrefix('mac').map((r) => r.id)).toEqual(['macys']);
    expect(store.retailersByPrefix('zzz')).toEqual([]);
    expect(store.hasRetailer('macys')).toBe(true);
  });

  it('re-upserting a retailer replaces its aliases', () => {
    store.write(() => store.upsertRetailer({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['old.com'] }));
    store.write(() => store.upsertRetailer({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['new.com'] }));
    expect(store.retailersByAlias('old.com')).toEqual([]);
    expect(store.retailersByAlias('new.com').map((r) => r.id)).toEqual(['macys']);
    expect(store.retailers()).toHaveLength(1);
  });

  it('rates are keyed by portal, retailer, channel and from', () => {
    store.write(() => {
      store.upsertRate({ portal: 'rakuten', retailer: 'macys', percent: 6, from: '2026-10-01', as_of: '2026-11-15' });
      store.upsertRate({ portal: 'rakuten', retailer: 'macys', percent: 10, from: '2026-11-20', to: '2026-11-30' });
      store.upsertRate({ portal: 'rakuten', retailer: 'macys', percent: 2, from: '2026-10-01', channel: 'in_store' });
      store.upsertRate({ portal: 'rakuten', retailer: 'hotwire', flat_cents: 1500 });
      // Same key as the first: replaces it.
      store.upsertRate({ portal: 'rakuten', retailer: 'macys', percent: 7, from: '2026-10-01', as_of: '2026-11-16' });
    });
    expect(store.ratesForRetailer('macys')).toEqual([
      { portal: 'rakuten', retailer: 'macys', percent: 2, from: '2026-10-01', channel: 'in_store' },
      { portal: 'rakuten', retailer: 'macys', percent: 7, from: '2026-10-01', as_of: '2026-11-16' },
      { portal: 'rakuten', retailer: 'macys', percent: 10, from: '2026-11-20', to: '2026-11-30' },
    ]);
    expect(store.ratesForRetailer('hotwire')).toEqual([{ portal: 'rakuten', retailer: 'hotwire', flat_cents: 1500 }]);
    expect(store.rates()).toHaveLength(4);
  });

  it('cards and the wallet', () => {
    const gold = AMEX_GOLD_SPEC;
    const savor: Card = { id: 'c1-savor', issuer: 'capital_one', name: 'Savor', currency: 'USD', annual_fee_cents: 0, base: 1.5, earn: [], pays_via: 'rakuten' };
    store.write(() => {
      store.upsertCard(gold);
      store.upsertCard(savor);
    });
    expect(store.card('amex-gold')).toEqual(gold);
    expect(store.card('c1-savor')).toEqual(savor);
    expect(store.cards('amex')).toEqual([gold]);
    expect(store.cards().map((c) => c.id)).toEqual(['amex-gold', 'c1-savor']);
    store.write(() => {
      store.addToWallet('amex-gold');
      store.addToWallet('amex-gold');
      store.addToWallet('c1-savor');
    });
    expect(store.walletIds()).toEqual(['amex-gold', 'c1-savor']);
    expect(store.walletCards()).toEqual([gold, savor]);
    expect(store.write(() => store.removeFromWallet('amex-gold'))).toBe(true);
    expect(store.write(() => store.removeFromWallet('amex-gold'))).toBe(false);
    store.write(() => store.clearWallet());
    expect(store.walletIds()).toEqual([]);
  });

  it('offers, and their uses from the order log (ineligible orders do not count)', () => {
    const offer: Offer = { ...AMEX_MACYS_25, max_uses: 2 };
    const minimal: Offer = { id: 'c1-x', issuer: 'capital_one', card: 'c1', retailer: 'macys', kind: 'points', points: 500 };
    store.write(() => {
      store.upsertOffer(offer);
      store.upsertOffer(minimal);
    });
    expect(store.offer('amex-macys-25')).toEqual(offer);
    // Defaults are explicit on the way out.
    expect(store.offer('c1-x')).toEqual({ ...minimal, max_uses: 1, click_through: false });
    expect(store.offersForRetailer('macys').map((o) => o.id)).toEqual(['amex-macys-25', 'c1-x']);
    expect(store.offers()).toHaveLength(2);
    store.write(() => {
      store.saveOrder(order({ offer: 'amex-macys-25' }));
      store.saveOrder(order({ offer: 'amex-macys-25', status: 'ineligible' }));
    });
    expect(store.offerUses('amex-macys-25')).toBe(1);
    expect(store.offerUses('c1-x')).toBe(0);
  });

  it('promos, and their uses per retailer', () => {
    const save = SAVE10;
    const same: Promo = { code: 'SAVE10', retailer: 'nike', kind: 'percent', percent: 10, max_uses: 3, portal_safe: true };
    store.write(() => {
      store.upsertPromo(save);
      store.upsertPromo(same);
    });
    expect(store.promosForRetailer('macys')).toEqual([save]);
    expect(store.promos()).toEqual([save, same]);
    store.write(() => {
      store.saveOrder(order({ promos: ['SAVE10'] }));
      store.saveOrder(order({ retailer: 'nike', promos: ['OTHER', 'SAVE10'] }));
      store.saveOrder(order({ retailer: 'nike', promos: ['SAVE10'], status: 'ineligible' }));
    });
    expect(store.promoUses('macys', 'SAVE10')).toBe(1);
    expect(store.promoUses('nike', 'SAVE10')).toBe(1);
    expect(store.promoUses('nike', 'OTHER')).toBe(1);
  });

  it('gift cards keep only last4 and the hash; the same hash twice is refused', () => {
    const g = { id: 'gc-1', retailer: 'amazon', balance_cents: 5000, last4: '75MU', code_hash: 'a'.repeat(64) };
    store.write(() => store.upsertGiftCard(g));
    expect(store.giftCards()).toEqual([g]);
    expect(store.giftCards('amazon')).toEqual([g]);
    expect(store.giftCardByHash('a'.repeat(64))).toEqual(g);
    store.write(() => store.setGiftCardBalance('gc-1', 1234));
    expect(store.giftCards()[0]?.balance_cents).toBe(1234);
    expect(() => store.write(() => store.upsertGiftCard({ ...g, id: 'gc-2' }))).toThrow(/UNIQUE/);
    expect(store.giftCards()).toHaveLength(1);
  });

  it('config', () => {
    store.write(() => {
      store.configSet('path.MR', 'transfer');
      store.configSet('cpp.MR.transfer', '1.7');
      store.configSet('path.MR', 'amazon');
    });
    expect(store.config()).toEqual({ 'cpp.MR.transfer': '1.7', 'path.MR': 'amazon' });
    expect(store.configGet('path.MR')).toBe('amazon');
    expect(store.configGet('nope')).toBeUndefined();
    expect(store.write(() => store.configUnset('path.MR'))).toBe(true);
    expect(store.write(() => store.configUnset('path.MR'))).toBe(false);
  });

  it('orders: a travel order keeps its trip end (migration 4), replaced or cleared with the order', () => {
    const id = store.write(() => store.saveOrder(order({ date: '2026-12-01', category: 'hotel', trip_end: '2027-01-20' })));
    expect(store.order(id)?.trip_end).toBe('2027-01-20');
    // The light rows the payout plan reads carry it; an ineligible order is left out.
    store.write(() => store.saveOrder(order({ date: '2026-12-02', status: 'ineligible' })));
    expect(store.payoutOrders('rakuten')).toEqual([
      { id, date: '2026-12-01', portal: 'rakuten', channel: 'online', category: 'hotel', status: 'pending', confirmed_on: null, trip_end: '2027-01-20', expected_cents: 1200, actual_cents: null },
    ]);
    store.write(() => store.saveOrder({ ...order({ date: '2026-12-01', category: 'hotel' }), id }));
    expect(store.order(id)?.trip_end).toBeNull();
  });

  it('orders: insert, replace by id, filters, and the per-card spend', () => {
    store.write(() =>
      store.upsertCard({
        id: 'amex-gold',
        issuer: 'amex',
        name: 'Gold',
        currency: 'MR',
        annual_fee_cents: 0,
        base: 1,
        earn: [{ multiplier: 2, cap_cents: 5000000, cap_period: 'year' }],
        pays_via: null,
      }),
    );
    const id1 = store.write(() => store.saveOrder(order({ date: '2026-01-05' })));
    const id2 = store.write(() => store.saveOrder(order({ date: '2026-06-01', portal: null, card: 'c1-savor', promos: ['X'], note: 'gift' })));
    const id3 = store.write(() => store.saveOrder(order({ date: '2026-11-21', status: 'confirmed', confirmed_on: '2026-12-10', actual_cents: 1100 })));
    expect([id1, id2, id3]).toEqual([1, 2, 3]);
    // No portal_credited given: credited because it expected cash back (as a file from before the field).
    expect(store.order(id2)).toEqual({ id: 2, ...order({ date: '2026-06-01', portal: null, card: 'c1-savor', promos: ['X'], note: 'gift' }), portal_credited: true });
    expect(store.orders({ status: 'confirmed' }).map((o) => o.id)).toEqual([3]);
    expect(store.orders({ since: '2026-06-01', until: '2026-11-20' }).map((o) => o.id)).toEqual([2]);
    expect(store.orders({ portal: 'rakuten' }).map((o) => o.id)).toEqual([1, 3]);
    expect(store.orders({ card: 'c1-savor' }).map((o) => o.id)).toEqual([2]);
    // Orders 1 and 3 are on amex-gold, $200.00 each, counted by its capped rule (index 0) in 2026.
    expect(store.capSpend('amex-gold', 0, '2026-01-01')).toBe(40000);
    expect(store.ordersForPortal('rakuten').map((o) => o.id)).toEqual([1, 3]);
    // Replace by id.
    store.write(() => store.saveOrder({ ...order({ date: '2026-01-05', status: 'ineligible' }), id: 1 }));
    expect(store.order(1)?.status).toBe('ineligible');
    // An ineligible order does not count toward a cap.
    expect(store.capSpend('amex-gold', 0, '2026-01-01')).toBe(20000);
    expect(store.write(() => store.removeOrder(1))).toBe(true);
    expect(store.order(1)).toBeUndefined();
  });

  it('bonuses', () => {
    const id = store.write(() => store.saveBonus({ portal: 'rakuten', amount_cents: 3000, date: '2026-11-01', status: 'pending', note: 'welcome' }));
    expect(store.bonus(id)).toEqual({ id, portal: 'rakuten', amount_cents: 3000, date: '2026-11-01', status: 'pending', confirmed_on: null, note: 'welcome' });
    expect(store.bonuses('rakuten')).toHaveLength(1);
    expect(store.bonuses('befrugal')).toHaveLength(0);
    expect(store.write(() => store.removeBonus(id))).toBe(true);
    expect(store.bonuses()).toEqual([]);
  });

  it('payout and replay reads leave out ineligible orders (core/order-status.ts)', () => {
    store.write(() => {
      store.saveOrder(order({ date: '2026-11-01' }));
      store.saveOrder(order({ date: '2026-11-02', status: 'confirmed', confirmed_on: '2026-11-10', actual_cents: 1200 }));
      store.saveOrder(order({ date: '2026-11-03', status: 'ineligible' }));
    });
    expect(store.payoutOrders('rakuten').map((o) => o.date)).toEqual(['2026-11-01', '2026-11-02']);
    const spend = new SpendStore(store);
    expect(spend.orderRows('2026-11-01', '2026-11-30').map((o) => o.date).sort()).toEqual(['2026-11-01', '2026-11-02']);
    expect(spend.cardOrderRows('amex-gold', '2026-11-01', '2026-11-30').map((o) => o.date).sort()).toEqual(['2026-11-01', '2026-11-02']);
  });

  it('a write that throws changes nothing', () => {
    expect(() =>
      store.write(() => {
        store.configSet('path.MR', 'transfer');
        store.upsertCategory({ id: 'travel' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.config()).toEqual({});
    expect(store.categories()).toEqual([]);
  });
});
