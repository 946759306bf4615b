/**
 * Helpers for the cross-cutting robustness tests: run the built `bin/perk.js` as a real process, and
 * fingerprint a database's logical content (schema and every row) to prove a command changed nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'perk.js');

export interface PerkResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A private temp directory, removed by `cleanup`. */
export function tempDir(prefix = 'perk-robust-'): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** An environment with no perk settings leaking in from the caller, prompts off, home in `home`. */
export function perkEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['PERK_DB', 'PERK_TODAY', 'PERK_DEBUG', 'FORCE_COLOR', 'NO_COLOR']) delete env[key];
  return { ...env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), CI: 'true', ...extra };
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  cwd?: string;
}

/** Run `node bin/perk.js …args` to completion. */
export function perk(args: string[], options: RunOptions = {}): PerkResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? perkEnv(os.tmpdir()),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Run perk without blocking the test process (for several at once). */
export function perkAsync(args: string[], options: RunOptions = {}): Promise<PerkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? perkEnv(os.tmpdir()),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A fingerprint of the logical content of a database: every schema object and every row of every
 * table (sorted, so page layout, WAL state and rowid reuse do not matter). Equal fingerprints mean
 * nothing a user could see has changed.
 */
export function dbDigest(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return digestOf(db);
  } finally {
    db.close();
  }
}

/** The fingerprint of an open database (e.g. `:memory:`). */
export function digestOf(db: Database.Database): string {
  const hash = createHash('sha256');
  const objects = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ type: string; name: string; sql: string | null }>;
  for (const o of objects) {
    hash.update(JSON.stringify(o));
    if (o.type !== 'table') continue;
    const rows = (db.prepare(`SELECT * FROM "${o.name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    hash.update(`${o.name}:${rows.length}\n`);
    for (const row of rows) hash.update(`${row}\n`);
  }
  return hash.digest('hex');
}

/** Row count of one table (read-only). */
export function countRows(file: string, table: string, where = ''): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}" ${where}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `pragma integrity_check` of a file, opened read-write so a crashed writer's WAL is recovered. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/** The commands the built CLI offers (from `perk --help`), to test others' commands as they land. */
export function availableCommands(): Set<string> {
  const r = perk(['--help']);
  const out = new Set<string>();
  let inCommands = false;
  for (const line of r.stdout.split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands && /^\S/.test(line)) inCommands = false;
    else if (inCommands) {
      const m = /^ {2}(\S+)/.exec(line);
      if (m?.[1]) out.add(m[1]);
    }
  }
  return out;
}

/** Subcommands of a command noun (`order` → add, list, …) from its --help. */
export function availableSubcommands(noun: string): Set<string> {
  const r = perk([noun, '--help']);
  const out = new Set<string>();
  let inCommands = false;
  for (const line of r.stdout.split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands && /^\S/.test(line)) inCommands = false;
    else if (inCommands) {
      const m = /^ {2}(\S+)/.exec(line);
      if (m?.[1]) out.add(m[1]);
    }
  }
  return out;
}

/** Data every robustness database carries besides the default dataset: orders, a bonus, a gift card. */
export const USER_DATA = {
  giftcards: [{ id: 'gc-amazon', retailer: 'amazon', balance_cents: 5000, code: 'AQ7N-LBBG39-75MU' }],
  orders: [
    { id: 1, date: '2026-11-02', retailer: 'macys', amount_cents: 20000, category: 'department_store', card: 'amex-gold', portal: 'rakuten', charged_cents: 20000, expected_cents: 1200, status: 'pending' },
    { id: 2, date: '2026-10-15', retailer: 'amazon', amount_cents: 4599, category: 'general_merchandise', card: 'chase-freedom-flex', charged_cents: 4599, status: 'confirmed', confirmed_on: '2026-11-10' },
  ],
  bonuses: [{ id: 1, portal: 'rakuten', amount_cents: 3000, date: '2026-10-01', note: 'welcome bonus' }],
};

/**
 * A seeded database with user data (orders, a bonus, a gift card, a setting) at `file`. Creating it
 * takes three perk runs; tests that only read it should share one.
 */
export function makeUserDatabase(file: string, env: NodeJS.ProcessEnv): void {
  const data = `${file}.user-data.json`;
  fs.writeFileSync(data, JSON.stringify(USER_DATA));
  for (const args of [['init'], ['load', data], ['config', 'set', 'cpp.MR.transfer', '1.7']]) {
    const r = perk(['--db', file, ...args], { env });
    if (r.code !== 0) throw new Error(`setting up ${file}: perk ${args.join(' ')} failed: ${r.stderr}`);
  }
  fs.rmSync(data);
}

export interface RejectOptions {
  /** Commander's own usage errors ("perk: unknown option …", worded by commander). */
  commander?: boolean;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/**
 * The contract of a rejected input: exit 2, nothing on stdout, one sentence on stderr (plus at most
 * one line of hint) that matches `message`, no stack trace, and the database unchanged.
 */
export function rejects(
  setup: { db: string; env: NodeJS.ProcessEnv; cwd?: string; baseline: () => string },
  args: string[],
  message: RegExp,
  options: RejectOptions = {},
): PerkResult {
  const r = perk(['--db', setup.db, ...args], { env: options.env ?? setup.env, cwd: setup.cwd, input: options.input });
  const show = `perk ${args.join(' ')}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  if (r.code !== 2 || r.stdout !== '') throw new Error(`expected exit 2 and no stdout:\n${show}`);
  const lines = r.stderr.trimEnd().split('\n');
  if (lines.length > 2) throw new Error(`expected one sentence (and a hint) on stderr:\n${show}`);
  const first = lines[0] ?? '';
  const shape = options.commander ? /^perk: .+/ : /^perk: \S.*/;
  if (!shape.test(first)) throw new Error(`stderr does not have the shape ${shape}:\n${show}`);
  if (!message.test(first)) throw new Error(`stderr does not match ${message}:\n${show}`);
  if (/internal error|\n\s+at |\bError:|\bTypeError\b|\bSqliteError\b/.test(r.stderr)) throw new Error(`a crash, not a message:\n${show}`);
  // A control character in stderr would let input drive the terminal.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stderr)) throw new Error(`raw control characters on stderr:\n${show}`);
  const after = dbDigest(setup.db);
  if (after !== setup.baseline()) throw new Error(`the database changed:\n${show}`);
  return r;
}

/** A valid record of each kind (referring to ids of the default dataset). */
export const VALID_RECORDS: Record<string, unknown> = {
  categories: { id: 'robust_cat', parent: 'travel' },
  currencies: { code: 'RBT', name: 'Robust Points', paths: { cash: 1 }, default_path: 'cash' },
  portals: {
    id: 'robustportal',
    name: 'Robust',
    payout: { months: [1, 4, 7, 10], day: 15, minimum_cents: 500 },
    payout_options: { USD: 1 },
    default_payout: 'USD',
    confirm_days: [30, 90],
  },
  retailers: { id: 'robust-shop', name: 'Robust Shop', category: 'apparel', aliases: ['robust.com'] },
  rates: { portal: 'rakuten', retailer: 'macys', percent: 5, from: '2026-12-01', to: '2026-12-31', as_of: '2026-11-20' },
  cards: { id: 'robust-card', issuer: 'amex', name: 'Robust Card', currency: 'MR', annual_fee_cents: 0, base: 1, earn: [{ category: 'dining', multiplier: 3 }] },
  offers: { id: 'robust-offer', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', min_spend_cents: 5000, credit_cents: 1000, from: '2026-11-01', to: '2026-12-31' },
  promos: { code: 'ROBUST5', retailer: 'macys', kind: 'amount', amount_cents: 500 },
  giftcards: { id: 'gc-robust', retailer: 'target', balance_cents: 2500, code: 'ZZ9P-QR7T-88KLMN' },
  wallet: 'amex-green',
  orders: { id: 100, date: '2026-11-05', retailer: 'target', amount_cents: 1000, category: 'superstore', charged_cents: 1000 },
  bonuses: { id: 100, portal: 'rakuten', amount_cents: 1000, date: '2026-11-01' },
};
