/**
 * The foundation commands called as functions (runX) with a context that writes to buffers, against a
 * seeded temporary database copied from one template.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCard, runCards } from '../../src/commands/cards.js';
import { runConfig } from '../../src/commands/config.js';
import { runExport } from '../../src/commands/export.js';
import { runInit } from '../../src/commands/init.js';
import { runLoad } from '../../src/commands/load.js';
import { runRateSet, runRetailers } from '../../src/commands/retailers.js';
import { runWallet } from '../../src/commands/wallet.js';
import { ensureDatabase, makeContext, type Ctx } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { createSeededDatabase } from '../../src/load/seed.js';

let root: string;
let template: string;
let n = 0;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-cli-'));
  template = path.join(root, 'template.db');
  createSeededDatabase(template);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Harness {
  ctx: Ctx;
  db: string;
  stdout(): string;
  stderr(): string;
  /** Everything in the database, as `perk export` writes it. */
  snapshot(): Promise<string>;
}

interface HarnessOptions {
  json?: boolean;
  tty?: boolean;
  color?: boolean;
  env?: NodeJS.ProcessEnv;
  db?: string;
  fresh?: boolean;
}

async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const db = options.db ?? path.join(root, `t${++n}.db`);
  if (!options.db && !options.fresh) fs.copyFileSync(template, db);
  const out: string[] = [];
  const err: string[] = [];
  const ctx = makeContext({
    db,
    today: '2026-11-21',
    json: options.json,
    color: options.color,
    env: options.env ?? {},
    stdout: { write: (s: string) => out.push(s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => err.push(s), isTTY: false },
    stdinTTY: false,
  });
  if (!options.fresh) await ensureDatabase(ctx);
  return {
    ctx,
    db,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    async snapshot() {
      const probe = await harness({ db, json: true });
      await runExport({ format: 'json' }, probe.ctx);
      probe.ctx.close();
      return probe.stdout();
    },
  };
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

const ANSI = '\u001b[';
const BORDERS = /[│─┌┐└┘├┤┬┴┼]/;

describe('perk cards / card', () => {
  it('cards --json lists the catalog with wallet membership', async () => {
    const h = await harness({ json: true });
    await runCards({}, h.ctx);
    const doc = JSON.parse(h.stdout()) as { cards: Array<{ id: string; in_wallet: boolean; annual_fee_cents: number }> };
    expect(doc.cards).toHaveLength(20);
    expect(doc.cards.find((c) => c.id === 'amex-schwab-platinum')?.in_wallet).toBe(false);
    expect(doc.cards.map((c) => c.id)).toEqual([...doc.cards.map((c) => c.id)].sort());
    expect(doc.cards.find((c) => c.id === 'amex-gold')).toMatchObject({ in_wallet: true, annual_fee_cents: 32500 });
    expect(doc.cards.find((c) => c.id === 'amex-platinum')?.in_wallet).toBe(false);
    expect(h.stderr()).toBe('');
  });

  it('cards --issuer filters; an issuer without cards says so', async () => {
    const h = await harness({ json: true });
    await runCards({ issuer: 'chase' }, h.ctx);
    const ids = (JSON.parse(h.stdout()) as { cards: Array<{ issuer: string }> }).cards.map((c) => c.issuer);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set(['chase']));
    const none = await harness();
    await runCards({ issuer: 'nobank' }, none.ctx);
    expect(none.stdout()).toBe('No cards from issuer "nobank".\n');
  });

  it('cards shows a USD card’s best earn as a percent and a points card’s as a multiplier', async () => {
    const h = await harness();
    await runCards({ issuer: 'amex' }, h.ctx);
    expect(h.stdout()).toMatch(/rakuten-amex .* USD .* 5%/);
    expect(h.stdout()).toMatch(/amex-gold .* MR .* 4x/);
  });

  it('card amex-gold --json shows rules with this year’s cap use from the order log', async () => {
    const h = await harness({ json: true });
    const orders = path.join(root, `orders${n}.json`);
    fs.writeFileSync(
      orders,
      JSON.stringify({
        orders: [
          { id: 1, date: '2026-03-01', retailer: 'doordash', amount_cents: 12000, category: 'food_delivery', card: 'amex-gold', charged_cents: 12000 },
          { id: 2, date: '2026-11-20', retailer: 'doordash', amount_cents: 3000, category: 'food_delivery', card: 'amex-gold', charged_cents: 3000 },
          { id: 3, date: '2025-12-31', retailer: 'doordash', amount_cents: 50000, category: 'food_delivery', card: 'amex-gold', charged_cents: 50000 },
          { id: 4, date: '2026-05-01', retailer: 'doordash', amount_cents: 9000, category: 'food_delivery', card: 'amex-gold', charged_cents: 9000, status: 'ineligible' },
          { id: 5, date: '2026-05-01', retailer: 'doordash', amount_cents: 7000, category: 'food_delivery', card: 'chase-freedom-flex', charged_cents: 7000 },
        ],
      }),
    );
    await runLoad({ files: [orders], dryRun: false }, h.ctx);
    const probe = await harness({ db: h.db, json: true });
    await runCard({ id: 'amex-gold' }, probe.ctx);
    const doc = JSON.parse(probe.stdout()) as { date: string; card: { id: string; in_wallet: boolean; earn: Array<{ category?: string; cap?: unknown }> } };
    expect(doc.date).toBe('2026-11-21');
    expect(doc.card).toMatchObject({ id: 'amex-gold', in_wallet: true });
    expect(doc.card.earn.find((r) => r.category === 'dining')?.cap).toEqual({
      period_start: '2026-01-01',
      period_end: '2026-12-31',
      cap_cents: 5_000_000,
      used_cents: 15_000,
      left_cents: 4_985_000,
    });
    expect(doc.card.earn.find((r) => r.category === 'airfare')?.cap).toBeUndefined();
  });

  it('card <unknown> is a usage error suggesting the nearest card', async () => {
    const h = await harness();
    const error = await usageError(runCard({ id: 'amex-gld' }, h.ctx));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('Unknown card "amex-gld".');
    expect(error.hint).toMatch(/Did you mean: amex-gold/);
    expect(h.stdout()).toBe('');
  });
});

describe('human output: tables and color', () => {
  it('on a pipe: no borders and no color', async () => {
    const h = await harness({ tty: false });
    await runCards({}, h.ctx);
    expect(h.stdout()).not.toMatch(BORDERS);
    expect(h.stdout()).not.toContain(ANSI);
    expect(h.stdout().split('\n')[0]).toMatch(/^\s+card\s+name\s+issuer/);
  });

  it('on a pipe with FORCE_COLOR: color but still no borders', async () => {
    const h = await harness({ tty: false, env: { FORCE_COLOR: '1' } });
    await runCards({}, h.ctx);
    expect(h.stdout()).toContain(ANSI);
    expect(h.stdout()).not.toMatch(BORDERS);
  });

  it('on a terminal: borders and color', async () => {
    const h = await harness({ tty: true });
    await runCards({}, h.ctx);
    expect(h.stdout()).toMatch(BORDERS);
    expect(h.stdout()).toContain(ANSI);
  });

  it.each([
    ['NO_COLOR=1', { env: { NO_COLOR: '1' } }],
    ['--no-color', { color: false }],
    ['NO_COLOR=1 over FORCE_COLOR', { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }],
    ['FORCE_COLOR=0', { env: { FORCE_COLOR: '0' } }],
  ] as const)('on a terminal with %s: borders, no color', async (_what, options) => {
    const h = await harness({ tty: true, ...options });
    await runCards({}, h.ctx);
    expect(h.stdout()).toMatch(BORDERS);
    expect(h.stdout()).not.toContain(ANSI);
  });

  it('--json is never colored, even on a terminal with FORCE_COLOR', async () => {
    const h = await harness({ tty: true, json: true, env: { FORCE_COLOR: '3' } });
    await runCards({}, h.ctx);
    expect(h.stdout()).not.toContain(ANSI);
    expect(() => JSON.parse(h.stdout())).not.toThrow();
  });
});

describe('perk retailers / rate set', () => {
  it('retailers amaz --json finds Amazon by prefix, with today’s rates', async () => {
    const h = await harness({ json: true });
    await runRetailers({ search: 'amaz' }, h.ctx);
    const doc = JSON.parse(h.stdout()) as { date: string; retailers: Array<{ id: string; rates: unknown[] }> };
    expect(doc.date).toBe('2026-11-21');
    expect(doc.retailers.map((r) => r.id)).toEqual(['amazon']);
  });

  it('retailers shows the rate valid today: the Macy’s boost on 2026-11-21', async () => {
    const h = await harness({ json: true });
    await runRetailers({ search: 'macys' }, h.ctx);
    const doc = JSON.parse(h.stdout()) as { retailers: Array<{ id: string; rates: Array<{ portal: string; percent?: number; channel?: string }> }> };
    const rakuten = doc.retailers[0]?.rates.find((r) => r.portal === 'rakuten' && r.channel === undefined);
    expect(rakuten?.percent).toBe(10);
  });

  it('retailers finds a misspelt name by fuzzy match, and says when nothing matches', async () => {
    const h = await harness({ json: true });
    await runRetailers({ search: 'nordstorm' }, h.ctx);
    expect((JSON.parse(h.stdout()) as { retailers: Array<{ id: string }> }).retailers[0]?.id).toBe('nordstrom');
    const none = await harness();
    await runRetailers({ search: 'qqqqqqqq' }, none.ctx);
    expect(none.stdout()).toBe('No retailer matches "qqqqqqqq".\n');
  });

  it('rate set records a rate from today (as_of today) that retailers then shows', async () => {
    const h = await harness({ json: true });
    const rate = await runRateSet({ retailer: "Macy's", rate: '12%', portal: 'befrugal', to: '2026-11-30', channel: 'online' }, h.ctx);
    expect(rate).toEqual({ portal: 'befrugal', retailer: 'macys', percent: 12, from: '2026-11-21', to: '2026-11-30', as_of: '2026-11-21' });
    const probe = await harness({ db: h.db, json: true });
    await runRetailers({ search: 'macys' }, probe.ctx);
    const doc = JSON.parse(probe.stdout()) as { retailers: Array<{ rates: Array<{ portal: string; percent?: number }> }> };
    expect(doc.retailers[0]?.rates.find((r) => r.portal === 'befrugal')?.percent).toBe(12);
  });

  it('rate set accepts a flat amount', async () => {
    const h = await harness({ json: true });
    const rate = await runRateSet({ retailer: 'hotwire', rate: '$15', portal: 'rakuten', channel: 'online' }, h.ctx);
    expect(rate).toMatchObject({ flat_cents: 1500 });
  });

  it.each([
    [{ rate: '150%' }, /^The rate must be a percent such as 6% or 6, a flat amount such as \$15, or miles such as '5 miles\/\$' \(got "150%"\)\.$/],
    [{ rate: 'lots' }, /\(got "lots"\)/],
    [{ portal: 'nope' }, /^Unknown portal "nope" \(--portal\)\.$/],
    [{ retailer: 'qqqqqqqq' }, /^Unknown retailer "qqqqqqqq"\.$/],
    [{ retailer: 'wal' }, /^"wal" matches 2 retailers: walgreens \(Walgreens\), walmart \(Walmart\)\.$/],
    [{ from: '2026-02-30' }, /^--from must be a real date written YYYY-MM-DD \(got "2026-02-30"\)\.$/],
    [{ to: '2026-11-01' }, /^--to \(2026-11-01\) is before --from \(2026-11-21\)\.$/],
  ])('rate set %j is refused and changes nothing', async (bad, message) => {
    const h = await harness();
    const before = await h.snapshot();
    const error = await usageError(runRateSet({ retailer: 'macys', rate: '6%', portal: 'rakuten', channel: 'online', ...bad }, h.ctx));
    expect(error.message).toMatch(message);
    expect(h.stdout()).toBe('');
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });
});

describe('perk wallet', () => {
  it('add and remove cards, listing the result', async () => {
    const h = await harness({ json: true });
    await runWallet({ action: 'add', cards: ['amex-platinum', 'amex-gold'] }, h.ctx);
    const added = JSON.parse(h.stdout()) as { wallet: Array<{ id: string }> };
    expect(added.wallet.map((c) => c.id)).toEqual(['amex-gold', 'amex-platinum', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex']);
    const r = await harness({ db: h.db, json: true });
    await runWallet({ action: 'remove', cards: ['amex-gold', 'c1-venture-x'] }, r.ctx);
    expect((JSON.parse(r.stdout()) as { wallet: Array<{ id: string }> }).wallet.map((c) => c.id)).toEqual([
      'amex-platinum',
      'chase-freedom-flex',
      'rakuten-amex',
    ]);
  });

  it('an empty wallet explains how to add cards', async () => {
    const h = await harness();
    await runWallet({ action: 'remove', cards: ['amex-gold', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex'] }, h.ctx);
    expect(h.stdout()).toMatch(/^Your wallet is empty: perk stack compares every card in the catalog\.\nAdd the cards you hold: perk wallet add/);
  });

  it.each([
    ['add', ['amex-platinum', 'nope-card'], /^Unknown card "nope-card"\.$/],
    ['add', ['AMEX-GLD'], /^Unknown card "AMEX-GLD"\.$/],
    ['remove', ['amex-gold', 'amex-platinum'], /^"amex-platinum" is not in your wallet\.$/],
  ] as const)('wallet %s %j is refused and changes nothing', async (action, cards, message) => {
    const h = await harness();
    const before = await h.snapshot();
    const error = await usageError(runWallet({ action, cards: [...cards] }, h.ctx));
    expect(error.message).toMatch(message);
    expect(h.stdout()).toBe('');
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });
});

describe('perk config', () => {
  it('set, get and unset, with currency codes in any case', async () => {
    const h = await harness({ json: true });
    await runConfig({ action: 'set', key: 'cpp.mr.transfer', value: '1.7' }, h.ctx);
    expect(JSON.parse(h.stdout())).toEqual({ key: 'cpp.MR.transfer', value: '1.7' });
    const p = await harness({ db: h.db });
    await runConfig({ action: 'set', key: 'portal.rakuten.payout', value: 'mr' }, p.ctx);
    expect(p.stdout()).toBe('portal.rakuten.payout = MR\n');
    const g = await harness({ db: h.db, json: true });
    await runConfig({ action: 'get' }, g.ctx);
    expect(JSON.parse(g.stdout())).toEqual({ config: { 'cpp.MR.transfer': '1.7', 'portal.rakuten.payout': 'MR' } });
    const u = await harness({ db: h.db });
    await runConfig({ action: 'unset', key: 'cpp.MR.transfer' }, u.ctx);
    expect(u.stdout()).toBe('cpp.MR.transfer unset (back to the default).\n');
    const one = await harness({ db: h.db });
    await runConfig({ action: 'get', key: 'cpp.MR.transfer' }, one.ctx);
    expect(one.stdout()).toBe('cpp.MR.transfer is not set (the default applies).\n');
  });

  it.each([
    ['junk', '1', /^Unknown setting "junk"\.$/],
    ['cpp.MR.transfer', 'abc', /^A cpp must be a number of cents per point from 0 to 100 \(got "abc"\)\.$/],
    ['cpp.MR.transfer', '101', /from 0 to 100 \(got "101"\)/],
    ['cpp.MR.transfer', '-1', /\(got "-1"\)/],
    ['cpp.MR.nowhere', '1', /^MR has no path "nowhere"\.$/],
    ['cpp.ZZ.transfer', '1', /^Unknown currency "ZZ" in "cpp\.ZZ\.transfer"\.$/],
    ['path.MR', 'nowhere', /^MR has no path "nowhere"\.$/],
    ['portal.rakuten.payout', 'XYZ', /^Rakuten pays in USD, MR, BILT, not "XYZ"\.$/],
    ['portal.nope.payout', 'USD', /^Unknown portal "nope" in "portal\.nope\.payout"\.$/],
    ['cpp.USD.cash', '2', /^A US dollar cent is always worth 1 cent, so USD has no cpp to set\.$/],
  ])('config set %s %s is refused and changes nothing', async (key, value, message) => {
    const h = await harness();
    const before = await h.snapshot();
    const error = await usageError(runConfig({ action: 'set', key, value }, h.ctx));
    expect(error.message).toMatch(message);
    expect(h.stdout()).toBe('');
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });

  it('a cpp is stored in its plain form', async () => {
    const h = await harness({ json: true });
    await runConfig({ action: 'set', key: 'cpp.UR.transfer', value: '1.70' }, h.ctx);
    expect(JSON.parse(h.stdout())).toEqual({ key: 'cpp.UR.transfer', value: '1.7' });
    const half = await harness({ db: h.db, json: true });
    await runConfig({ action: 'set', key: 'cpp.UR.transfer', value: '.5' }, half.ctx);
    expect(JSON.parse(half.stdout())).toEqual({ key: 'cpp.UR.transfer', value: '0.5' });
  });

  it.each([
    ['get', 'junk', /^Unknown setting "junk"\.$/],
    ['get', 'portal.rakutn.payout', /^Unknown portal "rakutn" in "portal\.rakutn\.payout"\.$/],
    ['unset', 'pth.MR', /^Unknown setting "pth\.MR"\.$/],
  ] as const)('config %s of a mistyped key %s says so', async (action, key, message) => {
    const h = await harness();
    expect((await usageError(runConfig({ action, key }, h.ctx))).message).toMatch(message);
    expect(h.stdout()).toBe('');
  });

  it('unset of a setting that is not set is a usage error', async () => {
    const h = await harness();
    expect((await usageError(runConfig({ action: 'unset', key: 'path.MR' }, h.ctx))).message).toBe('"path.MR" is not set.');
  });
});

describe('perk load / export', () => {
  const write = (name: string, text: string | Uint8Array) => {
    const file = path.join(root, `${++n}-${name}`);
    fs.writeFileSync(file, text);
    return file;
  };

  it('loads JSON and CSV files together and reports the counts', async () => {
    const h = await harness();
    const json = write('shops.json', JSON.stringify({ retailers: [{ id: 'zz-shop', name: 'ZZ Shop', category: 'other' }] }, null, 2));
    const csv = write('rates.csv', 'portal,retailer,rate,from\nrakuten,zz-shop,7%,2026-11-01\ntopcashback,zz-shop,$3,\n');
    const counts = await runLoad({ files: [json, csv], dryRun: false }, h.ctx);
    expect(counts).toEqual({ retailers: 1, rates: 2 });
    expect(h.stdout()).toBe('Loaded 1 retailers, 2 rates from 2 files.\n');
    expect(h.ctx.store().ratesForRetailer('zz-shop')).toHaveLength(2);
  });

  it('--json prints the counts as one document', async () => {
    const h = await harness({ json: true });
    const csv = write('r.csv', 'id,name,category\nzz-a,A,other\nzz-b,B,other\n');
    await runLoad({ files: [csv], dryRun: true }, h.ctx);
    expect(JSON.parse(h.stdout())).toEqual({ dry_run: true, files: [csv], counts: { retailers: 2 } });
  });

  it('--dry-run writes nothing', async () => {
    const h = await harness();
    const before = await h.snapshot();
    await runLoad({ files: [write('r.csv', 'id,name,category\nzz-a,A,other\n')], dryRun: true }, h.ctx);
    expect(h.stdout()).toBe('Valid (dry run, nothing written): 1 retailers from 1 file.\n');
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });

  it('is atomic across files: an error in the second file loads nothing from the first', async () => {
    const h = await harness();
    const before = await h.snapshot();
    const good = write('good.json', JSON.stringify({ retailers: [{ id: 'zz-shop', name: 'ZZ', category: 'other' }] }));
    const bad = write('bad.csv', 'portal,retailer,rate\nrakuten,zz-shop,6%\nrakuten,zz-shop,lots\n');
    const error = await usageError(runLoad({ files: [good, bad], dryRun: false }, h.ctx));
    expect(error.message).toBe(`${bad} line 3, field "rate": expected a percent such as 6%, a flat amount such as $25 or miles such as 5 miles/$ (got "lots").`);
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });

  it.each([
    ['a missing file', () => path.join(root, 'no-such-file.json'), /^Cannot read .*no-such-file\.json: no such file\.$/],
    ['invalid UTF-8', () => write('latin1.csv', new Uint8Array([0x69, 0x64, 0x0a, 0xe9, 0x0a])), /latin1\.csv line 2 is not valid UTF-8 text\.$/],
    ['a JSON syntax error', () => write('broken.json', '{\n"retailers": [\n{"id": "x",}\n]}\n'), /broken\.json line 3 is not valid JSON/],
    ['an unknown kind', () => write('x.json', '{"shops": []}'), /x\.json: unknown key "shops"\.$/],
  ])('refuses %s', async (_what, file, message) => {
    const h = await harness();
    const error = await usageError(runLoad({ files: [file()], dryRun: false }, h.ctx));
    expect(error.message).toMatch(message);
    expect(h.stdout()).toBe('');
  });

  it('refuses an unknown --kind before reading anything', async () => {
    const h = await harness();
    const error = await usageError(runLoad({ files: ['whatever.csv'], dryRun: false, kind: 'shops' }, h.ctx));
    expect(error.message).toMatch(/^--kind must be one of categories, .* \(got "shops"\)\.$/);
  });

  it('export --kind rates --format csv writes the CSV columns of rates', async () => {
    const h = await harness();
    await runExport({ kind: 'rates', format: 'csv' }, h.ctx);
    const lines = h.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe('portal,retailer,percent,flat_cents,units_per_dollar,from,to,as_of,channel');
    expect(lines).toContain('rakuten,macys,10,,,2026-11-20,2026-11-30,2026-11-20,');
    expect(lines).toContain('aadvantage,macys,,,4,2026-11-01,,2026-11-15,');
  });

  it('export --kind wallet writes just the wallet', async () => {
    const h = await harness();
    await runExport({ kind: 'wallet', format: 'json' }, h.ctx);
    expect(JSON.parse(h.stdout())).toEqual({ wallet: ['amex-gold', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex'] });
  });

  it.each([
    [{ kind: 'shops', format: 'json' as const }, /^--kind must be one of .* \(got "shops"\)\.$/],
    [{ format: 'csv' as const }, /^--format csv needs --kind retailers\|rates\|offers\|promos\|orders\.$/],
    [{ kind: 'cards', format: 'csv' as const }, /^--format csv needs --kind/],
  ])('export %j is a usage error', async (options, message) => {
    const h = await harness();
    expect((await usageError(runExport(options, h.ctx))).message).toMatch(message);
    expect(h.stdout()).toBe('');
  });

  it('export → load into an empty database → export is identical', async () => {
    const h = await harness();
    await runExport({ format: 'json' }, h.ctx);
    const first = h.stdout();
    const file = write('backup.json', first);
    const empty = await harness({ fresh: true });
    await runInit({ empty: true }, empty.ctx);
    const loader = await harness({ db: empty.db });
    await runLoad({ files: [file], dryRun: false }, loader.ctx);
    loader.ctx.close();
    expect(await loader.snapshot()).toBe(first);
  });
});

describe('perk init', () => {
  it('creates and seeds a new database, with wallet and payout from flags', async () => {
    const h = await harness({ fresh: true, json: true });
    await runInit({ wallet: 'amex-gold, rakuten-amex', payout: 'mr' }, h.ctx);
    expect(JSON.parse(h.stdout())).toEqual({ db: h.db, seeded: true, wallet: ['amex-gold', 'rakuten-amex'], payout: 'MR' });
    expect(fs.statSync(h.db).mode & 0o777).toBe(0o600);
  });

  it('without flags and without a terminal keeps the default wallet and payout', async () => {
    const h = await harness({ fresh: true });
    await runInit({}, h.ctx);
    expect(h.stdout()).toBe(`Created ${h.db}.\nWallet: amex-gold, c1-venture-x, chase-freedom-flex, rakuten-amex.\nTry: perk stack macys 200\n`);
  });

  it('refuses to re-initialise an existing database without --force', async () => {
    const h = await harness();
    const error = await usageError(runInit({}, h.ctx));
    expect(error.message).toBe(`${h.db} is already set up.`);
    expect(error.hint).toMatch(/perk init --force/);
  });

  it('--force reloads the default dataset and keeps the user’s own data, edits of default records included', async () => {
    const h = await harness();
    await runConfig({ action: 'set', key: 'path.MR', value: 'amazon' }, h.ctx);
    h.ctx.store().write(() => h.ctx.store().upsertRetailer({ id: 'macys', name: 'Renamed', category: 'other' }));
    const f = await harness({ db: h.db, json: true });
    await runInit({ force: true, payout: 'BILT' }, f.ctx);
    expect(JSON.parse(f.stdout())).toMatchObject({ seeded: true, payout: 'BILT', kept_edits: ['retailers macys'] });
    expect(f.ctx.store().retailer('macys')?.name).toBe('Renamed');
    expect(f.ctx.store().configGet('path.MR')).toBe('amazon');
    const g = await harness({ db: h.db, json: true });
    await runInit({ force: true, replaceEdits: true }, g.ctx);
    expect(JSON.parse(g.stdout())).toMatchObject({ replaced_edits: ['retailers macys'] });
    expect(g.ctx.store().retailer('macys')?.name).toBe("Macy's");
  });

  it.each([
    [{ force: true, wallet: 'amex-gold,nope' }, /^Unknown card "nope" \(--wallet\)\.$/],
    [{ force: true, payout: 'XYZ' }, /^--payout must be one of USD, MR, BILT \(got "XYZ"\)\.$/],
  ])('init %j on an existing database is refused and changes nothing', async (options, message) => {
    const h = await harness();
    const before = await h.snapshot();
    const error = await usageError(runInit(options, h.ctx));
    expect(error.message).toMatch(message);
    h.ctx.close();
    expect(await h.snapshot()).toBe(before);
  });

  it('a new database is not left behind when the flags are wrong', async () => {
    const h = await harness({ fresh: true });
    const error = await usageError(runInit({ wallet: 'nope' }, h.ctx));
    expect(error.message).toBe('Unknown card "nope" (--wallet).');
    expect(fs.existsSync(h.db)).toBe(false);
  });

  it('--empty creates a database with the schema and no data', async () => {
    const h = await harness({ fresh: true });
    await runInit({ empty: true }, h.ctx);
    expect(h.stdout()).toBe(`Created an empty database at ${h.db}.\n`);
    h.ctx.close();
    expect(await h.snapshot()).toBe('{}\n');
  });

  it.each([
    [{ empty: true, wallet: 'amex-gold' }, /^--empty creates a database with no data, so it cannot be combined with --force, --wallet or --payout\.$/],
    [{ empty: true, force: true }, /cannot be combined/],
  ])('init %j is a usage error', async (options, message) => {
    const h = await harness({ fresh: true });
    expect((await usageError(runInit(options, h.ctx))).message).toMatch(message);
    expect(fs.existsSync(h.db)).toBe(false);
  });

  it('--empty on an existing file is refused', async () => {
    const h = await harness();
    expect((await usageError(runInit({ empty: true }, h.ctx))).message).toBe(`${h.db} already exists; --empty only creates a new database.`);
  });
});
