// End to end: the built bin/perk.js against temp databases (seeded on first use) for the order log,
// bonuses and payouts: log with --today, confirm, read `payout next --json`; bulk import, atomically.
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

interface NextJson {
  payouts: Array<Record<string, unknown>>;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-orders-e2e-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('orders and payouts through bin/perk.js', () => {
  it('logs orders, confirms some and reads payout next --json', () => {
    const db = path.join(dir, 'flow.db');
    const added = json<{ order: { id: number; expected_cents: number } }>(db, [
      'order', 'add', 'macys', '100', '--portal', 'rakuten', '--date', '2026-10-15', '--today', '2026-11-21',
    ]);
    expect(added.order).toMatchObject({ id: 1, expected_cents: 600 });
    ok(db, ['order', 'add', 'macys', '$1,000', '--portal', 'rakuten', '--card', 'rakuten-amex', '--today', '2026-11-21']);
    ok(db, ['order', 'add', 'olive-garden', '80', '--dining', '--portal', 'rakuten', '--today', '2026-11-21']);
    ok(db, ['order', 'confirm', '1', '--date', '2026-11-16', '--today', '2026-11-21']);
    ok(db, ['bonus', 'add', 'rakuten', '30', '--date', '2026-11-01', '--today', '2026-11-21']);
    ok(db, ['bonus', 'confirm', '1', '--date', '2026-11-14', '--today', '2026-11-21']);

    // Before Nov 15: only the bonus is confirmed (Nov 14 < Nov 15) and it pays.
    // Every portal is listed, the ones with orders or bonuses first.
    const nov = json<NextJson>(db, ['payout', 'next', '--today', '2026-11-15']);
    expect(nov.payouts.map((p) => p.portal)).toEqual(['rakuten', 'aadvantage', 'befrugal', 'mileageplus', 'rapidrewards', 'skymiles', 'topcashback']);
    expect(nov.payouts.slice(0, 1)).toEqual([
      {
        portal: 'rakuten',
        date: '2026-11-15',
        currency: 'USD',
        confirmed_cents: 3000,
        expected_cents: 3000,
        possible_cents: 3000,
        minimum_cents: 501,
        will_pay: true,
        likely_pay: true,
        units: 3000,
      },
    ]);
    // After it: order 1 (confirmed Nov 16) is confirmed for Feb 15; Olive Garden (dining, 25 days) is
    // expected; the $1,000 order (window ends 2027-03-01) is only possible. Year rollover Nov → Feb.
    const feb = json<NextJson>(db, ['payout', '--today', '2026-11-21']);
    expect(feb.payouts.slice(0, 1)).toEqual([
      {
        portal: 'rakuten',
        date: '2027-02-15',
        currency: 'USD',
        confirmed_cents: 600,
        expected_cents: 1000,
        possible_cents: 15000,
        minimum_cents: 501,
        will_pay: true,
        likely_pay: true,
        units: 1000,
      },
    ]);
    // Paid in Membership Rewards: 1 MR per cent.
    ok(db, ['config', 'set', 'portal.rakuten.payout', 'MR']);
    expect(json<NextJson>(db, ['payout', 'next', '--portal', 'rakuten', '--today', '2026-11-21']).payouts[0]).toMatchObject({ currency: 'MR', units: 1000 });

    const history = json<{ history: Array<Record<string, unknown>> }>(db, ['payout', 'history', '--today', '2026-11-21']);
    expect(history.history).toEqual([
      { portal: 'rakuten', date: '2026-11-15', currency: 'MR', total_cents: 3000, paid: true, paid_cents: 3000, carried_cents: 0, units: 3000 },
    ]);
  });

  it('a bad order is exit 2 with one sentence on stderr, and changes nothing', () => {
    const db = path.join(dir, 'bad.db');
    ok(db, ['load', 'data/examples/promos.json']); // SAVE10: one use (SPEC 9.6: not in the seeded data)
    ok(db, ['order', 'add', 'macys', '60', '--promo', 'SAVE10', '--today', '2026-11-21']);
    const r = perk(db, ['order', 'add', 'macys', '60', '--promo', 'SAVE10', '--today', '2026-11-21']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^perk: SAVE10 has no uses left/);
    expect(json<{ orders: unknown[] }>(db, ['order', 'list']).orders).toHaveLength(1);
    expect(perk(db, ['order', 'confirm', '7']).code).toBe(2);
    expect(perk(db, ['payout', 'forecast', '--quarters', 'x']).code).toBe(2);
  });

  it('imports a CSV of 1,000 orders atomically; a malformed one names its line and imports nothing', () => {
    const db = path.join(dir, 'import.db');
    const rows = ['retailer,amount,date,card,portal,channel,note'];
    for (let i = 0; i < 1000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0');
      rows.push(i % 10 === 0 ? `Olive Garden,${20 + (i % 7)}.50,2026-10-${day},rakuten-amex,rakuten,dining,row ${i}` : `macys,${10 + (i % 90)},2026-10-${day},,rakuten,,row ${i}`);
    }
    const good = path.join(dir, 'orders.csv');
    fs.writeFileSync(good, `${rows.join('\n')}\n`);
    const result = json<{ imported: number; first_id: number; last_id: number }>(db, ['order', 'import', good, '--today', '2026-11-21']);
    expect(result).toMatchObject({ imported: 1000, first_id: 1, last_id: 1000 });
    const before = ok(db, ['export', '--kind', 'orders']);
    expect((JSON.parse(before) as { orders: unknown[] }).orders).toHaveLength(1000);

    const badRows = [...rows.slice(0, 500), 'macys,12.3.4,2026-10-01,,rakuten,,broken', ...rows.slice(500, 700)];
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${badRows.join('\n')}\n`);
    const r = perk(db, ['order', 'import', bad, '--today', '2026-11-21']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${bad} line 501, field "amount"`);
    expect(ok(db, ['export', '--kind', 'orders'])).toBe(before);
  });

  it('the forecast reads well in 80 columns without color', () => {
    const db = path.join(dir, 'chart.db');
    ok(db, ['order', 'add', 'macys', '500', '--portal', 'rakuten', '--card', 'rakuten-amex', '--date', '2026-10-02', '--today', '2026-11-21']);
    ok(db, ['order', 'add', 'macys', '300', '--portal', 'rakuten', '--date', '2026-11-02', '--today', '2026-11-21']);
    ok(db, ['order', 'confirm', '1', '--date', '2026-11-18', '--today', '2026-11-21']);
    const text = ok(db, ['payout', 'forecast', '--today', '2026-11-21']);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/\u001b\[/);
    for (const line of text.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/2027-02-15 +█+/);
    expect(text).toMatch(/█ confirmed {3}▓ expected {3}░ possible {3}¦ minimum/);
    const forecast = json<{ payouts: Array<{ date: string }> }>(db, ['payout', 'forecast', '--today', '2026-11-21']);
    expect(forecast.payouts.map((p) => p.date)).toEqual(['2027-02-15', '2027-05-15', '2027-08-15', '2027-11-15']);
  });
  it('a Rakuten card bonus cap counts only the orders Rakuten credits (SPEC 9.7): $7,000 of gift cards leaves Macy\'s $200 at 4%', () => {
    const db = path.join(dir, 'credited.db');
    const T = ['--today', '2026-11-21'];
    const cardEarn = (d: string) => {
      const s = json<{ options: Array<{ components: Array<{ source: string; units: number }> }> }>(d, ['stack', 'macys', '200', '--card', 'rakuten-amex', '--portal', 'rakuten', ...T]);
      return s.options[0]!.components.find((c) => c.source === 'card')!.units;
    };
    const capUsed = (d: string) =>
      json<{ card: { earn: Array<{ cap?: { used_cents: number } }> } }>(d, ['card', 'rakuten-amex', ...T]).card.earn[0]!.cap!.used_cents;

    // Rakuten excludes gift cards: no cash back from the rate, so the card earns its 1% ($70.00), not 4%.
    const r = perk(db, ['order', 'add', 'giftcards-com', '7000', '--card', 'rakuten-amex', '--portal', 'rakuten', '--date', '2026-11-01', ...T, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { order: Record<string, unknown> }).order).toMatchObject({ expected_cents: 7000, portal_credited: false });
    // The $7,000 used none of the 4x rule's $7,000 cap: Macy's $200 earns 4% = $8.00, not 1% = $2.00.
    expect(capUsed(db)).toBe(0);
    expect(cardEarn(db)).toBe(800);
    expect(ok(db, ['card', 'rakuten-amex', ...T])).toMatch(/4% +everything +rakuten +\$7,000\.00\/year +\$0\.00 +\$7,000\.00/);

    // Export and load elsewhere: the flag goes with the order.
    const file = path.join(dir, 'credited-export.json');
    fs.writeFileSync(file, ok(db, ['export']));
    const copy = path.join(dir, 'credited-copy.db');
    ok(copy, ['load', file, ...T]);
    expect(capUsed(copy)).toBe(0);
    expect(cardEarn(copy)).toBe(800);

    // A credited Macy's order of $7,000 does use the cap: then $200 earns 1% = $2.00 …
    // (it is this order, not the gift cards, that reaches the cap).
    const macys = perk(db, ['order', 'add', 'macys', '7000', '--card', 'rakuten-amex', '--portal', 'rakuten', '--date', '2026-11-02', ...T]);
    expect(macys.code).toBe(0);
    expect(macys.stderr).toBe("warning: This order reaches the $7,000.00 year cap of rakuten-amex's 4x rule.\n");
    expect(capUsed(db)).toBe(700000);
    expect(cardEarn(db)).toBe(200);
    // … until Rakuten is found to have credited it $0.00: it did not credit it, and the cap is free again.
    ok(db, ['order', 'set', '2', '--status', 'confirmed', '--cashback', '0', ...T, '--json']);
    expect(capUsed(db)).toBe(0);
    expect(cardEarn(db)).toBe(800);
  });
});
