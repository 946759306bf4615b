/**
 * Migrations: a database with data at the current schema is upgraded through a longer chain (a
 * test-only next version) and keeps every row; a failing migration changes nothing; a chain that does
 * not match is refused; and a database written by a newer perk (or by another program) is refused by
 * the CLI with exit 1 and a message naming the versions, without being touched.
 *
 * Exit code: opening a `--db` that this perk cannot use is a runtime failure (exit 1) — the command
 * line was fine, the file is not. `perk restore <file>` of such a file is invalid input (exit 2).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectDatabase } from '../../src/db/backup.js';
import { LATEST_VERSION, MIGRATIONS, type Migration } from '../../src/db/migrations.js';
import { migrate, openDatabase, schemaVersion } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { loadItems } from '../../src/load/apply.js';
import { readJson } from '../../src/load/read.js';
import { seedStore } from '../../src/load/seed.js';
import { dbDigest, digestOf, tempDir } from '../helpers/db.js';
import { USER_DATA } from '../helpers/fixtures.js';
import { perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-migrations-');
const env = perkEnv(tmp.dir);
afterAll(() => tmp.cleanup());

const NEXT = LATEST_VERSION + 1;
/** A plausible next migration: a new column with a default, a backfill, a new table and index. */
const NEXT_MIGRATION: Migration = {
  version: NEXT,
  name: 'test: order tags',
  sql: `
    ALTER TABLE orders ADD COLUMN tag TEXT NOT NULL DEFAULT '';
    UPDATE orders SET tag = 'portal:' || portal WHERE portal IS NOT NULL;
    CREATE TABLE order_tags (order_id INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (order_id, tag)) STRICT;
    INSERT INTO order_tags SELECT id, tag FROM orders WHERE tag != '';
    CREATE INDEX orders_tag ON orders(tag);
  `,
};

/** A database file at the current schema holding the default dataset and user data. */
function databaseWithData(name: string): string {
  const file = tmp.file(name);
  const store = new Store(openDatabase(file).db);
  seedStore(store);
  loadItems(store, readJson(JSON.stringify(USER_DATA), 'user.json'));
  store.write(() => store.configSet('cpp.MR.transfer', '1.7'));
  store.close();
  return file;
}

/** Every row of every table that exists before the upgrade, with only the columns it had then. */
function rowsOf(db: Database.Database, tables: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, columns] of tables) {
    if (table === 'schema_migrations') continue;
    out[table] = (db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][])
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

function tablesOf(db: Database.Database): Map<string, string[]> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
  return new Map(names.map(({ name }) => [name, (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as Array<{ name: string }>).map((c) => c.name)]));
}

describe('upgrading through the chain', () => {
  it(`a version ${LATEST_VERSION} database with data, upgraded to ${NEXT}, keeps every row`, () => {
    const file = databaseWithData('upgrade.db');
    const db = new Database(file);
    const tables = tablesOf(db);
    const before = rowsOf(db, tables);
    expect(before.orders).toHaveLength(USER_DATA.orders.length);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);

    expect(migrate(db, [...MIGRATIONS, NEXT_MIGRATION])).toBe(MIGRATIONS.length + 1);
    expect(schemaVersion(db)).toBe(NEXT);
    expect(rowsOf(db, tables)).toEqual(before);
    // The migration's own work is there too.
    expect(db.prepare('SELECT tag FROM orders ORDER BY id').all()).toEqual([{ tag: 'portal:rakuten' }, { tag: '' }]);
    expect(db.prepare('SELECT count(*) AS n FROM order_tags').get()).toEqual({ n: 1 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Running the chain again does nothing.
    const digest = digestOf(db);
    migrate(db, [...MIGRATIONS, NEXT_MIGRATION]);
    expect(digestOf(db)).toBe(digest);
    db.close();
  });

  it('the whole chain from an empty file matches a database built by perk itself', () => {
    const viaCli = tmp.file('cli.db');
    expect(perk(['--db', viaCli, 'init', '--empty'], { env }).code).toBe(0);
    const mem = new Database(':memory:');
    migrate(mem);
    const cli = new Database(viaCli, { readonly: true });
    expect(tablesOf(cli)).toEqual(tablesOf(mem));
    cli.close();
    mem.close();
  });

  it('a migration that fails changes nothing: not its own earlier statements, not the version', () => {
    const file = databaseWithData('failing.db');
    const db = new Database(file);
    const before = digestOf(db);
    const broken: Migration = {
      version: NEXT,
      name: 'test: broken',
      sql: `ALTER TABLE orders ADD COLUMN half TEXT; UPDATE orders SET half = 'x'; INSERT INTO no_such_table VALUES (1);`,
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(digestOf(db)).toBe(before);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('a database whose applied versions are not a prefix of the known chain is refused', () => {
    const file = databaseWithData('forked.db');
    const db = new Database(file);
    db.prepare('UPDATE schema_migrations SET version = 1000 WHERE version = ?').run(LATEST_VERSION);
    const before = digestOf(db);
    expect(() => migrate(db, [...MIGRATIONS, NEXT_MIGRATION, { version: 1000, name: 'x', sql: '' }])).toThrow(/do not match/);
    expect(digestOf(db)).toBe(before);
    db.close();
  });
});

describe('the CLI refuses a database it cannot use, and leaves it alone', () => {
  it('a database written by a newer perk: exit 1, the message names both versions', () => {
    const file = databaseWithData('newer.db');
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(NEXT + 40, 'from the future', '2030-01-01T00:00:00Z');
    db.close();
    const before = dbDigest(file);
    for (const args of [['cards'], ['order', 'list'], ['rate', 'set', 'macys', '6%', '--portal', 'rakuten'], ['load', tmp.file('nothing.json')], ['backup', tmp.file('b.db')]]) {
      fs.writeFileSync(tmp.file('nothing.json'), '{}');
      const r = perk(['--db', file, ...args], { env });
      expect(r.code, `perk ${args.join(' ')}: ${r.stderr}`).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`schema version ${NEXT + 40} but this perk knows only up to ${LATEST_VERSION}; it was written by a newer perk`));
      expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    }
    expect(dbDigest(file)).toBe(before);
    expect(fs.existsSync(tmp.file('b.db'))).toBe(false);
  });

  it("another program's SQLite file: exit 1, and not one byte of it changes (not even its journal mode)", () => {
    const file = tmp.file('foreign.db');
    const db = new Database(file);
    db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');");
    db.close();
    const before = fs.readFileSync(file);
    for (const args of [['cards'], ['stack', 'macys', '200', '--json']]) {
      const r = perk(['--db', file, ...args], { env });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/foreign\.db is not a perk database/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    }
  });

  it('a file that is not SQLite at all: exit 1, file unchanged', () => {
    const file = tmp.file('notes.txt');
    fs.writeFileSync(file, 'my shopping list\n');
    const r = perk(['--db', file, 'wallet'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/notes\.txt is not a perk database/);
    expect(fs.readFileSync(file, 'utf8')).toBe('my shopping list\n');
  });
});

describe('migration 4: the trip end of a travel order', () => {
  /** A version 3 file (before trip_end) with a Rakuten hotel booking and a Macy's order. */
  function version3(name: string): string {
    const file = tmp.file(name);
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 3));
    const insert = db.prepare(
      `INSERT INTO orders (id, date, retailer, amount_cents, category, portal, charged_cents, expected_cents) VALUES (?, ?, ?, ?, ?, 'rakuten', ?, ?)`,
    );
    insert.run(1, '2026-12-01', 'marriott', 100000, 'hotel', 100000, 2000);
    insert.run(2, '2026-11-21', 'macys', 20000, 'department_store', 20000, 1200);
    db.close();
    return file;
  }

  it('upgrades a version 3 database: every order kept, with no trip end (its window counts from the order date, as before)', () => {
    const file = version3('v3.db');
    const db = new Database(file);
    const tables = tablesOf(db);
    const before = rowsOf(db, tables);
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(rowsOf(db, tables)).toEqual(before);
    expect(db.prepare('SELECT id, trip_end FROM orders ORDER BY id').all()).toEqual([
      { id: 1, trip_end: null },
      { id: 2, trip_end: null },
    ]);
    db.close();
    const store = new Store(openDatabase(file).db);
    seedStore(store);
    store.close();
    // The hotel booking without a trip end: 2026-12-01 + 120 days = 2027-03-31; Macy's + 100 = 2027-03-01.
    const r = perk(['--db', file, 'order', 'list', '--json', '--today', '2027-04-01'], { env });
    expect(r.code).toBe(0);
    const orders = (JSON.parse(r.stdout) as { orders: Array<{ id: number; trip_end: string | null; flags: Array<{ message: string }> }> }).orders;
    expect(orders.map((o) => [o.id, o.trip_end, o.flags.map((f) => f.message)])).toEqual([
      [2, null, ['overdue since 2027-03-01: ask the portal']],
      [1, null, ['overdue since 2027-03-31: ask the portal']],
    ]);
  });

  it('perk restore accepts a version 3 file and refuses a current file without the trip_end column', () => {
    expect(inspectDatabase(version3('v3-restore.db')).version).toBe(3);
    const gutted = databaseWithData('no-trip-end.db');
    const db = new Database(gutted);
    db.exec('ALTER TABLE orders DROP COLUMN trip_end');
    db.close();
    expect(() => inspectDatabase(gutted)).toThrow(/table "orders" lacks the column trip_end of schema version \d+/);
  });
});

describe('what perk restore accepts (inspectDatabase)', () => {
  it('an older schema version is accepted (and upgraded after the restore); a newer one is refused, naming both', () => {
    const file = databaseWithData('inspect.db');
    // Seen by a perk that knows one more migration, this file is older: fine.
    expect(inspectDatabase(file, [...MIGRATIONS, NEXT_MIGRATION]).version).toBe(LATEST_VERSION);
    const db = new Database(file);
    migrate(db, [...MIGRATIONS, NEXT_MIGRATION]);
    db.close();
    // Seen by this perk, the upgraded file is from the future.
    expect(() => inspectDatabase(file)).toThrow(new RegExp(`schema version ${NEXT} but this perk knows only up to ${LATEST_VERSION}`));
  });

  it('a file claiming a version but missing its tables or columns is refused', () => {
    const file = databaseWithData('gutted.db');
    const db = new Database(file);
    db.exec('DROP TABLE bonuses');
    db.close();
    expect(() => inspectDatabase(file)).toThrow(/missing the table "bonuses"/);
    const other = databaseWithData('gutted2.db');
    const db2 = new Database(other);
    db2.exec('ALTER TABLE orders DROP COLUMN note');
    db2.close();
    expect(() => inspectDatabase(other)).toThrow(/table "orders" lacks the column note/);
  });
});
