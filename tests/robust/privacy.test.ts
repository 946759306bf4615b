/**
 * Privacy and hostile data: the database is private to its owner, a gift-card claim code never
 * reaches the disk, no module of perk can open a network connection, and hostile stored text (SQL
 * fragments, terminal escape sequences, very long names) is stored and printed verbatim and safely:
 * `--json` round-trips it exactly, human output shows control characters escaped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, seededCopy, tempDir } from '../helpers/db.js';
import { perkIn } from '../helpers/in-process.js';
import { ROOT, perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-privacy-');
const env = perkEnv(tmp.dir, { PERK_TODAY: '2026-11-21' });
afterAll(() => tmp.cleanup());

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('where the data lives, and who can read it', () => {
  it('the first run creates the data directory 0700 and the database 0600, even with a permissive umask', () => {
    const xdg = tmp.file('xdg');
    const r = perk(['cards'], { env: { ...env, XDG_DATA_HOME: xdg } });
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(xdg, 'perk', 'perk.db');
    expect(mode(file)).toBe(0o600);
    expect(mode(path.join(xdg, 'perk'))).toBe(0o700);
    // While the database is open its WAL and shared-memory files exist: SQLite gives them its mode.
    const db = new Database(file);
    db.prepare("INSERT INTO config (key, value) VALUES ('x', 'y')").run();
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    db.close();
  });

  it('--db beats PERK_DB beats $XDG_DATA_HOME/perk/perk.db', () => {
    const xdg = tmp.file('xdg2');
    const viaEnv = tmp.file('env.db');
    const viaFlag = tmp.file('flag.db');
    expect(perk(['--db', viaFlag, 'wallet'], { env: { ...env, XDG_DATA_HOME: xdg, PERK_DB: viaEnv } }).code).toBe(0);
    expect([fs.existsSync(viaFlag), fs.existsSync(viaEnv), fs.existsSync(path.join(xdg, 'perk', 'perk.db'))]).toEqual([true, false, false]);
    expect(perk(['wallet'], { env: { ...env, XDG_DATA_HOME: xdg, PERK_DB: viaEnv } }).code).toBe(0);
    expect([fs.existsSync(viaEnv), fs.existsSync(path.join(xdg, 'perk', 'perk.db'))]).toEqual([true, false]);
    expect(mode(viaEnv)).toBe(0o600);
  });
});

describe('a gift-card claim code never reaches the disk (load path)', () => {
  const code = 'GQ4X-7RT2PL-9ZKW';
  const forms = [code, code.replace(/-/g, ''), code.toLowerCase(), code.replace(/-/g, '').toLowerCase(), code.replace(/-/g, ' ')];
  const leaks = (bytes: Buffer) => forms.filter((f) => bytes.includes(Buffer.from(f, 'utf8')) || bytes.includes(Buffer.from(f, 'utf16le')));

  it('perk load of a giftcards JSON with a code: not in the database file, not in its WAL, not in an export or a backup', () => {
    const db = tmp.file('gift.db');
    seededCopy(db);
    const doc = tmp.file('gift.json');
    fs.writeFileSync(doc, JSON.stringify({ giftcards: [{ id: 'gc-secret', retailer: 'amazon', balance_cents: 2500, code }] }));
    // Hold a connection open so the WAL is not folded away when perk exits: its bytes are checked too.
    const holder = new Database(db);
    holder.pragma('wal_autocheckpoint = 0');
    holder.prepare('SELECT 1').get();
    const r = perk(['--db', db, 'load', doc], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(`${db}-wal`).size).toBeGreaterThan(0);
    expect(leaks(fs.readFileSync(`${db}-wal`))).toEqual([]);
    expect(leaks(fs.readFileSync(db))).toEqual([]);
    holder.close();
    expect(leaks(fs.readFileSync(db))).toEqual([]);
    // What is stored is enough to recognise the card: last four and the hash.
    const check = new Database(db, { readonly: true });
    expect(check.prepare("SELECT last4, length(code_hash) AS n FROM giftcards WHERE id = 'gc-secret'").get()).toEqual({ last4: '9ZKW', n: 64 });
    check.close();

    const exported = perk(['--db', db, 'export'], { env });
    expect(leaks(Buffer.from(exported.stdout))).toEqual([]);
    expect(exported.stdout).toContain('"last4": "9ZKW"');
    expect(perk(['--db', db, 'backup', tmp.file('gift-backup.db')], { env }).code).toBe(0);
    expect(leaks(fs.readFileSync(tmp.file('gift-backup.db')))).toEqual([]);

    // Loading the same code again under another id is refused without echoing it.
    fs.writeFileSync(doc, JSON.stringify({ giftcards: [{ id: 'gc-again', retailer: 'amazon', balance_cents: 1, code: code.toLowerCase() }] }));
    const again = perk(['--db', db, 'load', doc], { env });
    expect(again.code).toBe(2);
    expect(leaks(Buffer.from(again.stderr + again.stdout))).toEqual([]);
    // A malformed code is refused without echoing it either.
    fs.writeFileSync(doc, JSON.stringify({ giftcards: [{ id: 'gc-bad', retailer: 'amazon', balance_cents: 1, code: `${code}-XYZ1` }] }));
    const bad = perk(['--db', db, 'load', doc], { env });
    expect(bad.code).toBe(2);
    expect(leaks(Buffer.from(bad.stderr + bad.stdout))).toEqual([]);
  });
});

describe('no module of perk opens a network connection', () => {
  const FORBIDDEN_MODULES = /^(node:)?(http|https|http2|net|tls|dgram|dns|dns\/promises|inspector)$|^(undici|ws|node-fetch|axios|got)(\/|$)/;
  const FORBIDDEN_GLOBALS = new Set(['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']);

  it('the built bundle imports no network module and uses no network global', () => {
    const dist = path.join(ROOT, 'dist');
    const files = [...fs.readdirSync(dist), ...fs.readdirSync(path.join(dist, 'chunks')).map((f) => path.join('chunks', f))].filter((f) => /\.c?js$/.test(f));
    const modules = new Set<string>();
    const problems: string[] = [];
    for (const file of files) {
      // Parse the code (string contents of bundled libraries are not code, so they cannot cause false hits).
      const source = ts.createSourceFile(file, fs.readFileSync(path.join(dist, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          modules.add(node.moduleSpecifier.text);
        } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
          const arg = node.arguments[0];
          if (arg && ts.isStringLiteralLike(arg)) modules.add(arg.text);
          else problems.push(`${file}: a computed import/require: ${node.getText(source).slice(0, 80)}`);
        } else if (ts.isIdentifier(node) && FORBIDDEN_GLOBALS.has(node.text)) {
          problems.push(`${file}: uses ${node.text}: ${node.parent.getText(source).slice(0, 80)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    // The scan sees the imports that are there (it is not vacuous)…
    expect(modules).toContain('node:fs');
    expect(files.length).toBeGreaterThan(5);
    // …and none that could reach the network.
    expect([...modules].filter((m) => FORBIDDEN_MODULES.test(m))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('at run time, every command runs with the network trip-wired and never touches it', () => {
    const log = tmp.file('network.log');
    const preload = tmp.file('no-network.mjs');
    fs.writeFileSync(
      preload,
      `import fs from 'node:fs'; import net from 'node:net'; import tls from 'node:tls'; import dgram from 'node:dgram'; import dns from 'node:dns';
       const trip = (what) => { fs.appendFileSync(${JSON.stringify(log)}, what + '\\n'); throw new Error('network: ' + what); };
       net.Socket.prototype.connect = function () { trip('net.Socket.connect'); };
       net.connect = net.createConnection = () => trip('net.connect');
       tls.connect = () => trip('tls.connect');
       dgram.createSocket = () => trip('dgram.createSocket');
       for (const k of ['lookup', 'resolve', 'resolve4', 'resolve6']) { dns[k] = () => trip('dns.' + k); dns.promises[k] = () => trip('dns.promises.' + k); }
       globalThis.fetch = () => trip('fetch');
       globalThis.WebSocket = class { constructor() { trip('WebSocket'); } };`,
    );
    const netEnv = { ...env, NODE_OPTIONS: `--import=${preload}` };
    const db = tmp.file('net.db');
    const runs: string[][] = [
      ['cards'], ['card', 'amex-gold'], ['retailers', 'mac'], ['wallet'], ['config', 'get'], ['export'],
      ['rate', 'set', 'macys', '6%', '--portal', 'rakuten'], ['backup', tmp.file('net-backup.db')],
      ['stack', 'macys', '200'], ['stack', 'amazon', '120', '--json'],
      ['order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten'], ['order', 'list'],
      ['payout'], ['payout', 'forecast'], ['payout', 'history'],
      ['value', 'MR'],
      ['compare', '42.17'],
      ['promo', 'list'],
      ['giftcard', 'list'],
    ];
    for (const args of runs) {
      const r = perk(['--db', db, ...args], { env: netEnv });
      expect(r.code, `perk ${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '').toBe('');
    // The trip-wire itself works (so this test can fail).
    const probe = tmp.file('probe.mjs');
    fs.writeFileSync(probe, "import net from 'node:net'; try { net.connect(80, '127.0.0.1'); } catch {}");
    expect(spawnSync(process.execPath, [probe], { env: netEnv }).status).toBe(0);
    expect(fs.readFileSync(log, 'utf8')).toContain('net.connect');
  });
});

// ---- hostile stored text ---------------------------------------------------------------------------

const ESC = '\u001b';
const HOSTILE = {
  sql: "'); DROP TABLE orders;--",
  ansi: `${ESC}[2J${ESC}[31mRED${ESC}[0m\u0007 bell\r\nsecond line \u202eevil`,
  title: `${ESC}]0;pwned\u0007Evil Portal`,
  card: `${ESC}[2JEvil'); DROP TABLE cards;--`,
  long: 'L'.repeat(199) + '!',
  note: `${ESC}[2J'); DROP TABLE orders;--\u0000after a NUL\u009b31m`,
};
const HOSTILE_DOC = {
  currencies: [{ code: 'EVL', name: `${ESC}[31mEvil Points`, paths: { cash: 1 }, default_path: 'cash' }],
  portals: [
    {
      id: 'evilportal',
      name: HOSTILE.title,
      payout: { months: [1, 4, 7, 10], day: 15, minimum_cents: 100 },
      payout_options: { USD: 1, EVL: 1 },
      default_payout: 'USD',
      confirm_days: [10, 30],
    },
  ],
  retailers: [
    { id: 'evil-shop', name: HOSTILE.sql, category: 'apparel', aliases: [`${ESC}[2J`] },
    { id: 'ansi-shop', name: HOSTILE.ansi, category: 'apparel' },
    { id: 'long-shop', name: HOSTILE.long, category: 'apparel' },
  ],
  rates: [
    { portal: 'evilportal', retailer: 'ansi-shop', percent: 5, from: '2026-11-01', as_of: '2026-11-20' },
    { portal: 'rakuten', retailer: 'evil-shop', percent: 4, from: '2026-11-01', as_of: '2026-11-20' },
    { portal: 'evilportal', retailer: 'long-shop', flat_cents: 500, from: '2026-11-01', as_of: '2026-11-20' },
  ],
  cards: [{ id: 'evil-card', issuer: 'amex', name: HOSTILE.card, currency: 'EVL', annual_fee_cents: 0, base: 1, earn: [{ category: 'apparel', multiplier: 3 }] }],
  offers: [{ id: 'evil-offer', issuer: 'amex', card: 'evil-card', retailer: 'ansi-shop', kind: 'credit', min_spend_cents: 1000, credit_cents: 500, from: '2026-11-01', to: '2026-12-31' }],
  giftcards: [{ id: 'gc-ansi', retailer: 'ansi-shop', balance_cents: 1000, code: 'ZZ9P-QR7T-88KLMN' }],
  wallet: ['evil-card'],
  orders: [
    { id: 50, date: '2026-11-05', retailer: 'ansi-shop', amount_cents: 10000, category: 'apparel', card: 'evil-card', portal: 'evilportal', charged_cents: 10000, expected_cents: 500, status: 'confirmed', confirmed_on: '2026-11-10', note: HOSTILE.note },
    { id: 51, date: '2026-11-06', retailer: 'evil-shop', amount_cents: 2000, category: 'apparel', card: 'evil-card', portal: 'rakuten', charged_cents: 2000, note: HOSTILE.sql },
  ],
  bonuses: [{ id: 50, portal: 'evilportal', amount_cents: 700, date: '2026-11-01', note: HOSTILE.ansi }],
};

/**
 * Names with control characters are refused by `perk load` since issue 13 (item 10); a database written
 * by an older perk may still hold them, so the hostile names are written into the database directly.
 */
const HOSTILE_NAMES = {
  currencies: { EVL: `${ESC}[31mEvil Points` },
  portals: { evilportal: HOSTILE.title },
  retailers: { 'evil-shop': HOSTILE.sql, 'ansi-shop': HOSTILE.ansi, 'long-shop': HOSTILE.long },
  cards: { 'evil-card': HOSTILE.card },
};
const EVIL_ALIAS = `${ESC}[2J`;
const plainNames = <T extends { name: string }>(records: T[]): T[] => records.map((r) => ({ ...r, name: 'placeholder' }));
const LOADABLE_DOC = {
  ...HOSTILE_DOC,
  currencies: plainNames(HOSTILE_DOC.currencies),
  portals: plainNames(HOSTILE_DOC.portals),
  retailers: plainNames(HOSTILE_DOC.retailers).map((r) => ({ ...r, name: `placeholder ${r.id}`, aliases: undefined })),
  cards: plainNames(HOSTILE_DOC.cards),
};

function writeHostileNames(file: string): void {
  const raw = new Database(file);
  try {
    for (const [code, name] of Object.entries(HOSTILE_NAMES.currencies)) raw.prepare('UPDATE currencies SET name = ? WHERE code = ?').run(name, code);
    for (const [id, name] of Object.entries(HOSTILE_NAMES.portals)) raw.prepare('UPDATE portals SET name = ? WHERE id = ?').run(name, id);
    for (const [id, name] of Object.entries(HOSTILE_NAMES.retailers)) {
      raw.prepare('UPDATE retailers SET name = ?, name_key = ? WHERE id = ?').run(name, name.toLowerCase(), id);
    }
    raw.prepare('UPDATE retailers SET aliases = ? WHERE id = ?').run(JSON.stringify([EVIL_ALIAS]), 'evil-shop');
    raw.prepare('INSERT OR IGNORE INTO retailer_aliases (alias, retailer) VALUES (?, ?)').run(EVIL_ALIAS.toLowerCase(), 'evil-shop');
    for (const [id, name] of Object.entries(HOSTILE_NAMES.cards)) raw.prepare('UPDATE cards SET name = ? WHERE id = ?').run(name, id);
  } finally {
    raw.close();
  }
}

describe('hostile text is stored verbatim and printed safely', () => {
  const db = tmp.file('hostile.db');
  beforeAll(() => {
    seededCopy(db);
    fs.writeFileSync(tmp.file('hostile.json'), JSON.stringify(LOADABLE_DOC));
    fs.writeFileSync(tmp.file('hostile-import.csv'), 'retailer,amount,portal,note\nansi-shop,10,topcashback,"\u001b[2J"\n');
    const r = perk(['--db', db, 'load', tmp.file('hostile.json')], { env });
    expect(r.code, r.stderr).toBe(0);
    writeHostileNames(db);
  });

  it('SQL fragments are data: every table is still there', () => {
    expect(countRows(db, 'orders')).toBe(2);
    expect(countRows(db, 'cards')).toBeGreaterThan(1);
  });

  it('perk export round-trips every hostile string exactly (and loads again into a new database unchanged)', () => {
    const out = perk(['--db', db, 'export'], { env });
    expect(out.code, out.stderr).toBe(0);
    const doc = JSON.parse(out.stdout) as Record<string, Array<Record<string, unknown>>>;
    const byId = (kind: string, id: unknown) => doc[kind]!.find((r) => r.id === id || r.code === id);
    for (const kind of ['retailers', 'cards', 'offers', 'orders', 'bonuses', 'portals', 'currencies'] as const) {
      for (const record of HOSTILE_DOC[kind] as Array<Record<string, unknown>>) {
        expect(byId(kind, record.id ?? record.code), `${kind} ${String(record.id)}`).toMatchObject(record);
      }
    }
    // Loading it again: the names with control characters are refused now (issue 13), naming the field.
    const again = tmp.file('hostile-export.json');
    fs.writeFileSync(again, out.stdout);
    const other = tmp.file('hostile-copy.db');
    expect(perk(['--db', other, 'init', '--empty'], { env }).code).toBe(0);
    const reload = perk(['--db', other, 'load', again], { env });
    expect(reload.code).toBe(2);
    expect(reload.stderr).toMatch(/field "name": expected one line of text/);
  });

  it('--json output carries the exact strings', () => {
    const retailers = JSON.parse(perk(['--db', db, '--json', 'retailers'], { env }).stdout) as { retailers: Array<{ id: string; name: string; aliases?: string[] }> };
    const named = Object.fromEntries(retailers.retailers.map((r) => [r.id, r]));
    expect(named['evil-shop']).toMatchObject({ name: HOSTILE.sql, aliases: [`${ESC}[2J`] });
    expect(named['ansi-shop']!.name).toBe(HOSTILE.ansi);
    expect(named['long-shop']!.name).toBe(HOSTILE.long);
    const card = JSON.parse(perk(['--db', db, '--json', 'card', 'evil-card'], { env }).stdout) as { card: { name: string } };
    expect(card.card.name).toBe(HOSTILE.card);
    const wallet = JSON.parse(perk(['--db', db, '--json', 'wallet'], { env }).stdout) as { wallet: Array<{ name: string }> };
    expect(wallet.wallet.map((c) => c.name)).toContain(HOSTILE.card);
  });

  // eslint-disable-next-line no-control-regex
  const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  const HUMAN: string[][] = [
    ['retailers'], ['retailers', 'ansi'], ['retailers', 'evil'], ['cards'], ['card', 'evil-card'], ['wallet'], ['config', 'get'],
    ['rate', 'set', 'ansi-shop', '6%', '--portal', 'evilportal', '--from', '2026-11-15'],
    ['stack', 'ansi-shop', '100'], ['stack', 'evil-shop', '100'], ['stack', 'long-shop', '100'], ['stack', 'ansi-shop', '100', '--gift-card'],
    ['order', 'list'],
    ['order', 'add', 'ansi-shop', '20', '--card', 'evil-card', '--portal', 'evilportal', '--note', HOSTILE.ansi],
    // No rate through topcashback: a warning naming the retailer, on stderr.
    ['order', 'add', 'ansi-shop', '20', '--portal', 'topcashback'],
    ['order', 'import', tmp.file('hostile-import.csv')],
    ['order', 'set', '51', '--cashback', '0.50'],
    ['order', 'confirm', '51'],
    ['order', 'remove', '51'],
    ['bonus', 'list'], ['bonus', 'add', 'evilportal', '5', '--note', HOSTILE.ansi], ['bonus', 'confirm', '50'], ['bonus', 'set', '50', '--amount', '6'],
    ['payout'], ['payout', 'forecast'], ['payout', 'history'],
    ['value', 'EVL'],
    ['compare', '10', '--portal', 'evilportal'],
    ['giftcard', 'list'], ['giftcard', 'set-balance', 'gc-ansi', '9'], ['giftcard', 'add', 'ansi-shop', '--code', 'AB12-CD34-EF56-GH', '--balance', '5'],
    ['promo', 'list', '--retailer', 'ansi-shop'], ['promo', 'add', 'ansi-shop', 'SAFE1', '--amount', '5'], ['promo', 'list'],
  ];
  it.each(HUMAN.map((args) => [args.join(' ').replace(tmp.dir, '<tmp>'), args] as const))('perk %s: no raw control characters in human output', async (_name, args) => {
    // In process (the same main() as bin/perk.js; stdout and stderr captured, not a terminal).
    const r = await perkIn(['--db', db, ...args], { env });
    expect(r.code, r.stderr).toBe(0);
    const bad = `${r.stdout}${r.stderr}`.split('\n').filter((line) => UNSAFE.test(line));
    expect(bad.map((l) => JSON.stringify(l))).toEqual([]);
  });

  it('and errors that quote hostile input escape it too', async () => {
    const r = await perkIn(['--db', db, 'card', `${ESC}[2J${ESC}]0;title\u0007`], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(UNSAFE);
    expect(r.stderr).toContain('\\x1b[2J');
  });
});
