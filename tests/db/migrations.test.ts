import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, openDatabase, schemaVersion } from '../../src/db/open.js';
import { MIGRATIONS, type Migration } from '../../src/db/migrations.js';
import { Store } from '../../src/db/store.js';
import { RuntimeError } from '../../src/errors.js';

const dirs: string[] = [];
function tempFile(name = 'perk.db'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-mig-'));
  dirs.push(dir);
  return path.join(dir, name);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('the migration chain', () => {
  it('numbers migrations from 1 upwards (gaps allowed: branches take their own numbers) with names', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    for (const m of MIGRATIONS) expect(m.name.length).toBeGreaterThan(0);
    expect(LATEST_VERSION).toBe(versions[versions.length - 1]);
  });

  it('runs the whole chain on :memory: and records every step', () => {
    const { db, created } = openDatabase(':memory:');
    expect(created).toBe(false);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    const recorded = db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
      name: string;
      applied_at: string;
    }>;
    expect(recorded.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const r of recorded) expect(r.applied_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'categories',
        'currencies',
        'portals',
        'retailers',
        'retailer_aliases',
        'rates',
        'cards',
        'offers',
        'promos',
        'giftcards',
        'wallet',
        'config',
        'orders',
        'bonuses',
        'schema_migrations',
      ]),
    );
    db.close();
  });

  it('is a no-op the second time', () => {
    const { db } = openDatabase(':memory:');
    const before = tables(db);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(before);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies only the migrations not yet applied, in order', () => {
    const db = new Database(':memory:');
    const m1: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
    const m2: Migration = { version: 2, name: 'two', sql: 'ALTER TABLE a ADD COLUMN y TEXT;' };
    const m3: Migration = { version: 3, name: 'three', sql: 'CREATE TABLE b (z TEXT) STRICT;' };
    expect(migrate(db, [m1])).toBe(1);
    db.prepare('INSERT INTO a (x) VALUES (1)').run();
    expect(migrate(db, [m1, m2, m3])).toBe(3);
    expect(schemaVersion(db)).toBe(3);
    // Data written under version 1 survives the later steps.
    expect(db.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 1, y: null }]);
    expect(tables(db)).toContain('b');
    db.close();
  });

  it('rolls back a migration that fails and keeps the earlier ones', () => {
    const db = new Database(':memory:');
    const good: Migration = { version: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
    const bad: Migration = { version: 2, name: 'bad', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
    expect(() => migrate(db, [good, bad])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('half');
    db.close();
  });

  it('refuses a database whose applied migrations are not a prefix of the known ones', () => {
    const db = new Database(':memory:');
    migrate(db, [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' }, { version: 3, name: 'three', sql: 'SELECT 1;' }]);
    const error = errorOf(() => migrate(db, [{ version: 1, name: 'one', sql: '' }, { version: 2, name: 'two', sql: '' }, { version: 3, name: 'three', sql: '' }]));
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/migrations \(1, 3\) do not match this perk's \(1, 2, 3\)/);
    db.close();
  });
});

describe('migration 4: cap use as running totals', () => {
  it('backfills the totals of a version-3 database from its order log, and keeps them up to date after', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.exec(`
      INSERT INTO categories (id, parent) VALUES ('travel', NULL), ('airfare', 'travel'), ('dining', NULL);
      INSERT INTO cards (id, issuer, name, currency, annual_fee_cents, base, earn) VALUES
        ('c', 'x', 'C', 'USD', 0, 1, '[{"category":"travel","multiplier":5,"cap_cents":100000,"cap_period":"quarter"},{"multiplier":2},{"via":"rakuten","multiplier":3,"cap_cents":50000}]');
      INSERT INTO orders (date, retailer, amount_cents, category, card, portal, charged_cents, status, expected_cents) VALUES
        ('2026-10-02', 'delta', 30000, 'airfare', 'c', NULL, 30000, 'pending', 0),
        ('2026-11-15', 'hilton', 12000, 'travel', 'c', 'rakuten', 12000, 'confirmed', 600),
        ('2026-11-16', 'delta', 99000, 'airfare', 'c', NULL, 99000, 'ineligible', 0),
        ('2026-09-30', 'delta', 5000, 'airfare', 'c', NULL, 5000, 'pending', 0),
        ('2026-11-17', 'chipotle', 2500, 'dining', 'c', 'rakuten', 2500, 'pending', 50),
        ('2026-11-18', 'delta', 7000, 'airfare', 'other', NULL, 7000, 'pending', 0);
    `);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    const totals = () => db.prepare('SELECT card, rule, period_start, spend_cents FROM cap_spend WHERE spend_cents != 0 ORDER BY rule, period_start').all();
    // Rule 0 (travel and airfare, quarterly): $50 in Q3, $300 + $120 in Q4 (not the ineligible $990);
    // rule 2 (through Rakuten, yearly by default): $120 + $25. The uncapped rule and the other card have none.
    expect(totals()).toEqual([
      { card: 'c', rule: 0, period_start: '2026-07-01', spend_cents: 5000 },
      { card: 'c', rule: 0, period_start: '2026-10-01', spend_cents: 42000 },
      { card: 'c', rule: 2, period_start: '2026-01-01', spend_cents: 14500 },
    ]);
    // After the migration (up to version 9) the triggers keep them: a new order counts, a removed one no longer does.
    db.exec(`INSERT INTO orders (date, retailer, amount_cents, category, card, charged_cents) VALUES ('2026-12-31', 'delta', 1000, 'airfare', 'c', 1000);
      DELETE FROM orders WHERE date = '2026-09-30';`);
    expect(totals()).toEqual([
      { card: 'c', rule: 0, period_start: '2026-10-01', spend_cents: 43000 },
      { card: 'c', rule: 2, period_start: '2026-01-01', spend_cents: 14500 },
    ]);
    db.close();
  });
});

describe('migration 9: whether the portal credited an order', () => {
  it('backfills it for a version-8 log (expected cash back, not an excluded category or a voiding promo) and rebuilds the via-portal totals', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 8));
    db.exec(`
      INSERT INTO categories (id, parent) VALUES ('shopping', NULL), ('gift_cards', 'shopping'), ('prepaid', 'gift_cards'), ('department_store', 'shopping');
      INSERT INTO portals (id, name, payout, payout_options, default_payout, confirm_days, excludes) VALUES
        ('rakuten', 'Rakuten', '{}', '{"USD":1}', 'USD', '[20,100]', '["gift_cards"]');
      INSERT INTO promos (code, retailer, kind, amount_cents, portal_safe) VALUES ('SAVE10', 'macys', 'amount', 1000, 0), ('SAFE5', 'macys', 'amount', 500, 1);
      INSERT INTO cards (id, issuer, name, currency, annual_fee_cents, base, earn, pays_via) VALUES
        ('rakuten-amex', 'amex', 'R', 'USD', 0, 1, '[{"multiplier":4,"via":"rakuten","cap_cents":700000,"cap_period":"year"}]', 'rakuten');
      INSERT INTO orders (date, retailer, amount_cents, category, card, portal, charged_cents, expected_cents, promos) VALUES
        ('2026-11-01', 'giftcards-com', 700000, 'gift_cards', 'rakuten-amex', 'rakuten', 700000, 7000, '[]'),
        ('2026-11-01', 'giftcards-com', 1000, 'prepaid', 'rakuten-amex', 'rakuten', 1000, 10, '[]'),
        ('2026-11-02', 'macys', 20000, 'department_store', 'rakuten-amex', 'rakuten', 19000, 760, '["SAVE10"]'),
        ('2026-11-03', 'macys', 30000, 'department_store', 'rakuten-amex', 'rakuten', 29500, 2950, '["SAFE5"]'),
        ('2026-11-04', 'macys', 40000, 'department_store', 'rakuten-amex', 'rakuten', 40000, 0, '[]'),
        ('2026-11-05', 'macys', 50000, 'department_store', 'rakuten-amex', NULL, 50000, 0, '[]');
    `);
    // Before: every Rakuten order counts toward the 4x rule, the excluded gift cards too.
    expect(db.prepare('SELECT spend_cents FROM cap_spend').pluck().get()).toBe(700000 + 1000 + 19000 + 29500 + 40000);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    expect(db.prepare('SELECT portal_credited FROM orders ORDER BY id').pluck().all()).toEqual([0, 0, 0, 1, 0, 0]);
    // After: only the Macy's order with a portal-safe promo ($295.00) was credited by Rakuten.
    expect(db.prepare('SELECT spend_cents FROM cap_spend').pluck().get()).toBe(29500);
    // The triggers follow the flag and a credited amount of 0 from then on.
    db.exec("UPDATE orders SET portal_credited = 1 WHERE id = 5; UPDATE orders SET actual_cents = 0, status = 'confirmed' WHERE id = 4;");
    expect(db.prepare('SELECT spend_cents FROM cap_spend').pluck().get()).toBe(40000);
    db.close();
  });
});

describe('migration 10: cap totals kept by the store, the rule in core', () => {
  it('drops the triggers and the tables only they used, rebuilds the totals with core, and the store keeps them after', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    db.exec(`
      INSERT INTO categories (id, parent) VALUES ('travel', NULL), ('airfare', 'travel'), ('dining', NULL);
      INSERT INTO cards (id, issuer, name, currency, annual_fee_cents, base, earn) VALUES
        ('c', 'x', 'C', 'USD', 0, 1, '[{"category":"travel","multiplier":5,"cap_cents":100000,"cap_period":"quarter"},{"multiplier":2}]');
      INSERT INTO orders (date, retailer, amount_cents, category, card, charged_cents, status) VALUES
        ('2026-10-02', 'delta', 30000, 'airfare', 'c', 30000, 'pending'),
        ('2026-11-16', 'delta', 99000, 'airfare', 'c', 99000, 'ineligible'),
        ('2026-11-20', 'delta', 12000, 'airfare', 'c', 12000, 'confirmed');
      INSERT INTO transactions (card, date, amount_cents, description, occurrence, category) VALUES
        ('c', '2026-11-22', 12000, 'DELTA', 1, 'airfare'),
        ('c', '2026-12-01', -2000, 'DELTA REFUND', 1, 'airfare'),
        ('c', '2026-12-02', 5000, 'HOTEL', 1, 'travel');
      -- A total the triggers never wrote (a stray row): the rebuild has the last word.
      INSERT INTO cap_spend (card, rule, period_start, spend_cents) VALUES ('c', 0, '2025-01-01', 777);
    `);
    migrate(db);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all()).toEqual([]);
    expect(tables(db)).not.toContain('cap_rules');
    expect(tables(db)).not.toContain('category_tree');
    expect(tables(db)).not.toContain('cap_defer');
    // $300 (Oct 2) + $120 charged (the Nov 20 order is posted by it, so counted once) − $20 refund + $50:
    // not the ineligible $990.
    const totals = () => db.prepare('SELECT card, rule, period_start, spend_cents FROM cap_spend WHERE spend_cents != 0').all();
    expect(totals()).toEqual([{ card: 'c', rule: 0, period_start: '2026-10-01', spend_cents: 30000 + 12000 - 2000 + 5000 }]);
    // The store keeps them from then on: the ineligible order made pending counts.
    const store = new Store(db);
    const order = store.orders().find((o) => o.status === 'ineligible')!;
    store.write(() => store.saveOrder({ ...order, status: 'pending' }));
    expect(store.capSpend('c', 0, '2026-10-01')).toBe(45000 + 99000);
    store.close();
  });
});

describe('opening a database file', () => {
  it('refuses a database written by a newer perk, with a clear message, and leaves it untouched', () => {
    const file = tempFile();
    openDatabase(file).db.close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', '2030-01-01T00:00:00Z')").run(LATEST_VERSION + 1);
    raw.close();
    const before = fs.readFileSync(file);
    const error = errorOf(() => openDatabase(file));
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).exitCode).toBe(1);
    expect(error.message).toBe(
      `This database has schema version ${LATEST_VERSION + 1} but this perk knows only up to ${LATEST_VERSION}; it was written by a newer perk.`,
    );
    expect((error as RuntimeError).hint).toMatch(/Upgrade perk/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // Read-only opening refuses it too.
    expect(() => openDatabase(file, { readonly: true })).toThrow(/newer perk/);
  });

  it('creates a new file private to its owner, in WAL mode, fully migrated', () => {
    const file = path.join(tempFile(), '..', 'sub', 'dir', 'perk.db');
    const { db, created } = openDatabase(file);
    expect(created).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);
  });

  it('opens an existing file without calling it created', () => {
    const file = tempFile();
    openDatabase(file).db.close();
    const again = openDatabase(file);
    expect(again.created).toBe(false);
    again.db.close();
  });

  it('refuses a file that is not a SQLite database', () => {
    const file = tempFile('notes.txt');
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    const error = errorOf(() => openDatabase(file));
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/is not a perk database/);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^these are my notes/);
  });

  it('refuses a directory given as the database', () => {
    const file = tempFile();
    fs.mkdirSync(file);
    expect(() => openDatabase(file)).toThrow(RuntimeError);
  });
});
