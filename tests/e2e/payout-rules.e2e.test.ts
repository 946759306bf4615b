// End to end: SPEC 9.9–9.11 through the built bin/perk.js against temp databases — payout minimums in
// `order add` and the forecast, on-request portals (BeFrugal, TopCashback), and `order add --trip-end`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okOut, perkAt } from '../helpers/spawn.js';

let dir: string;

const perk = (db: string, args: string[]) => perkAt(db, args);
const ok = (db: string, args: string[]): string => okOut(perk(db, args));

function json<T>(db: string, args: string[]): T {
  return JSON.parse(ok(db, [...args, '--json'])) as T;
}

interface Added {
  order: { id: number; expected_cents: number; trip_end: string | null };
  confirm_by: string | null;
  payout: string | null;
}
interface ForecastRow {
  portal: string;
  date: string | null;
  expected_cents: number;
  paid_cents: number;
  carried_cents: number;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-payout-rules-e2e-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('payout minimums (SPEC 9.9)', () => {
  it('order add bestbuy 500 --portal befrugal: $7.50 under the $25.00 minimum has no payout date', () => {
    const db = path.join(dir, 'befrugal.db');
    const added = json<Added>(db, ['order', 'add', 'bestbuy', '500', '--portal', 'befrugal', '--today', '2026-11-21']);
    expect(added).toMatchObject({ order: { expected_cents: 750 }, confirm_by: '2027-02-19', payout: null });
    const text = ok(db, ['order', 'add', 'bestbuy', '500', '--portal', 'befrugal', '--today', '2026-11-21']);
    expect(text).toContain('expected cash back: $7.50 (1.5%)');
    expect(text).toContain('should confirm by 2027-02-19; not paid until the BeFrugal balance reaches $25.00');
    expect(text).not.toContain('likely paid');
  });

  it('Rakuten Best Buy $300 = $3.00 under $5.01: no payout date, forecast pays $0.00 and carries $3.00, the chart draws no bar; $2.01 more → paid 2027-05-15', () => {
    const db = path.join(dir, 'rakuten-min.db');
    expect(json<Added>(db, ['order', 'add', 'bestbuy', '300', '--portal', 'rakuten', '--today', '2026-11-21'])).toMatchObject({
      order: { expected_cents: 300 },
      confirm_by: '2027-03-01',
      payout: null,
    });
    const forecast = json<{ payouts: ForecastRow[] }>(db, ['payout', 'forecast', '--today', '2026-11-21']);
    expect(forecast.payouts.map((p) => [p.date, p.expected_cents, p.paid_cents, p.carried_cents])).toEqual([
      ['2027-02-15', 0, 0, 0],
      ['2027-05-15', 300, 0, 300],
      ['2027-08-15', 300, 0, 300],
      ['2027-11-15', 300, 0, 300],
    ]);
    const chart = ok(db, ['payout', 'forecast', '--today', '2026-11-21']).split('\n').filter((l) => /^2027-\d\d-15 /.test(l));
    expect(chart).toHaveLength(4);
    for (const line of chart) expect(line).not.toMatch(/[█▓░]/);

    // $2.01 on Dec 10 (expected 2027-03-20): $5.01 reaches the minimum on May 15, which pays both.
    const text = ok(db, ['order', 'add', 'bestbuy', '201', '--portal', 'rakuten', '--today', '2026-12-10']);
    expect(text).toContain('should confirm by 2027-03-20; likely paid 2027-05-15');
    const after = json<{ payouts: ForecastRow[] }>(db, ['payout', 'forecast', '--today', '2026-12-10']);
    expect(after.payouts.map((p) => [p.date, p.paid_cents, p.carried_cents])).toEqual([
      ['2027-02-15', 0, 0],
      ['2027-05-15', 501, 0],
      ['2027-08-15', 0, 0],
      ['2027-11-15', 0, 0],
    ]);
    expect(ok(db, ['payout', 'forecast', '--today', '2026-12-10'])).toMatch(/^2027-05-15 +▓+ +\$5\.01$/m);
  });
});

describe('on-request portals (SPEC 9.10)', () => {
  it('BeFrugal: four $7.50 orders reach $25.00 on 2027-02-22; confirmed on 2027-01-05, payout next says today', () => {
    const db = path.join(dir, 'on-request.db');
    // No activity: on-request portals have no date.
    const empty = json<{ payouts: Array<{ portal: string; date: string | null }> }>(db, ['payout', 'next', '--today', '2026-11-21']);
    // (The airline miles portals of SPEC 11.4 pay monthly; only the cash-back portals are checked here.)
    const cashBack = new Set(['befrugal', 'rakuten', 'topcashback']);
    expect(empty.payouts.filter((p) => cashBack.has(p.portal)).map((p) => [p.portal, p.date])).toEqual([
      ['befrugal', null],
      ['rakuten', '2027-02-15'],
      ['topcashback', null],
    ]);
    const days = ['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'];
    const added = days.map((d) => json<Added>(db, ['order', 'add', 'bestbuy', '500', '--portal', 'befrugal', '--today', d]));
    // $7.50, $15.00, $22.50 are below the minimum; the fourth makes $30.00 on its window's end.
    expect(added.map((a) => a.payout)).toEqual([null, null, null, '2027-02-22']);
    const next = json<{ payouts: Array<Record<string, unknown>> }>(db, ['payout', 'next', '--portal', 'befrugal', '--today', '2026-11-24']);
    expect(next.payouts).toEqual([
      {
        portal: 'befrugal',
        date: '2027-02-22',
        currency: 'USD',
        confirmed_cents: 0,
        expected_cents: 3000,
        possible_cents: 3000,
        minimum_cents: 2500,
        will_pay: false,
        likely_pay: true,
        units: 3000,
      },
    ]);
    for (const id of ['1', '2', '3', '4']) ok(db, ['order', 'confirm', id, '--date', '2027-01-05', '--today', '2027-01-05']);
    const today = json<{ payouts: Array<Record<string, unknown>> }>(db, ['payout', 'next', '--portal', 'befrugal', '--today', '2027-01-05']);
    expect(today.payouts[0]).toMatchObject({ date: '2027-01-05', confirmed_cents: 3000, will_pay: true });
    expect(ok(db, ['payout', 'next', '--portal', 'befrugal', '--today', '2027-01-05']).replace(/\s+/g, ' ')).toContain(
      'BeFrugal pays on request: $30.00 is confirmed, at least the $25.00 minimum: ask BeFrugal for the payout now.',
    );
    const history = json<{ history: Array<Record<string, unknown>> }>(db, ['payout', 'history', '--today', '2027-02-01']);
    expect(history.history).toEqual([
      { portal: 'befrugal', date: '2027-01-05', currency: 'USD', total_cents: 3000, paid: true, paid_cents: 3000, carried_cents: 0, units: 3000 },
    ]);
  });

  it('the loader takes either form and export round-trips it; a portal with both is exit 2 and loads nothing', () => {
    const db = path.join(dir, 'portals.db');
    const exported = json<{ portals: Array<{ id: string; payout: unknown }> }>(db, ['export', '--kind', 'portals']);
    const cashBack = new Set(['befrugal', 'rakuten', 'topcashback']);
    expect(exported.portals.filter((p) => cashBack.has(p.id)).map((p) => [p.id, p.payout])).toEqual([
      ['befrugal', { on_request: true, minimum_cents: 2500 }],
      ['rakuten', { months: [2, 5, 8, 11], day: 15, minimum_cents: 501 }],
      ['topcashback', { on_request: true, minimum_cents: 1 }],
    ]);
    const file = path.join(dir, 'portals.json');
    fs.writeFileSync(file, JSON.stringify(exported));
    const other = path.join(dir, 'portals-empty.db');
    ok(other, ['init', '--empty']);
    ok(other, ['load', path.join('data', '02-currencies.json'), file]);
    expect(json<unknown>(other, ['export', '--kind', 'portals'])).toEqual(exported);

    const both = path.join(dir, 'both.json');
    const bad = { ...exported.portals[0], payout: { on_request: true, months: [1], day: 1, minimum_cents: 2500 } };
    fs.writeFileSync(both, JSON.stringify({ portals: [bad] }));
    const r = perk(other, ['load', both]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${both} line 1 (portals): field "payout.months": an on-request payout ("on_request": true) has no "months" or "day": give one form, not both.`);
    expect(json<unknown>(other, ['export', '--kind', 'portals'])).toEqual(exported);
  });
});

describe('travel confirms after the trip (SPEC 9.11)', () => {
  it('Rakuten Marriott $1,000 (2% = $20.00) booked 2026-12-01, trip ends 2027-01-20: confirm by 2027-05-20, likely paid 2027-08-15; not overdue on 2027-05-12', () => {
    const db = path.join(dir, 'trip.db');
    const added = json<Added>(db, ['order', 'add', 'marriott', '1000', '--portal', 'rakuten', '--date', '2026-12-01', '--trip-end', '2027-01-20', '--today', '2026-12-01']);
    expect(added).toMatchObject({ order: { expected_cents: 2000, trip_end: '2027-01-20' }, confirm_by: '2027-05-20', payout: '2027-08-15' });
    // The same booking without a trip end: 2026-12-01 + 120 = 2027-03-31 → May 15.
    const plain = json<Added>(db, ['order', 'add', 'marriott', '1000', '--portal', 'rakuten', '--date', '2026-12-01', '--today', '2026-12-01']);
    expect(plain).toMatchObject({ confirm_by: '2027-03-31', payout: '2027-05-15' });

    // May 15 expects only the plain booking; Aug 15 the trip.
    const forecast = json<{ payouts: ForecastRow[] }>(db, ['payout', 'forecast', '--today', '2026-12-01']);
    expect(forecast.payouts.slice(1, 3).map((p) => [p.date, p.expected_cents, p.paid_cents])).toEqual([
      ['2027-05-15', 2000, 2000],
      ['2027-08-15', 2000, 2000],
    ]);
    const list = json<{ orders: Array<{ id: number; flags: Array<{ code: string; message: string }> }> }>(db, ['order', 'list', '--today', '2027-05-12']);
    expect(list.orders.map((o) => [o.id, o.flags.map((f) => f.message)])).toEqual([
      [1, []],
      [2, ['overdue since 2027-03-31: ask the portal']],
    ]);
    expect(json<{ orders: Array<{ flags: Array<{ message: string }> }> }>(db, ['order', 'list', '--today', '2027-05-21']).orders[0]?.flags[0]?.message).toBe(
      'overdue since 2027-05-20: ask the portal',
    );
  });

  it('--trip-end outside travel or before the order date is exit 2 with one sentence, and nothing is written', () => {
    const db = path.join(dir, 'trip-bad.db');
    const notTravel = perk(db, ['order', 'add', 'macys', '100', '--portal', 'rakuten', '--trip-end', '2027-01-20', '--today', '2026-12-01']);
    expect(notTravel.code).toBe(2);
    expect(notTravel.stdout).toBe('');
    expect(notTravel.stderr).toMatch(/^perk: A trip end is only for travel, and department_store is not travel or under it \(--trip-end\)\.\n/);
    const before = perk(db, ['order', 'add', 'marriott', '100', '--date', '2026-12-01', '--trip-end', '2026-11-30', '--today', '2026-12-01']);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^perk: The trip ends 2026-11-30, before the order date 2026-12-01 \(--trip-end\)\.\n/);
    expect(json<{ orders: unknown[] }>(db, ['order', 'list']).orders).toEqual([]);
  });

  it('trip_end goes through order import, export (JSON and CSV) and perk load', () => {
    const db = path.join(dir, 'trip-io.db');
    const csv = path.join(dir, 'trips.csv');
    fs.writeFileSync(csv, 'retailer,amount,date,portal,trip_end\nmarriott,1000,2026-12-01,rakuten,2027-01-20\nmacys,50,2026-12-01,rakuten,\n');
    expect(json<{ imported: number }>(db, ['order', 'import', csv, '--today', '2026-12-01']).imported).toBe(2);
    const orders = json<{ orders: Array<{ id: number; trip_end?: string }> }>(db, ['export', '--kind', 'orders']).orders;
    expect(orders.map((o) => [o.id, o.trip_end])).toEqual([
      [1, '2027-01-20'],
      [2, undefined],
    ]);
    const exportedCsv = ok(db, ['export', '--kind', 'orders', '--format', 'csv']);
    expect(exportedCsv.split('\n')[0]).toMatch(/,trip_end$/);
    const csvFile = path.join(dir, 'orders-export.csv');
    fs.writeFileSync(csvFile, exportedCsv);
    const other = path.join(dir, 'trip-io-2.db');
    ok(other, ['load', csvFile]);
    expect(ok(other, ['export', '--kind', 'orders', '--format', 'csv'])).toBe(exportedCsv);

    // A row whose trip end is outside travel names its line and field; nothing is imported.
    const bad = path.join(dir, 'trips-bad.csv');
    fs.writeFileSync(bad, 'retailer,amount,date,trip_end\nmarriott,100,2026-12-01,2027-01-02\nmacys,100,2026-12-01,2027-01-02\n');
    const r = perk(other, ['order', 'import', bad, '--today', '2026-12-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} line 3, field "trip_end": a trip end is only for travel, and department_store is not travel or under it.`);
    expect(ok(other, ['export', '--kind', 'orders', '--format', 'csv'])).toBe(exportedCsv);
  });
});
