// The order, bonus and payout commands through their runX functions, on a seeded :memory: database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBonusAdd, runBonusConfirm } from '../../src/commands/bonus.js';
import { runCard } from '../../src/commands/cards.js';
import {
  runOrderAdd,
  runOrderConfirm,
  runOrderImport,
  runOrderList,
  runOrderRemove,
  runOrderSet,
} from '../../src/commands/order.js';
import { runPayoutForecast, runPayoutHistory, runPayoutNext } from '../../src/commands/payout.js';
import type { Ctx } from '../../src/context.js';
import { Store } from '../../src/db/store.js';
import { UsageError } from '../../src/errors.js';
import { loadExamples } from '../helpers/examples.js';
import { renderStackedBars } from '../../src/ui/chart.js';
import { memoryCtx, seededStore } from '../helpers/context.js';

let store: Store;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-orders-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  store = seededStore();
});

function ctxAt(today: string, json = true): Ctx & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    ...memoryCtx(() => store, { today, json, out: (s) => void stdout.push(s), err: (s) => void stderr.push(s) }),
    stdout,
    stderr,
  };
}

const T = '2026-11-21';
const add = (retailer: string, amount: string, opts: Record<string, unknown> = {}, today = T) =>
  runOrderAdd({ retailer, amount, ...opts }, ctxAt(today));

/** `perk order remove <id> --json`, parsed. */
async function runOrderRemoveJson(id: string) {
  const ctx = ctxAt(T);
  await runOrderRemove({ id }, ctx);
  return JSON.parse(ctx.stdout.join('')) as { giftcard: unknown; giftcards: unknown[] };
}

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as Error).message).toMatch(pattern);
}

describe('perk order add', () => {
  it('records the rate valid on the order date and consumes the offer', async () => {
    loadExamples(store, ['offers']); // amex-macys-25, c1-macys-5x2 (SPEC 9.6: not in the seeded data)
    const r = await add('macys', '200', { card: 'amex-gold', portal: 'rakuten', offer: 'amex-macys-25' });
    expect(r.order).toMatchObject({ id: 1, retailer: 'macys', amount_cents: 20000, charged_cents: 20000, expected_cents: 2000, offer: 'amex-macys-25', status: 'pending' });
    expect(r.expected.rate).toBe('10%'); // the Nov 20–30 boost
    expect(r.confirm_by).toBe('2027-03-01');
    expect(r.payout).toBe('2027-05-15');
    // Before the boost, the base rate.
    expect((await add('macys', '200', { portal: 'rakuten', date: '2026-11-10' })).order.expected_cents).toBe(1200);
    // The offer's one use is gone: exit 2, nothing written.
    await rejects(add('macys', '200', { card: 'amex-gold', offer: 'amex-macys-25' }), /amex-macys-25 has no uses left/);
    expect(store.orderCount()).toBe(2);
  });

  it('validates the offer: card, retailer, dates, minimum; the offer names the card when --card is missing', async () => {
    loadExamples(store, ['offers']); // amex-macys-25, c1-macys-5x2 (SPEC 9.6: not in the seeded data)
    await rejects(add('macys', '200', { card: 'chase-freedom-flex', offer: 'amex-macys-25' }), /is on amex-gold, not chase-freedom-flex/);
    await rejects(add('nike', '200', { offer: 'amex-macys-25' }), /offer for macys, not nike/);
    await rejects(add('macys', '200', { offer: 'amex-macys-25', date: '2027-01-05' }), /ended on 2026-12-31/);
    await rejects(add('macys', '50', { offer: 'amex-macys-25' }), /needs \$75.00 charged/);
    await rejects(add('macys', '50', { offer: 'c1-macys-5x2', portal: 'rakuten' }), /click-through offer/);
    expect((await add('macys', '100', { offer: 'amex-macys-25' })).order.card).toBe('amex-gold');
  });

  it('adds the pays_via card earn when the order goes through that portal (DOMAIN example 1 shape)', async () => {
    const r = await add('macys', '100', { card: 'rakuten-amex', portal: 'rakuten', date: '2026-11-10' });
    expect(r.expected).toMatchObject({ portal_cents: 600, card_cents: 400, expected_cents: 1000 });
    const dining = await add('olive garden', '64.20', { card: 'rakuten-amex', portal: 'rakuten', dining: true });
    expect(dining.order).toMatchObject({ retailer: 'olive-garden', channel: 'dining', expected_cents: 642 });
    // Dining confirms within 20–25 days: by 2026-12-16, paid Feb 15.
    expect(dining).toMatchObject({ confirm_by: '2026-12-16', payout: '2027-02-15' });
  });

  it('order add bestbuy 500 --portal befrugal: $7.50 under the $25.00 minimum has no payout date, and the text says so', async () => {
    const r = await add('bestbuy', '500', { portal: 'befrugal' });
    expect(r).toMatchObject({ order: { expected_cents: 750 }, confirm_by: '2027-02-19', payout: null });
    const human = ctxAt(T, false);
    await runOrderAdd({ retailer: 'bestbuy', amount: '500', portal: 'befrugal', date: '2026-11-24' }, human);
    // $15.00 is still below $25.00.
    expect(human.stdout.join('\n')).toContain('should confirm by 2027-02-22; not paid until the BeFrugal balance reaches $25.00');
  });

  it('Rakuten Best Buy $300 (1% = $3.00) is under the $5.01 minimum for 8 payouts; $201 more ($2.01) on Dec 10 makes $5.01, paid 2027-05-15', async () => {
    const a = await add('bestbuy', '300', { portal: 'rakuten' });
    expect(a).toMatchObject({ order: { expected_cents: 300 }, confirm_by: '2027-03-01', payout: null });
    const human = ctxAt(T, false);
    await runOrderAdd({ retailer: 'bestbuy', amount: '300', portal: 'rakuten', date: '2026-11-01' }, human);
    // Two $3.00 orders: $6.00 expected by 2027-03-01 → the second is likely paid 2027-05-15.
    expect(human.stdout.join('\n')).toContain('likely paid 2027-05-15');
    const b = await add('bestbuy', '201', { portal: 'rakuten', date: '2026-12-10' }, '2026-12-10');
    expect(b).toMatchObject({ order: { expected_cents: 201 }, confirm_by: '2027-03-20', payout: '2027-05-15' });
  });

  it('--trip-end: Rakuten Marriott $1,000 booked 2026-12-01, trip ends 2027-01-20: confirm by 2027-05-20, likely paid 2027-08-15', async () => {
    const r = await add('marriott', '1000', { portal: 'rakuten', date: '2026-12-01', tripEnd: '2027-01-20' }, '2026-12-01');
    expect(r).toMatchObject({ order: { expected_cents: 2000, trip_end: '2027-01-20' }, confirm_by: '2027-05-20', payout: '2027-08-15' });
    expect(store.order(r.order.id)?.trip_end).toBe('2027-01-20');
    // Booked the same day without a trip end: the window counts from the booking.
    expect(await add('marriott', '1000', { portal: 'rakuten', date: '2026-12-01' }, '2026-12-01')).toMatchObject({ confirm_by: '2027-03-31', payout: '2027-05-15' });
  });

  it('--trip-end is only for travel, not before the order date, a real date: exit 2 naming the flag, nothing written', async () => {
    await rejects(add('macys', '100', { portal: 'rakuten', tripEnd: '2027-01-20' }), /^A trip end is only for travel, and department_store is not travel or under it \(--trip-end\)\.$/);
    await rejects(add('marriott', '100', { portal: 'rakuten', date: '2026-12-01', tripEnd: '2026-11-30' }), /^The trip ends 2026-11-30, before the order date 2026-12-01 \(--trip-end\)\.$/);
    await rejects(add('marriott', '100', { tripEnd: '2027-02-30' }), /--trip-end must be a real date/);
    expect(store.orderCount()).toBe(0);
    // A retailer outside travel booked as travel is fine: the category decides.
    expect((await add('costco', '500', { category: 'travel', tripEnd: '2026-12-20' })).order.trip_end).toBe('2026-12-20');
  });

  it('a promo is validated and applied; one that voids the portal gives $0 expected with a warning', async () => {
    loadExamples(store, ['promos']); // SAVE10, AMZ10OFF (SPEC 9.6: not in the seeded data)
    const r = await add('macys', '60', { card: 'amex-gold', portal: 'rakuten', promo: ['save10'] });
    expect(r.order).toMatchObject({ promos: ['SAVE10'], amount_cents: 6000, charged_cents: 5000, expected_cents: 0 });
    expect(r.warnings[0]).toMatch(/SAVE10 is not listed on rakuten/);
    await rejects(add('macys', '60', { promo: ['SAVE10'] }), /SAVE10 has no uses left/);
    await rejects(add('macys', '40', { promo: ['NOPE'] }), /NOPE is not a stored promo code/);
    await rejects(add('amazon', '80', { promo: ['AMZ10OFF'], date: '2027-01-02' }), /AMZ10OFF expired/);
  });

  it('--gift-card spends the stored balance in the same transaction; remove gives it back', async () => {
    store.write(() => store.upsertGiftCard({ id: 'gc-1', retailer: 'amazon', balance_cents: 5000, last4: 'ABCD', code_hash: 'a'.repeat(64) }));
    const r = await add('amazon', '80', { card: 'chase-freedom-flex', giftCard: true });
    expect(r.order).toMatchObject({ giftcard: 'gc-1', giftcard_cents: 5000, charged_cents: 3000 });
    expect(store.giftCardById('gc-1')?.balance_cents).toBe(0);
    await rejects(add('amazon', '10', { giftCard: true }), /No gift-card balance is stored for Amazon/);
    await runOrderRemove({ id: String(r.order.id) }, ctxAt(T));
    expect(store.giftCardById('gc-1')?.balance_cents).toBe(5000);
    expect(store.orderCount()).toBe(0);
  });

  it('an order paid from two gift cards gives each its own share back when removed', async () => {
    store.write(() => {
      store.upsertGiftCard({ id: 'gc-small', retailer: 'amazon', balance_cents: 1250, last4: 'AAAA', code_hash: 'c'.repeat(64) });
      store.upsertGiftCard({ id: 'gc-big', retailer: 'amazon', balance_cents: 5000, last4: 'BBBB', code_hash: 'd'.repeat(64) });
    });
    // $80.00: the smaller balance first ($12.50), then $50.00 of the other → $17.50 charged.
    const r = await add('amazon', '80', { card: 'chase-freedom-flex', giftCard: true });
    expect(r.order).toMatchObject({ giftcard: 'gc-small', giftcard_cents: 6250, charged_cents: 1750 });
    expect([store.giftCardById('gc-small')?.balance_cents, store.giftCardById('gc-big')?.balance_cents]).toEqual([0, 0]);
    const out = await runOrderRemoveJson(String(r.order.id));
    expect(out.giftcards).toEqual([
      { id: 'gc-small', back_cents: 1250, balance_cents: 1250 },
      { id: 'gc-big', back_cents: 5000, balance_cents: 5000 },
    ]);
    expect(out.giftcard).toEqual({ id: 'gc-small', balance_cents: 1250 });
    expect([store.giftCardById('gc-small')?.balance_cents, store.giftCardById('gc-big')?.balance_cents]).toEqual([1250, 5000]);
    expect(store.orderGiftCards(r.order.id)).toEqual([]);
    // An order with no per-card record (logged before it was kept) gives its whole amount to the card it names.
    const old = store.write(() => store.saveOrder({ ...r.order, id: undefined, giftcard: 'gc-big', giftcard_cents: 700 }));
    expect((await runOrderRemoveJson(String(old))).giftcards).toEqual([{ id: 'gc-big', back_cents: 700, balance_cents: 5700 }]);
  });

  it('--json keeps its shape without a portal: confirm_by and payout are null', async () => {
    const ctx = ctxAt(T);
    await runOrderAdd({ retailer: 'macys', amount: '100', card: 'amex-gold' }, ctx);
    const out = JSON.parse(ctx.stdout.join('')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['order', 'expected', 'promos', 'giftcards', 'confirm_by', 'payout', 'warnings']);
    expect(out).toMatchObject({ confirm_by: null, payout: null });
  });

  it('a failed add changes nothing (the gift card is not spent when the promo is bad)', async () => {
    store.write(() => store.upsertGiftCard({ id: 'gc-1', retailer: 'macys', balance_cents: 5000, last4: 'ABCD', code_hash: 'b'.repeat(64) }));
    await rejects(add('macys', '80', { giftCard: true, promo: ['BOGUS'] }), /BOGUS/);
    expect(store.giftCardById('gc-1')?.balance_cents).toBe(5000);
    expect(store.orderCount()).toBe(0);
  });

  it('rejects bad input with exit 2', async () => {
    await rejects(add('macys', '0'), /amount/);
    await rejects(add('macys', '10', { date: '2026-02-30' }), /--date must be a real date/);
    await rejects(add('macys', '10', { inStore: true, dining: true }), /--in-store and --dining cannot be used together/);
    await rejects(add('macys', '10', { online: true, inStore: true }), /--online and --in-store cannot be used together/);
    await rejects(add('macys', '10', { category: 'nope' }), /Unknown category "nope" \(--category\)/);
    await rejects(add('macys', '10', { portal: 'nope' }), /Unknown portal "nope" \(--portal\)/);
    await rejects(add('macys', '10', { card: 'nope' }), /Unknown card "nope" \(--card\)/);
    await rejects(add('macys', '10', { via: 'rakuten' }), /issuer travel portal/);
    await rejects(add('zzzzqqq', '10'), /Unknown retailer/);
    expect(store.orderCount()).toBe(0);
  });
});

describe('perk order list / confirm / set', () => {
  it('confirms, sets what was credited and flags what needs action', async () => {
    await add('macys', '100', { portal: 'rakuten', date: '2026-07-01' }); // 1: overdue on Nov 21 (window ended Oct 9)
    await add('macys', '100', { portal: 'rakuten', date: '2026-11-10' }); // 2
    await add('macys', '100', { portal: 'rakuten', date: '2026-11-11' }); // 3
    await runOrderConfirm({ id: '2', date: '2026-11-20', cashback: '4.50' }, ctxAt(T));
    await runOrderSet({ id: '3', status: 'ineligible' }, ctxAt(T));
    const list = await runOrderList({}, ctxAt(T));
    expect(list.map((o) => [o.id, o.status, o.flags.map((f) => f.code)])).toEqual([
      [1, 'pending', ['overdue']],
      [2, 'confirmed', ['short']],
      [3, 'ineligible', ['ineligible']],
    ]);
    expect(list[1]).toMatchObject({ confirmed_on: '2026-11-20', actual_cents: 450, expected_cents: 600 });
    expect((await runOrderList({ status: 'pending' }, ctxAt(T))).map((o) => o.id)).toEqual([1]);
    expect((await runOrderList({ since: '2026-11-01', until: '2026-11-10' }, ctxAt(T))).map((o) => o.id)).toEqual([2]);
    // The human table marks them.
    const human = ctxAt(T, false);
    await runOrderList({}, human);
    expect(human.stdout.join('\n')).toMatch(/! overdue since 2026-10-09: ask the portal/);
    expect(human.stdout.join('\n')).toMatch(/3 need action/);
  });

  it('set: back to pending clears the date; a date needs a confirmed status, cannot precede the order or follow today', async () => {
    await add('macys', '100', { portal: 'rakuten', date: '2026-11-10' });
    expect((await runOrderConfirm({ id: '1' }, ctxAt(T))).confirmed_on).toBe(T);
    expect((await runOrderSet({ id: '1', status: 'pending' }, ctxAt(T))).confirmed_on).toBeNull();
    await rejects(runOrderSet({ id: '1', date: '2026-11-20' }, ctxAt(T)), /stays pending/);
    await rejects(runOrderConfirm({ id: '1', date: '2026-11-01' }, ctxAt(T)), /before the order date/);
    await rejects(runOrderSet({ id: '1' }, ctxAt(T)), /Nothing to change/);
    await rejects(runOrderSet({ id: '99', status: 'confirmed' }, ctxAt(T)), /no order 99/);
    await rejects(runOrderSet({ id: 'x', status: 'confirmed' }, ctxAt(T)), /whole number/);
    expect((await runOrderSet({ id: '1', status: 'confirmed', date: '2026-11-15' }, ctxAt(T))).confirmed_on).toBe('2026-11-15');
    await rejects(runOrderSet({ id: '1', status: 'confirmed', date: '2026-12-01' }, ctxAt(T)), /--date 2026-12-01 is after today \(2026-11-21\)/);
    await rejects(runOrderConfirm({ id: '1', date: '2026-11-22' }, ctxAt(T)), /after today/);
    // Nothing changed by the refused ones.
    expect((await runOrderList({}, ctxAt(T)))[0]).toMatchObject({ status: 'confirmed', confirmed_on: '2026-11-15' });
  });
});

describe('perk payout', () => {
  it('next: confirmed, expected and possible with a bonus, in the SPEC shape', async () => {
    await add('macys', '100', { portal: 'rakuten', date: '2026-10-15' }); // 6% = $6.00; window ends 2027-01-23
    await runOrderConfirm({ id: '1', date: '2026-11-16' }, ctxAt(T)); // after Nov 15 → Feb 15
    await add('macys', '200', { portal: 'rakuten', card: 'rakuten-amex' }); // $20 + $8, ends 2027-03-01: possible only
    await runBonusAdd({ portal: 'rakuten', amount: '30', date: '2026-10-01' }, ctxAt(T)); // ends 2027-01-09: expected
    const [p] = await runPayoutNext({}, ctxAt(T));
    expect(p).toEqual({
      portal: 'rakuten',
      date: '2027-02-15',
      currency: 'USD',
      confirmed_cents: 600,
      expected_cents: 3600,
      possible_cents: 6400,
      minimum_cents: 501,
      will_pay: true,
      likely_pay: true,
      units: 3600,
    });
    await runBonusConfirm({ id: '1', date: '2026-11-20' }, ctxAt(T));
    expect((await runPayoutNext({ portal: 'rakuten' }, ctxAt(T)))[0]).toMatchObject({ confirmed_cents: 3600, expected_cents: 3600 });
  });

  it('MR and Bilt payouts are in units of the configured currency', async () => {
    await add('macys', '100', { portal: 'rakuten', date: '2026-10-15' });
    await runOrderConfirm({ id: '1', date: '2026-11-01' }, ctxAt(T));
    store.write(() => store.configSet('portal.rakuten.payout', 'MR'));
    expect((await runPayoutNext({}, ctxAt('2026-11-02')))[0]).toMatchObject({ date: '2026-11-15', currency: 'MR', units: 600 });
    store.write(() => {
      store.configSet('portal.rakuten.payout', 'BILT');
      const rakuten = store.portal('rakuten')!;
      store.upsertPortal({ ...rakuten, payout_options: { ...rakuten.payout_options, BILT: 0.5 } });
    });
    expect((await runPayoutNext({}, ctxAt('2026-11-02')))[0]).toMatchObject({ currency: 'BILT', units: 300 });
  });

  it('no activity: every portal with its next date (none for an on-request portal) and nothing to pay (SPEC: each portal)', async () => {
    const next = await runPayoutNext({}, ctxAt(T));
    expect(next.map((p) => [p.portal, p.date, p.expected_cents, p.will_pay])).toEqual([
      ['aadvantage', '2026-12-01', 0, false],
      ['befrugal', null, 0, false],
      ['mileageplus', '2026-12-01', 0, false],
      ['rakuten', '2027-02-15', 0, false],
      ['rapidrewards', '2026-12-01', 0, false],
      ['skymiles', '2026-12-01', 0, false],
      ['topcashback', null, 0, false],
    ]);
  });

  it('history derives past payouts and carry-over; forecast covers N quarters', async () => {
    // $5.00 confirmed before Feb 15 → carried; $0.01 more before May 15 → $5.01 paid.
    store.write(() => store.upsertRate({ portal: 'rakuten', retailer: 'nike', flat_cents: 500, from: '2026-12-01' }));
    store.write(() => store.upsertRate({ portal: 'rakuten', retailer: 'nike', flat_cents: 1, from: '2027-02-01', to: '2027-02-28' }));
    await add('nike', '50', { portal: 'rakuten', date: '2026-12-05' }, '2026-12-05');
    await runOrderConfirm({ id: '1', date: '2027-01-10' }, ctxAt('2027-01-10'));
    await add('nike', '50', { portal: 'rakuten', date: '2027-02-02' }, '2027-02-02');
    await runOrderConfirm({ id: '2', date: '2027-03-01' }, ctxAt('2027-03-01'));
    const history = await runPayoutHistory({}, ctxAt('2027-06-01'));
    expect(history.map((h) => [h.date, h.total_cents, h.paid, h.carried_cents])).toEqual([
      ['2027-02-15', 500, false, 500],
      ['2027-05-15', 501, true, 0],
    ]);
    const forecast = await runPayoutForecast({ quarters: '2' }, ctxAt('2027-06-01'));
    expect(forecast.map((f) => f.date)).toEqual(['2027-08-15', '2027-11-15']);
    await rejects(runPayoutForecast({ quarters: '0' }, ctxAt(T)), /--quarters/);
  });

  it('forecast: Rakuten $3.00 under the $5.01 minimum is carried ($0.00 paid) every quarter and draws no bar', async () => {
    await add('bestbuy', '300', { portal: 'rakuten' });
    // Expected 2027-03-01: carried from May 15 on; possible (2026-12-11) from Feb 15, but $3.00 < $5.01 either way.
    const rows = await runPayoutForecast({}, ctxAt(T));
    expect(rows.map((r) => [r.date, r.expected_cents, r.paid_cents, r.carried_cents])).toEqual([
      ['2027-02-15', 0, 0, 0],
      ['2027-05-15', 300, 0, 300],
      ['2027-08-15', 300, 0, 300],
      ['2027-11-15', 300, 0, 300],
    ]);
    const human = ctxAt(T, false);
    await runPayoutForecast({}, human);
    const bars = human.stdout.join('\n').split('\n').filter((l) => /^2027-\d\d-15 /.test(l));
    expect(bars).toHaveLength(4);
    for (const line of bars) expect(line).not.toMatch(/[█▓░]/);
    expect(bars[1]).toMatch(/\$3\.00 < min$/);
    // $2.01 more (expected 2027-03-20) makes $5.01: May 15 pays it all and draws a bar.
    await add('bestbuy', '201', { portal: 'rakuten', date: '2026-12-10' }, '2026-12-10');
    const after = await runPayoutForecast({}, ctxAt(T));
    expect(after.map((r) => [r.date, r.paid_cents, r.carried_cents])).toEqual([
      ['2027-02-15', 0, 0],
      ['2027-05-15', 501, 0],
      ['2027-08-15', 0, 0],
      ['2027-11-15', 0, 0],
    ]);
  });

  it('on request: BeFrugal $7.50 has no next date and one dateless forecast row; $30.00 confirmed today is payable today', async () => {
    await add('bestbuy', '500', { portal: 'befrugal' });
    expect(await runPayoutNext({ portal: 'befrugal' }, ctxAt(T))).toMatchObject([{ date: null, expected_cents: 750, likely_pay: false }]);
    const forecast = await runPayoutForecast({ portal: 'befrugal' }, ctxAt(T));
    expect(forecast).toMatchObject([{ date: null, paid_cents: 0, carried_cents: 750 }]);
    const human = ctxAt(T, false);
    await runPayoutNext({ portal: 'befrugal' }, human);
    expect(human.stdout.join(' ').replace(/\s+/g, ' ')).toContain('BeFrugal pays on request: not paid until the BeFrugal balance reaches $25.00 ($7.50 expected so far).');
    for (const d of ['2026-11-22', '2026-11-23', '2026-11-24']) await add('bestbuy', '500', { portal: 'befrugal', date: d }, d);
    for (const id of ['1', '2', '3', '4']) await runOrderConfirm({ id, date: '2027-01-05' }, ctxAt('2027-01-05'));
    expect(await runPayoutNext({ portal: 'befrugal' }, ctxAt('2027-01-05'))).toMatchObject([{ date: '2027-01-05', confirmed_cents: 3000, will_pay: true }]);
    const history = await runPayoutHistory({ portal: 'befrugal' }, ctxAt('2027-01-06'));
    expect(history).toMatchObject([{ date: '2027-01-05', total_cents: 3000, paid_cents: 3000 }]);
  });

  it('the forecast chart fits 80 columns, has no color codes and a legend', async () => {
    await add('macys', '1000', { portal: 'rakuten', card: 'rakuten-amex', date: '2026-10-01' });
    await add('macys', '300', { portal: 'rakuten', date: '2026-11-01' });
    await runOrderConfirm({ id: '2', date: '2026-11-18' }, ctxAt(T));
    await add('nike', '150', { portal: 'topcashback', date: '2026-11-01' });
    const human = ctxAt(T, false);
    await runPayoutForecast({}, human);
    const text = human.stdout.join('\n');
    for (const line of text.split('\n').slice(-10)) expect([...line].length).toBeLessThanOrEqual(80);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b\[/);
    expect(text).toMatch(/█ confirmed {3}▓ expected {3}░ possible {3}¦ minimum/);
    expect(text).toMatch(/rakuten +2027-02-15 +█+▓*░*/);
  });
});

describe('perk card shows cap use from the order log', () => {
  it('the 4% via Rakuten cap of the Rakuten Amex card and the Gold dining cap', async () => {
    await add('macys', '1,500', { portal: 'rakuten', card: 'rakuten-amex', date: '2026-10-05' });
    await add('macys', '500', { card: 'rakuten-amex', date: '2026-03-02' }); // not via rakuten: does not count
    // Rakuten had no Macy's rate yet: it credits nothing, so the 4x rule neither earns nor counts it (SPEC 9.7).
    await add('macys', '800', { portal: 'rakuten', card: 'rakuten-amex', date: '2026-03-01' });
    await add('olive garden', '100', { card: 'amex-gold', dining: true });
    const ctx = ctxAt(T);
    await runCard({ id: 'rakuten-amex' }, ctx);
    const card = JSON.parse(ctx.stdout.join('')) as { card: { earn: Array<{ via?: string; cap?: { used_cents: number; left_cents: number } }> } };
    expect(card.card.earn.find((r) => r.via === 'rakuten' && r.cap)?.cap).toMatchObject({ used_cents: 150_000, left_cents: 550_000 });
    const gold = ctxAt(T);
    await runCard({ id: 'amex-gold' }, gold);
    const g = JSON.parse(gold.stdout.join('')) as { card: { earn: Array<{ category?: string; cap?: { used_cents: number } }> } };
    expect(g.card.earn.find((r) => r.category === 'dining')?.cap?.used_cents).toBe(10_000);
  });
});

describe('perk order import', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('imports rows with the order add fields, consuming uses in turn', async () => {
    loadExamples(store); // amex-macys-25 and SAVE10 (SPEC 9.6: not in the seeded data)
    const file = write(
      'ok.csv',
      'retailer,amount,date,card,portal,offer,promo,channel,note,status,confirmed_on,cashback\n' +
        'macys,200,2026-11-21,amex-gold,rakuten,amex-macys-25,,,first,,,\n' +
        '"Olive Garden","$1,064.20",2026-11-21,rakuten-amex,rakuten,,,dining,,,,\n' +
        'macys,60,2026-11-02,,rakuten,,SAVE10,,,confirmed,2026-11-10,0\n',
    );
    const r = await runOrderImport({ file }, ctxAt(T));
    expect(r).toMatchObject({ imported: 3, first_id: 1, last_id: 3 });
    const orders = store.orders();
    expect(orders.map((o) => [o.retailer, o.amount_cents, o.expected_cents, o.status, o.actual_cents])).toEqual([
      ['macys', 6000, 0, 'confirmed', 0],
      ['macys', 20000, 2000, 'pending', null],
      ['olive-garden', 106420, 10642, 'pending', null],
    ]);
    // The offer's use is consumed: a second import using it fails and writes nothing.
    const again = write('again.csv', 'retailer,amount,card,offer\nnike,20,,\nmacys,100,amex-gold,amex-macys-25\n');
    await expect(runOrderImport({ file: again }, ctxAt(T))).rejects.toThrow(/again\.csv line 3, field "offer": amex-macys-25 has no uses left/);
    expect(store.orderCount()).toBe(3);
  });

  it.each([
    ['retailer,amount\nmacys,10\nmacys,ten\n', /line 3, field "amount"/],
    ['retailer,amount\nmacys,10\nnowhere-store-x,10\n', /line 3, field "retailer": Unknown retailer/],
    ['retailer,amount,date\nmacys,10,2026-13-01\n', /line 2, field "date"/],
    ['retailer,amount,card\nmacys,10,nope\n', /line 2, field "card": unknown card "nope"/],
    ['retailer,amount,channel\nmacys,10,phone\n', /line 2, field "channel"/],
    ['retailer,amount,status\nmacys,10,lost\n', /line 2, field "status"/],
    ['retailer,amount,gift_card\nmacys,10,maybe\n', /line 2, field "gift_card"/],
    ['retailer,amount,promo\nmacys,10,NOPE\n', /line 2, field "promo"/],
    ['retailer,amount,confirmed_on\nmacys,10,2000-01-01\n', /line 2, field "confirmed_on": 2000-01-01 is before/],
    ['retailer,amount,date,confirmed_on\nmacys,10,2026-11-20,2026-11-22\n', /line 2, field "confirmed_on": 2026-11-22 is after today \(2026-11-21\)/],
    ['retailer,amount\nmacys,10\nmacys\n', /line 3 has 1 columns but the header has 2/],
    ['retailer,price\nmacys,10\n', /line 1: unknown column "price"/],
    ['retailer,date\nmacys,2026-11-01\n', /line 1: the header has no "amount" column/],
    ['retailer,amount\n"macys,10\n', /not valid CSV/],
    ['', /is empty/],
  ])('%j → an error naming the line and field, nothing written', async (text, pattern) => {
    const file = write('bad.csv', text);
    await expect(runOrderImport({ file }, ctxAt(T))).rejects.toThrow(pattern);
    expect(store.orderCount()).toBe(0);
  });

  it('imports 1,000 rows in one transaction', async () => {
    const rows = ['retailer,amount,date,card,portal'];
    for (let i = 0; i < 1000; i++) rows.push(`macys,${(i % 50) + 10}.25,2026-11-${String((i % 20) + 1).padStart(2, '0')},rakuten-amex,rakuten`);
    const file = write('many.csv', `${rows.join('\n')}\n`);
    const started = performance.now();
    const r = await runOrderImport({ file }, ctxAt(T));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.imported).toBe(1000);
    expect(store.orderCount()).toBe(1000);
  });
});

describe('renderStackedBars', () => {
  const segments = [
    { label: 'confirmed', fill: '█' },
    { label: 'expected', fill: '▓' },
    { label: 'possible', fill: '░' },
  ];

  it('scales bars to the widest, keeps segments in order and fits the width', () => {
    const text = renderStackedBars(
      [
        { label: 'a', values: [100, 100, 0], note: '$2.00' },
        { label: 'b', values: [0, 0, 400], note: '$0.00' },
      ],
      { segments, width: 50 },
    );
    // Bar width: 50 − label (1) − note (5) − 4 spaces = 40 cells for the largest total (400).
    const [a, b, legend] = text.split('\n');
    const count = (line: string | undefined, ch: string) => [...(line ?? '')].filter((c) => c === ch).length;
    expect(a).toMatch(/^a {2}█+▓+ +\$2\.00$/);
    expect(b).toMatch(/^b {2}░+ {2}\$0\.00$/);
    expect([count(a, '█'), count(a, '▓'), count(b, '░')]).toEqual([10, 10, 40]);
    expect(legend).toMatch(/█ confirmed {3}▓ expected {3}░ possible/);
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(50);
  });

  it('draws the threshold marker where the bar does not reach it', () => {
    const text = renderStackedBars([{ label: 'x', values: [10, 0, 0], note: '', threshold: 100 }], {
      segments,
      width: 30,
      marker: { char: '¦', label: 'minimum' },
    });
    expect(text.split('\n')[0]).toMatch(/^x {2}█+ +¦$/);
    expect(text).toMatch(/¦ minimum/);
  });

  it('shows any positive amount as at least one cell', () => {
    const text = renderStackedBars([{ label: 'x', values: [1, 0, 0], note: '' }, { label: 'y', values: [100000, 0, 0], note: '' }], { segments, width: 30 });
    expect(text.split('\n')[0]).toMatch(/█/);
  });
});
