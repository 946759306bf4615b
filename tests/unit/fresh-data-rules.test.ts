// The rules of fresh data (SPEC 11), in core: a watch's hit and best rate, the rate history's days and
// percents, and what saving a pasted offer or rate does. Expected numbers are worked out by hand.
import { describe, expect, it } from 'vitest';
import type { PastedOffer, PastedRate } from '../../src/core/paste.js';
import { matchMerchant, offerStatus, pastedOffer, pastedOfferId, pastedRateResult, rateNeedsSave, type RetailerLookup } from '../../src/core/paste-save.js';
import { rateHistory } from '../../src/core/rates-history.js';
import type { StackOption } from '../../src/core/stack.js';
import type { Currency, Portal, PortalRate, Retailer } from '../../src/core/types.js';
import { newlyHit, watchResult } from '../../src/core/watch.js';

const TODAY = '2026-11-21';

describe('a watch (SPEC 11.3)', () => {
  const watch = { id: 1, retailer: 'macys', target_percent: 10.25, amount_cents: 20_000, created: TODAY };
  const best = (total: number) => ({ card: 'amex-gold', portal: 'rakuten', total_value_cents: total }) as StackOption;

  it('hits when the best total is at least the target percent of the amount, exactly', () => {
    // $20.50 on $200.00 is 10.25%: a hit; $20.49 is 10.245% → shown 10.25% but not a hit.
    expect(watchResult(watch, best(2_050))).toMatchObject({ best_rate: 10.25, hit: true, target: 10.25, amount_cents: 20_000 });
    expect(watchResult(watch, best(2_049))).toMatchObject({ best_rate: 10.25, hit: false });
    // No option: 0%, never a hit, option null.
    expect(watchResult(watch, undefined)).toMatchObject({ best_rate: 0, hit: false, option: null });
  });

  it('rounds the best rate to hundredths of a percent, half away from zero', () => {
    // $0.01 on $200.00 is 0.005%: 0.01%. $0.03 on $80.00 is 0.0375%: 0.04%.
    expect(watchResult(watch, best(1)).best_rate).toBe(0.01);
    expect(watchResult({ ...watch, amount_cents: 8_000 }, best(3)).best_rate).toBe(0.04);
  });

  it('reports a watch as newly hit only when it hits now and did not before', () => {
    const now = [watchResult({ ...watch, id: 1 }, best(3_000)), watchResult({ ...watch, id: 2 }, best(3_000)), watchResult({ ...watch, id: 3 }, best(100))];
    expect(newlyHit(now, new Set([2])).map((r) => r.id)).toEqual([1]);
  });
});

describe('a rate history (SPEC 11.2)', () => {
  const rates: PortalRate[] = [
    { portal: 'rakuten', retailer: 'macys', percent: 10, from: '2026-11-20', to: '2026-11-30' },
    { portal: 'rakuten', retailer: 'macys', percent: 3, from: '2026-10-01' },
    { portal: 'aadvantage', retailer: 'macys', units_per_dollar: 4, from: '2026-11-01', as_of: '2026-11-15' },
    { portal: 'rakuten', retailer: 'macys', flat_cents: 500, from: '2026-11-05', channel: 'in_store' },
  ];
  const portals = [{ id: 'aadvantage', default_payout: 'AA' }, { id: 'rakuten', default_payout: 'USD' }] as Portal[];
  const currencies: Currency[] = [{ code: 'AA', name: 'AAdvantage miles', paths: { award: 1.65 }, default_path: 'award' }];

  it('draws each portal and channel on the days a rate starts or stops, up to today', () => {
    const { rows, series } = rateHistory({ rates, today: '2026-11-25', portals, currencies, config: {} });
    // Sorted by from: 10-01 rakuten, 11-01 aadvantage, 11-05 rakuten in-store, 11-20 rakuten.
    expect(rows.map((r) => `${r.portal} ${r.channel} ${r.rate}`)).toEqual(['rakuten online 3%', 'aadvantage online 4 miles/$', 'rakuten in_store $5.00', 'rakuten online 10%']);
    expect(rows[1]).toEqual({ portal: 'aadvantage', channel: 'online', from: '2026-11-01', to: null, rate: '4 miles/$', as_of: '2026-11-15', units_per_dollar: 4 });
    // Days: the starts up to today (12-01, the day after the boost, is after today) and today.
    const days = ['2026-10-01', '2026-11-01', '2026-11-05', '2026-11-20', '2026-11-25'];
    const rakuten = series.find((s) => s.portal === 'rakuten' && s.channel === 'online')!;
    expect(rakuten.points).toEqual(days.map((date, i) => ({ date, value: [3, 3, 3, 10, 10][i] })));
    // 4 miles per dollar at 1.65¢ a mile: 6.6%; nothing before 11-01.
    const aa = series.find((s) => s.portal === 'aadvantage')!;
    expect(aa.points.map((p) => (p.value === null ? null : Number(p.value.toFixed(4))))).toEqual([null, 6.6, 6.6, 6.6, 6.6]);
    // A flat amount has no percent.
    expect(series.find((s) => s.channel === 'in_store')!.points.every((p) => p.value === null)).toBe(true);
  });

  it('keeps only one portal when asked', () => {
    const { rows } = rateHistory({ rates, portal: 'aadvantage', today: TODAY, portals, currencies, config: {} });
    expect(rows.map((r) => r.portal)).toEqual(['aadvantage']);
  });
});

describe('saving a pasted page (SPEC 11.1, 11.2)', () => {
  const macys: Retailer = { id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com'] };
  const lookup: RetailerLookup = {
    retailer: (id) => (id === 'macys' ? macys : undefined),
    retailersByName: (text) => (text.toLowerCase() === "macy's" ? [macys] : []),
    retailersByAlias: (text) => (text.toLowerCase() === 'macys.com' ? [macys] : []),
    retailerKeys: () => [{ id: 'macys', name: "Macy's", aliases: '["macys.com"]' }],
  };

  it('matches a merchant by id, name, alias or the same letters, and never guesses', () => {
    for (const text of ['macys', "Macy's", 'MACYS.COM', 'Macy S']) expect(matchMerchant(lookup, text)).toBe(macys);
    expect(matchMerchant(lookup, 'Macyz')).toEqual({ suggestions: ['macys'] });
    expect(matchMerchant(lookup, 'Nordstrom')).toEqual({ suggestions: [] });
  });

  const credit: PastedOffer = { line: 2, merchant: "Macy's", text: 'Spend $75, get $15 back', kind: 'credit', min_spend_cents: 7_500, credit_cents: 1_500, to: '2026-12-31' };

  it('gives a pasted offer an id from what it gives, one use, and "not added" unless the page says added', () => {
    expect(pastedOfferId('amex-gold', 'macys', credit)).toBe('amex-gold.macys-15-on-75');
    expect(pastedOfferId('amex-gold', 'macys', { ...credit, kind: 'percent', percent: 10, max_credit_cents: 1_550 })).toBe('amex-gold.macys-10pct-max-15.5');
    expect(pastedOffer({ id: 'amex-gold', issuer: 'amex' }, macys, credit)).toEqual({
      id: 'amex-gold.macys-15-on-75',
      issuer: 'amex',
      card: 'amex-gold',
      retailer: 'macys',
      kind: 'credit',
      min_spend_cents: 7_500,
      credit_cents: 1_500,
      max_uses: 1,
      to: '2026-12-31',
      click_through: false,
      added: false,
    });
    expect(pastedOffer({ id: 'amex-gold', issuer: 'amex' }, macys, { ...credit, added: true }).added).toBeUndefined();
    // Capital One Offers are click-through: nothing to add.
    const c1 = pastedOffer({ id: 'c1-venture-x', issuer: 'capital_one' }, macys, credit);
    expect([c1.click_through, c1.added]).toEqual([true, undefined]);
  });

  it('says whether a pasted offer is new, changed or unchanged against the saved one', () => {
    const offer = pastedOffer({ id: 'amex-gold', issuer: 'amex' }, macys, credit);
    expect(offerStatus(undefined, offer)).toBe('new');
    expect(offerStatus({ ...offer }, offer)).toBe('unchanged');
    expect(offerStatus({ ...offer, to: '2026-12-15' }, offer)).toBe('changed');
  });

  const pasted = (value: Partial<PastedRate>): PastedRate => ({ line: 4, merchant: "Macy's", text: "Macy's 6% Cash Back", up_to: false, ...value });

  it('saves a pasted rate as a new rate from today, or the same rate checked again today', () => {
    const stored: PortalRate[] = [{ portal: 'rakuten', retailer: 'macys', percent: 3, from: '2026-10-01', as_of: '2026-11-15' }];
    const changed = pastedRateResult(stored, 'rakuten', 'macys', pasted({ percent: 6, was: '3%' }), TODAY);
    expect(changed).toMatchObject({ status: 'changed', old: '3%', rate: '6%', was: '3%', channel: 'online' });
    expect(changed.record).toEqual({ portal: 'rakuten', retailer: 'macys', percent: 6, from: TODAY, as_of: TODAY });
    const same = pastedRateResult(stored, 'rakuten', 'macys', pasted({ percent: 3 }), TODAY);
    expect(same).toMatchObject({ status: 'unchanged', old: '3%', rate: '3%' });
    expect(same.record).toEqual({ portal: 'rakuten', retailer: 'macys', percent: 3, from: '2026-10-01', as_of: TODAY });
    const fresh = pastedRateResult([], 'rakuten', 'macys', pasted({ flat_cents: 2_500, channel: 'in_store' }), TODAY);
    expect(fresh).toMatchObject({ status: 'new', old: null, channel: 'in_store', record: { flat_cents: 2_500, channel: 'in_store', from: TODAY } });
    // Unchanged and checked before today: saved (as_of moves to today); checked today already: not saved.
    expect(rateNeedsSave(same, stored)).toBe(true);
    expect(rateNeedsSave(same, [{ ...stored[0]!, as_of: TODAY }])).toBe(false);
    expect(rateNeedsSave(changed, stored)).toBe(true);
  });
});
