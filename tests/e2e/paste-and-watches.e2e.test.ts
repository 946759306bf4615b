// SPEC 11 through the built bin/perk.js on a seeded temp database: offer and rate paste, rate history,
// watches, and airline (miles) portals in the stack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okOut, perkAt } from '../helpers/spawn.js';

let dir: string;
let db: string;
const fixture = (name: string) => fs.readFileSync(path.join('tests', 'fixtures', 'paste', name), 'utf8');

const perk = (args: string[], input = '') => perkAt(db, ['--today', '2026-11-21', ...args], { input });
const json = (args: string[], input = '') => JSON.parse(okOut(perk([...args, '--json'], input))) as Record<string, unknown>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-fresh-e2e-'));
  db = path.join(dir, 'perk.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('perk stack with an airline shopping portal (SPEC 11.4)', () => {
  it('ranks the AAdvantage rate by the miles value and says miles per dollar', () => {
    const r = json(['stack', 'macys', '200']) as { options: Array<{ rank: number; card: string; portal: string | null; payout: string; rate: string; total_value_cents: number; components: Array<Record<string, unknown>>; explanation: string }> };
    const aa = r.options.find((o) => o.card === 'chase-freedom-flex' && o.portal === 'aadvantage')!;
    // 4 miles/$ on $200 = 800 AA miles at 1.65¢ = $13.20; + 1,000 UR at 1.0¢ (no Sapphire) = $23.20.
    expect(aa.components[0]).toEqual({ source: 'portal', id: 'aadvantage', currency: 'AA', units: 800, value_cents: 1320 });
    expect(aa.payout).toBe('AA');
    expect(aa.rate).toBe('4 miles/$');
    expect(aa.total_value_cents).toBe(2320);
    expect(aa.explanation).toBe('American AAdvantage eShopping 4 miles per dollar as 800 AA ($13.20) + 1,000 UR ($10.00) = $23.20, 11.6%');
    // Between TopCashback 7% ($14.00 + $10.00) and BeFrugal 6.5% ($13.00 + $10.00).
    const ffx = r.options.filter((o) => o.card === 'chase-freedom-flex').map((o) => o.portal);
    expect(ffx.indexOf('aadvantage')).toBe(ffx.indexOf('topcashback') + 1);
    expect(ffx.indexOf('befrugal')).toBe(ffx.indexOf('aadvantage') + 1);
  });
});

describe('perk offer paste (SPEC 11.1)', () => {
  it('a page with nothing recognisable is exit 2 and saves nothing', () => {
    const r = perk(['offer', 'paste', '--card', 'amex-gold', '--yes'], fixture('nothing.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^perk: No card-linked offer found in the pasted text: nothing was saved\./);
    expect(json(['offers'])).toMatchObject({ offers: [] });
  });

  it('--json without --yes prints the parsed offers and saves nothing', () => {
    const out = json(['offer', 'paste', '--card', 'amex-gold'], fixture('amex-offers.txt')) as {
      saved: boolean;
      offers: Array<{ retailer: string; status: string; offer: Record<string, unknown> }>;
      unknown: Array<{ merchant: string; suggestions: string[] }>;
      unreadable: unknown[];
    };
    expect(out.saved).toBe(false);
    expect(out.offers.map((o) => o.retailer)).toEqual(['macys', 'saks', 'dell', 'sephora', 'ulta']);
    expect(out.offers[0]!.offer).toEqual({
      id: 'amex-gold.macys-15-on-75',
      issuer: 'amex',
      card: 'amex-gold',
      retailer: 'macys',
      kind: 'credit',
      min_spend_cents: 7500,
      credit_cents: 1500,
      max_uses: 1,
      to: '2026-12-31',
      click_through: false,
    });
    expect(out.unknown).toEqual([{ line: 36, merchant: 'Hilton Grand Vacations', suggestions: expect.arrayContaining(['hilton']) as unknown }]);
    expect(out.unreadable).toHaveLength(1);
    expect(json(['offers'])).toMatchObject({ offers: [] });
  });

  it('without a terminal and without --yes: exit 2, nothing saved', () => {
    const r = perk(['offer', 'paste', '--card', 'amex-gold'], fixture('amex-offers.txt'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Nothing was saved: there is no terminal to confirm on\.\nAdd --yes/);
    expect(json(['offers'])).toMatchObject({ offers: [] });
  });

  it('--yes saves the offers with "added" from the page; a second paste changes nothing', () => {
    const r = perk(['offer', 'paste', '--card', 'amex-gold', '--yes'], fixture('amex-offers.txt'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Saved 5 offers\./);
    expect(r.stdout).toMatch(/Unknown merchant "Hilton Grand Vacations" \(line 36\): not saved; did you mean hilton/);
    const offers = (json(['offers']) as { offers: Array<{ id: string; status: string }> }).offers;
    expect(offers.map((o) => o.id).sort()).toEqual([
      'amex-gold.dell-100-on-500',
      'amex-gold.macys-15-on-75',
      'amex-gold.saks-3x-max-6000',
      'amex-gold.sephora-10pct-max-15',
      'amex-gold.ulta-2500pts-on-50',
    ]);
    const again = perk(['offer', 'paste', '--card', 'amex-gold', '--yes'], fixture('amex-offers.txt'));
    expect(again.stdout).toMatch(/Nothing new: every offer found is already saved\./);
    // The Macy's offer (added) now tops the stack; the Saks one is counted with the add-it warning.
    const saks = json(['stack', 'saks', '100', '--card', 'amex-gold']) as { options: Array<{ offer: string | null; warnings: string[] }> };
    expect(saks.options[0]!.offer).toBe('amex-gold.saks-3x-max-6000');
    expect(saks.options[0]!.warnings).toContain('add amex-gold.saks-3x-max-6000 to amex-gold before you pay');
  });
});

describe('perk rate paste, rates history and watches (SPEC 11.2, 11.3)', () => {
  it('watch add, then a pasted rate that makes it hit is reported; perk watch --json has the SPEC shape', () => {
    const added = json(['watch', 'add', 'nike', '20%', '--amount', '100']) as { watch: { hit: boolean } };
    expect(added.watch.hit).toBe(false);
    const r = perk(['rate', 'paste', '--portal', 'rakuten', '--yes'], 'Nike\nUp to 25% Cash Back\nwas 8%\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Nike +nike +8% +up to 25% \(page: was 8%\) +changed/);
    expect(r.stdout).toMatch(/Watch 1 hits: nike on \$100\.00 now returns \d+(\.\d+)?% ≥ 20%/);
    const w = json(['watch']) as { watches: Array<Record<string, unknown>> };
    expect(w.watches).toHaveLength(1);
    expect(Object.keys(w.watches[0]!)).toEqual(expect.arrayContaining(['retailer', 'target', 'best_rate', 'hit', 'option']));
    expect(w.watches[0]).toMatchObject({ retailer: 'nike', target: 20, hit: true });
    // Pasting it again changes nothing and reports no new hit.
    const again = perk(['rate', 'paste', '--portal', 'rakuten', '--yes'], 'Nike\nUp to 25% Cash Back\nwas 8%\n');
    expect(again.stdout).toMatch(/Nothing new/);
    expect(again.stdout).not.toMatch(/Watch 1 hits/);
  });

  it('rate set and load report a watch the new rate makes hit', () => {
    json(['watch', 'add', 'kohls', '30']);
    const set = json(['rate', 'set', 'kohls', '35%', '--portal', 'befrugal']) as { watches_hit: Array<{ retailer: string; hit: boolean }> };
    expect(set.watches_hit).toMatchObject([{ retailer: 'kohls', hit: true }]);
    json(['watch', 'add', 'lowes', '30']);
    const file = path.join(dir, 'rates.json');
    fs.writeFileSync(file, JSON.stringify({ rates: [{ portal: 'rakuten', retailer: 'lowes', percent: 40, from: '2026-11-21', as_of: '2026-11-21' }] }));
    const load = json(['load', file]) as { watches_hit: Array<{ retailer: string }> };
    expect(load.watches_hit.map((h) => h.retailer)).toEqual(['lowes']);
  });

  it('a miles rate on a cash portal is refused; rates history shows the table and a chart', () => {
    const bad = perk(['rate', 'set', 'macys', '5 miles/$', '--portal', 'rakuten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Rakuten pays cash back, not miles per dollar/);
    const hist = json(['rates', 'history', 'nike', '--portal', 'rakuten']) as { rates: Array<{ from: string; rate: string }> };
    expect(hist.rates.map((r) => [r.from, r.rate])).toEqual([
      ['2026-10-15', '4%'],
      ['2026-11-01', '8%'],
      ['2026-11-21', '25%'],
    ]);
    const human = perk(['rates', 'history', 'nike', '--portal', 'rakuten']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/rakuten +online +2026-11-21 +25%/);
    expect(human.stdout).toMatch(/25\.0%\s+[┤┼]/);
  });
});
