// End to end: the built bin/perk.js against temp databases, for the catalog commands — first-run
// seeding, load/export, bad input (exit 2, one sentence on stderr, nothing on stdout, nothing changed;
// checked in process like --help with examples for every command, with one of each run for real).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { dbDigest } from '../helpers/db.js';
import { perkIn } from '../helpers/in-process.js';
import { cleanEnv, perk as spawnPerk, type RunOptions } from '../helpers/spawn.js';

let dir: string;
let n = 0;
const fresh = (name = 'perk.db') => path.join(dir, `${++n}-${name}`);

const env = (extra: NodeJS.ProcessEnv = {}) => cleanEnv({ PERK_TODAY: '2026-11-21', ...extra });
const perk = (db: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}, options: RunOptions = {}) =>
  spawnPerk(['--db', db, ...args], { ...options, env: env(extraEnv) });

function json<T>(db: string, args: string[]): T {
  const r = perk(db, [...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const ESC = '\u001b[';

const write = (name: string, text: string) => {
  const file = path.join(dir, `${++n}-${name}`);
  fs.writeFileSync(file, text);
  return file;
};

let seeded: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-foundation-e2e-'));
  seeded = fresh();
  expect(perk(seeded, ['wallet']).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('first use seeds the database', () => {
  it('cards --json answers from a database created on the spot, private to its owner', () => {
    const db = fresh();
    const doc = json<{ cards: Array<{ id: string; in_wallet: boolean }> }>(db, ['cards']);
    expect(doc.cards).toHaveLength(20);
    expect(doc.cards.filter((c) => c.in_wallet).map((c) => c.id)).toEqual(['amex-gold', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex']);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('card amex-gold --json on first use', () => {
    const doc = json<{ date: string; card: { id: string; currency: string; earn: Array<{ category?: string; cap?: { left_cents: number } }> } }>(fresh(), [
      'card',
      'amex-gold',
    ]);
    expect(doc.date).toBe('2026-11-21');
    expect(doc.card).toMatchObject({ id: 'amex-gold', currency: 'MR' });
    expect(doc.card.earn.find((r) => r.category === 'dining')?.cap?.left_cents).toBe(5_000_000);
  });

  it('retailers amaz --json on first use', () => {
    const doc = json<{ retailers: Array<{ id: string; name: string; category: string }> }>(fresh(), ['retailers', 'amaz']);
    expect(doc.retailers.map((r) => [r.id, r.name, r.category])).toEqual([['amazon', 'Amazon', 'general_merchandise']]);
  });

  it('PERK_DB chooses the database when --db is absent', () => {
    const db = fresh();
    const r = spawnPerk(['wallet', '--json'], { env: env({ PERK_DB: db }) });
    expect(r.code).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
  });

  it('init with flags on a new database, without a terminal', () => {
    const db = fresh();
    const r = perk(db, ['init', '--wallet', 'amex-gold,rakuten-amex', '--payout', 'MR', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ db, seeded: true, wallet: ['amex-gold', 'rakuten-amex'], payout: 'MR' });
  });
});

describe('load and export', () => {
  it('export → load into an empty database → export gives identical output', () => {
    const extra = write('extra.json', JSON.stringify({ orders: [{ id: 1, date: '2026-11-02', retailer: 'macys', amount_cents: 20000, category: 'department_store', card: 'amex-gold', portal: 'rakuten', charged_cents: 20000, expected_cents: 2000, note: 'coat' }] }));
    const db = fresh();
    expect(perk(db, ['load', extra]).code).toBe(0);
    const first = perk(db, ['export']);
    expect(first.code).toBe(0);
    const backup = write('backup.json', first.stdout);
    const empty = fresh('empty.db');
    expect(perk(empty, ['init', '--empty']).stdout).toBe(`Created an empty database at ${empty}.\n`);
    expect(perk(empty, ['export']).stdout).toBe('{}\n');
    const loaded = perk(empty, ['load', backup]);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/^Loaded 40 categories, .* 20 cards, .* 1 orders from 1 file\.\n$/);
    expect(perk(empty, ['export']).stdout).toBe(first.stdout);
  });

  it('export → load into a database that does not exist yet reproduces it, wallet included (SPEC §3)', () => {
    const db = fresh('mine.db');
    expect(perk(db, ['wallet', 'remove', 'c1-venture-x']).code).toBe(0);
    const first = perk(db, ['export']);
    const backup = write('mine.json', first.stdout);
    const target = fresh('restored.db');
    // A dry run validates against a seeded copy in memory and creates nothing.
    expect(perk(target, ['load', backup, '--dry-run']).code).toBe(0);
    expect(fs.existsSync(target)).toBe(false);
    expect(perk(target, ['load', backup]).code).toBe(0);
    expect(perk(target, ['export']).stdout).toBe(first.stdout);
    expect(JSON.parse(perk(target, ['wallet', '--json']).stdout).wallet.map((c: { id: string }) => c.id)).not.toContain('c1-venture-x');
  });

  it("an order's gift-card split survives export → load (JSON and CSV), so removing it gives each card its share", () => {
    const db = fresh('split.db');
    expect(perk(db, ['giftcard', 'add', 'amazon', '--code', 'Z7NV-LBBG39-75MU', '--balance', '50']).code).toBe(0);
    expect(perk(db, ['giftcard', 'add', 'amazon', '--code', 'ABCDEFGHIJKLMNO', '--balance', '20']).code).toBe(0);
    // $30: the smaller balance first ($20.00 of gc-amazon-lmno), then $10.00 of gc-amazon-75mu.
    expect(perk(db, ['order', 'add', 'amazon', '30', '--gift-card', '--card', 'amex-gold', '--today', '2026-11-21']).code).toBe(0);
    const backup = write('split.json', perk(db, ['export']).stdout);
    const orders = JSON.parse(fs.readFileSync(backup, 'utf8')).orders as Array<{ giftcard_split: unknown }>;
    expect(orders[0]!.giftcard_split).toEqual([
      { giftcard: 'gc-amazon-lmno', cents: 2000 },
      { giftcard: 'gc-amazon-75mu', cents: 1000 },
    ]);
    const csv = perk(db, ['export', '--kind', 'orders', '--format', 'csv']).stdout;
    expect(csv).toContain(',gc-amazon-lmno:2000|gc-amazon-75mu:1000,');
    const target = fresh('split-restored.db');
    expect(perk(target, ['load', backup]).code).toBe(0);
    expect(perk(target, ['load', write('split-orders.csv', csv), '--kind', 'orders']).code).toBe(0);
    const removed = JSON.parse(perk(target, ['order', 'remove', '1', '--json']).stdout) as { giftcards: unknown };
    expect(removed.giftcards).toEqual([
      { id: 'gc-amazon-lmno', back_cents: 2000, balance_cents: 2000 },
      { id: 'gc-amazon-75mu', back_cents: 1000, balance_cents: 5000 },
    ]);
  });

  it('CSV export of rates loads back with --kind', () => {
    const csv = perk(seeded, ['export', '--kind', 'rates', '--format', 'csv']);
    expect(csv.code).toBe(0);
    const file = write('rates.txt.csv', csv.stdout);
    const r = perk(seeded, ['load', file, '--kind', 'rates', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ dry_run: true, counts: { rates: 131 } });
  });

  it('loading the same file twice changes nothing', () => {
    const db = fresh();
    const file = write('shop.json', JSON.stringify({ retailers: [{ id: 'zz-shop', name: 'ZZ', category: 'other' }], rates: [{ portal: 'rakuten', retailer: 'zz-shop', percent: 5 }] }));
    expect(perk(db, ['load', file]).code).toBe(0);
    const once = perk(db, ['export']).stdout;
    expect(perk(db, ['load', file]).code).toBe(0);
    expect(perk(db, ['export']).stdout).toBe(once);
  });

  it('is atomic: a file whose last record is invalid loads nothing', () => {
    const db = fresh();
    perk(db, ['cards']);
    const before = perk(db, ['export']).stdout;
    const file = write(
      'rates.json',
      `{
  "retailers": [
    { "id": "zz-shop", "name": "ZZ Shop", "category": "other" }
  ],
  "rates": [
    { "portal": "rakuten", "retailer": "zz-shop", "percent": 5 },
    { "portal": "rakuten", "retailer": "zz-shop", "percent": 6, "from": "2026-02-30" }
  ]
}
`,
    );
    const r = perk(db, ['load', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `perk: ${file} line 7 (rates): field "from": expected a real date written YYYY-MM-DD (got "2026-02-30").\nFix that record and load again; nothing was loaded.\n`,
    );
    expect(perk(db, ['export']).stdout).toBe(before);
  });
});

describe('bad input: exit 2, one sentence on stderr, nothing on stdout, nothing changed', () => {
  const csv = () => write('bad.csv', 'portal,retailer,rate\nrakuten,macys,6%\nrakuten,macys,lots\n');
  const cases: Array<[string, () => string[], RegExp]> = [
    ['--today 2026-02-30', () => ['--today', '2026-02-30', 'cards'], /^perk: --today must be a real date written YYYY-MM-DD \(got "2026-02-30"\)\.\n$/],
    ['config set junk', () => ['config', 'set', 'junk', '1'], /^perk: Unknown setting "junk"\.\nKeys: /],
    ['config set a bad cpp', () => ['config', 'set', 'cpp.MR.transfer', 'lots'], /^perk: A cpp must be a number of cents per point from 0 to 100 \(got "lots"\)\.\n$/],
    ['wallet add an unknown card', () => ['wallet', 'add', 'amex-gld'], /^perk: Unknown card "amex-gld"\.\nDid you mean: amex-gold\?\n$/],
    ['card unknown', () => ['card', 'nope-card'], /^perk: Unknown card "nope-card"\./],
    ['a missing file', () => ['load', path.join(dir, 'missing.json')], /^perk: Cannot read .*missing\.json: no such file\.\n$/],
    ['a CSV with a bad rate', () => ['load', csv()], /^perk: .*bad\.csv line 3, field "rate": expected a percent such as 6%, a flat amount such as \$25 or miles such as 5 miles\/\$ \(got "lots"\)\.\n$/],
    ['load --kind unknown', () => ['load', 'x.csv', '--kind', 'shops'], /^perk: --kind must be one of .* \(got "shops"\)\.\n$/],
    ['export --format xml', () => ['export', '--format', 'xml'], /argument 'xml' is invalid\. Allowed choices are json, csv\./],
    ['rate set 150%', () => ['rate', 'set', 'macys', '150%', '--portal', 'rakuten'], /^perk: The rate must be a percent such as 6% or 6, a flat amount such as \$15, or miles such as '5 miles\/\$' \(got "150%"\)\.\n$/],
    ['an ambiguous retailer', () => ['rate', 'set', 'wal', '5%', '--portal', 'rakuten'], /^perk: "wal" matches 2 retailers: walgreens \(Walgreens\), walmart \(Walmart\)\.\nUse the retailer id\.\n$/],
    ['an unknown command', () => ['cardz'], /unknown command 'cardz'/],
    ['an unknown option', () => ['cards', '--bogus'], /unknown option '--bogus'/],
    ['a missing argument', () => ['card'], /missing required argument 'id'/],
    ['init on an existing database', () => ['init'], /^perk: .* is already set up\.\nUse "perk init --force"/],
    ['init --wallet with an unknown card', () => ['init', '--force', '--wallet', 'nope'], /^perk: Unknown card "nope" \(--wallet\)\./],
  ];

  it.each(cases)('%s', async (_what, args, message) => {
    const before = dbDigest(seeded);
    const r = await perkIn(['--db', seeded, ...args()], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    // perk's own errors: one sentence, then at most one line of hint.
    if (r.stderr.startsWith('perk:')) expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(dbDigest(seeded)).toBe(before);
  });

  it('the same through a real bin/perk.js: exit 2, the sentence on stderr, nothing changed', () => {
    const before = dbDigest(seeded);
    const r = perk(seeded, ['config', 'set', 'junk', '1']);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^perk: Unknown setting "junk"\.\nKeys: /);
    expect(dbDigest(seeded)).toBe(before);
  });

  it('a database written by a newer perk is refused (exit 1) and left alone', () => {
    const db = fresh();
    perk(db, ['cards']);
    const raw = new Database(db);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    raw.close();
    const r = perk(db, ['cards', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^perk: This database has schema version 999 but this perk knows only up to \d+; it was written by a newer perk\.\nUpgrade perk/);
  });

  it('a file that is not a database is refused (exit 1) and left alone', () => {
    const notes = write('notes.txt', 'not a database\n'.repeat(200));
    const r = perk(notes, ['cards']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^perk: .*notes\.txt is not a perk database/);
    expect(fs.readFileSync(notes, 'utf8')).toMatch(/^not a database/);
  });

  it('a stack on a database without data says how to load some (exit 2)', () => {
    const empty = path.join(dir, 'empty-schema.db');
    expect(perk(empty, ['init', '--empty']).code).toBe(0);
    for (const args of [['stack', 'macys', '200'], ['order', 'add', 'macys', '200']]) {
      const r = perk(empty, args);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/Unknown retailer "macys": this database has no retailers yet( \(the retailer\))?\.\n.*perk init.*perk load/);
    }
  });

  it('a folder given as the database is a usage error (exit 2) and nothing is created', () => {
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder);
    for (const [db, args] of [
      [folder, ['stack', 'macys', '200']],
      [folder, ['wallet']],
      [`${path.join(dir, 'not-yet')}/`, ['stack', 'macys', '200']],
    ] as const) {
      const r = perk(db, [...args]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^perk: The database must be a file, not a folder \(--db: /);
    }
    expect(fs.readdirSync(folder)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'not-yet'))).toBe(false);
  });

  if (!fs.existsSync('/dev/full')) console.warn('full-disk stdout test skipped: no /dev/full on this system');
  it.runIf(fs.existsSync('/dev/full'))('a full disk on stdout is an error (exit 1), on the stack fast path and the full one', () => {
    for (const args of [['stack', 'macys', '200', '--json'], ['cards']]) {
      const out = fs.openSync('/dev/full', 'w');
      const r = perk(seeded, args, {}, { stdio: ['ignore', out, 'pipe'] });
      fs.closeSync(out);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr: 'perk: Could not write the output (ENOSPC: no space left on device, write); it is incomplete.\nFree some space (or check the file it goes to) and run the command again.\n' });
    }
  });
});

describe('output for pipes and NO_COLOR', () => {
  it('a pipe gets no borders and no color', () => {
    const r = perk(seeded, ['cards']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[│─┌┐└┘]/);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout.split('\n')[0]).toMatch(/card\s+name\s+issuer\s+currency\s+fee\s+best earn$/);
  });

  it('NO_COLOR and --no-color win over FORCE_COLOR', () => {
    expect(perk(seeded, ['cards'], { FORCE_COLOR: '1' }).stdout).toContain(ESC);
    expect(perk(seeded, ['cards'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toContain(ESC);
    expect(perk(seeded, ['--no-color', 'cards'], { FORCE_COLOR: '1' }).stdout).not.toContain(ESC);
  });

  it('--json prints exactly one JSON document', () => {
    for (const args of [['cards'], ['card', 'amex-gold'], ['retailers', 'mac'], ['wallet'], ['config', 'get']]) {
      const r = perk(seeded, [...args, '--json']);
      expect(r.code).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      expect(r.stdout).not.toContain(ESC);
    }
  });
});

/** Every command path, e.g. ['wallet', 'add'], from the registered program. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

describe('--help', () => {
  const paths = [[], ...commandPaths(buildProgram())];
  // In process (commander prints help the same way in bin/perk.js); `perk --help` also for real below.
  const help = (p: string[]) => perkIn(['--db', path.join(dir, 'help-never-created.db'), ...p, '--help'], { env: env() });

  it('a real bin/perk.js --help exits 0 with the usage and examples', () => {
    const r = perk(path.join(dir, 'help-never-created.db'), ['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: perk/);
    expect(r.stdout).toContain('Examples:');
  });

  it('lists the foundation commands', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of ['load', 'export', 'init', 'wallet', 'wallet add', 'cards', 'card', 'retailers', 'rate set', 'config set']) expect(names).toContain(c);
  });

  it.each(paths.map((p) => [p.join(' ') || '(perk)', p]))(
    'perk %s --help works and has Examples',
    async (_name, p) => {
      const { code, stdout, stderr } = await help(p as string[]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: perk/);
      expect(stdout).toContain('Examples:');
      expect(stdout).toMatch(/\n {2}\$ perk /);
    },
  );

  it('--help never creates the database', async () => {
    await help(['cards']);
    expect(fs.existsSync(path.join(dir, 'help-never-created.db'))).toBe(false);
  });
});
