/**
 * Hand-made hostile data files (issue 13): numbers and ids at and past the loader's bounds, references
 * that do not exist, duplicates. Each file that used to load and break a later command is now refused
 * with exit 2 and the database unchanged; each file at the bounds loads and every read command works.
 * In process (the same main() as bin/perk.js), on copies of the seeded template database.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/load/schemas.js';
import { dbDigest, seededCopy, tempDir } from '../helpers/db.js';
import { perkIn } from '../helpers/in-process.js';
import { rejects } from '../helpers/reject.js';
import { perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-hostile-');
const env = perkEnv(tmp.dir);
let n = 0;

afterAll(() => tmp.cleanup());

/** A fresh copy of the seeded database, with its digest as the baseline. */
function fresh(): { db: string; env: NodeJS.ProcessEnv; baseline: () => string } {
  const db = seededCopy(tmp.file(`h${++n}.db`));
  const digest = dbDigest(db);
  return { db, env, baseline: () => digest };
}

function dataFile(doc: unknown, name = `d${++n}.json`): string {
  const file = tmp.file(name);
  fs.writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const currency = (path: unknown) => ({ currencies: [{ code: 'HX', name: 'Hostile', paths: { x: path }, default_path: 'x' }] });

/** Every read command of the issue, in text and JSON: none may fail with an internal error. */
async function readCommandsWork(db: string): Promise<void> {
  const commands = [
    ['stack', 'macys', '200'],
    ['stack', 'macys', '1000000000'],
    ['value', 'MR'],
    ['compare', '42.17'],
    ['payout'],
    ['order', 'list'],
    ['export'],
  ];
  for (const args of commands) {
    for (const json of [[], ['--json']]) {
      const r = await perkIn(['--db', db, ...json, ...args], { env });
      expect(`${args.join(' ')}: ${r.code} ${r.stderr}`).toBe(`${args.join(' ')}: 0 `);
    }
  }
}

describe('item 3: every number the loader accepts is bounded', () => {
  it('refuses a fee per point of 1e305 (it made stack, value and compare die converting Infinity to a BigInt)', async () => {
    const s = fresh();
    const file = dataFile(currency({ cpp: 2, fee_per_unit_cents: 1e305 }));
    await rejects(s, ['load', file], /field "paths\.x\.fee_per_unit_cents": expected a number at most 100/);
  });

  it('refuses a payout option of 1e-300 units per cent (compare divided by zero)', async () => {
    const s = fresh();
    const file = dataFile({
      portals: [
        { id: 'hp', name: 'H', payout: { months: [1], day: 1, minimum_cents: 0 }, payout_options: { USD: 1e-300 }, default_payout: 'USD', confirm_days: [1, 2] },
      ],
    });
    await rejects(s, ['load', file], /field "payout_options\.USD": expected a number at least 0\.0001/);
  });

  it.each([
    ['an amount over $1,000,000,000', { orders: [{ id: 7, date: '2026-11-01', retailer: 'macys', amount_cents: LIMITS.cents + 1, category: 'department_store', charged_cents: 0 }] }, /amount_cents": expected a number at most 100000000000/],
    ['a cpp over 100', currency(101), /field "paths\.x": expected a number at most 100/],
    ['a name of 201 characters', { retailers: [{ id: 'long', name: 'x'.repeat(201), category: 'apparel' }] }, /field "name": expected at most 200 characters/],
    ['an id of 201 characters', { categories: [{ id: 'a'.repeat(201) }] }, /field "id": expected at most 200 characters/],
  ])('refuses %s', async (_what, doc, message) => {
    const s = fresh();
    await rejects(s, ['load', dataFile(doc)], message);
  });

  it('loads a file at every bound, and every read command still works on it', async () => {
    const s = fresh();
    const doc = {
      currencies: [
        { code: 'HX', name: 'x'.repeat(LIMITS.name), paths: { fee: { cpp: LIMITS.cpp, fee_per_unit_cents: LIMITS.cpp }, tier: { tiers: [{ up_to_units: LIMITS.units, cpp: LIMITS.cpp }, { cpp: LIMITS.cpp }] } }, default_path: 'tier' },
      ],
      portals: [
        { id: 'hp', name: 'H', payout: { months: [1, 4, 7, 10], day: 31, minimum_cents: LIMITS.cents }, payout_options: { USD: 1, HX: LIMITS.cpp }, default_payout: 'HX', confirm_days: [3650, 3650] },
      ],
      rates: [{ portal: 'hp', retailer: 'macys', flat_cents: LIMITS.cents }],
      cards: [{ id: 'hc', issuer: 'amex', name: 'H', currency: 'HX', annual_fee_cents: LIMITS.cents, base: LIMITS.multiplier, earn: [] }],
      wallet: ['hc'],
      offers: [{ id: 'ho', issuer: 'amex', card: 'hc', retailer: 'macys', kind: 'points', points: LIMITS.units }],
      orders: [{ id: LIMITS.id, date: '2026-11-01', retailer: 'macys', amount_cents: LIMITS.cents, category: 'department_store', card: 'hc', portal: 'hp', charged_cents: LIMITS.cents, expected_cents: LIMITS.cents }],
    };
    const r = await perkIn(['--db', s.db, 'load', dataFile(doc)], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await readCommandsWork(s.db);
    // Exact at the bounds: a $1,000,000,000 flat rate paid as 100 HX a cent at 100¢ = 1e15 cents, plus the offer and earn.
    const stack = JSON.parse((await perkIn(['--db', s.db, '--json', 'stack', 'macys', '1000000000', '--card', 'hc'], { env })).stdout) as {
      options: Array<{ total_value_cents: number }>;
    };
    expect(stack.options[0]?.total_value_cents).toBe(1_200_000_000_000_000); // 1e15 portal + 1e14 offer + 1e14 earn
    for (const o of stack.options) expect(Number.isSafeInteger(o.total_value_cents)).toBe(true);
  });
});

describe('item 7: ids and references of orders, bonuses and duplicates', () => {
  const order = (extra: Record<string, unknown> = {}) => ({
    id: 5,
    date: '2026-11-01',
    retailer: 'macys',
    amount_cents: 100,
    category: 'department_store',
    charged_cents: 100,
    ...extra,
  });
  const giftcard = { id: 'gc-h', retailer: 'macys', balance_cents: 1000, code: 'HHHH-JJJJJJ-KKKK' };

  it.each([
    ['an order id of 2^53 − 1 (new orders then got duplicate ids)', { orders: [order({ id: 2 ** 53 - 1 })] }, /field "id": expected a number at most 1000000000/],
    [
      'gift cards worth more than the order ($5.00 on a $1.00 order)',
      { giftcards: [giftcard], orders: [order({ giftcard: 'gc-h', giftcard_cents: 500, charged_cents: 0 })] },
      /field "giftcard_cents": the gift cards \(\$5\.00\) and the charge \(\$0\.00\) come to more than the amount \(\$1\.00\)/,
    ],
    ['a charge above the amount', { orders: [order({ charged_cents: 101 })] }, /field "charged_cents": .*more than the amount \(\$1\.00\)/],
    ['an offer that does not exist', { orders: [order({ offer: 'no-such-offer' })] }, /field "offer" refers to unknown offer "no-such-offer"/],
    ['a gift card that does not exist', { orders: [order({ giftcard: 'gc-none', giftcard_cents: 50, charged_cents: 50 })] }, /field "giftcard" refers to unknown giftcard "gc-none"/],
    [
      'a split over a gift card that does not exist',
      { giftcards: [giftcard], orders: [order({ giftcard: 'gc-h', giftcard_cents: 50, charged_cents: 50, giftcard_split: [{ giftcard: 'gc-h', cents: 25 }, { giftcard: 'gc-none', cents: 25 }] })] },
      /field "giftcard_split\.1\.giftcard" refers to unknown giftcard "gc-none"/,
    ],
    [
      'the same gift card twice in a split (an internal error before)',
      { giftcards: [giftcard], orders: [order({ giftcard: 'gc-h', giftcard_cents: 50, charged_cents: 50, giftcard_split: [{ giftcard: 'gc-h', cents: 25 }, { giftcard: 'gc-h', cents: 25 }] })] },
      /field "giftcard_split\.1\.giftcard": gift card "gc-h" appears twice/,
    ],
    [
      'a split that does not add up to giftcard_cents',
      { giftcards: [giftcard], orders: [order({ giftcard: 'gc-h', giftcard_cents: 50, charged_cents: 50, giftcard_split: [{ giftcard: 'gc-h', cents: 25 }] })] },
      /field "giftcard_split": the split adds up to \$0\.25, not "giftcard_cents" \(\$0\.50\)/,
    ],
    ['two orders with one id in one file', { orders: [order(), order({ amount_cents: 200, charged_cents: 200 })] }, /line \d+ \(orders\): field "id": "5" is also at .* line \d+/],
    ['two retailers with one id in one file', { retailers: [{ id: 'dup', name: 'A', category: 'apparel' }, { id: 'dup', name: 'B', category: 'apparel' }] }, /\(retailers\): field "id": "dup" is also at/],
    ['a duplicate JSON key', '{ "orders": [ { "id": 5, "id": 6, "date": "2026-11-01", "retailer": "macys", "amount_cents": 100, "category": "department_store", "charged_cents": 100 } ] }', /line 1: the key "id" appears twice in one object/],
  ])('refuses %s', async (_what, doc, message) => {
    const s = fresh();
    await rejects(s, ['load', dataFile(doc)], message);
  });

  it('refuses an order whose id is taken by a different order, and reloads the same order with a new status', async () => {
    const s = fresh();
    expect((await perkIn(['--db', s.db, 'load', dataFile({ orders: [order()] })], { env })).code).toBe(0);
    const digest = dbDigest(s.db);
    await rejects({ ...s, baseline: () => digest }, ['load', dataFile({ orders: [order({ retailer: 'target', category: 'superstore' })] })], /field "id": order 5 is already a different order \(2026-11-01 macys \$1\.00\)/);
    const r = await perkIn(['--db', s.db, 'load', dataFile({ orders: [order({ status: 'confirmed', confirmed_on: '2026-11-10', actual_cents: 5 })] })], { env });
    expect(r.code).toBe(0);
    const list = (JSON.parse((await perkIn(['--db', s.db, '--json', 'order', 'list'], { env })).stdout) as { orders: Array<{ id: number; status: string; retailer: string }> }).orders;
    expect(list.map((o) => [o.id, o.retailer, o.status])).toEqual([[5, 'macys', 'confirmed']]);
  });

  it('refuses a bonus whose id is taken by a different bonus', async () => {
    const s = fresh();
    const bonus = { id: 3, portal: 'rakuten', amount_cents: 3000, date: '2026-10-01' };
    expect((await perkIn(['--db', s.db, 'load', dataFile({ bonuses: [bonus] })], { env })).code).toBe(0);
    const digest = dbDigest(s.db);
    await rejects({ ...s, baseline: () => digest }, ['load', dataFile({ bonuses: [{ ...bonus, amount_cents: 1 }] })], /field "id": bonus 3 is already a different bonus/);
  });
});

describe('item 5: restore accepts only what perk itself could have written', () => {
  let good: string;
  beforeAll(async () => {
    const s = fresh();
    const order = { id: 1, date: '2026-11-01', retailer: 'macys', amount_cents: 20000, category: 'department_store', card: 'amex-gold', portal: 'rakuten', charged_cents: 20000, expected_cents: 1200 };
    const giftcard = { id: 'gc-h', retailer: 'macys', balance_cents: 1000, code: 'HHHH-JJJJJJ-KKKK' };
    expect((await perkIn(['--db', s.db, 'load', dataFile({ orders: [order], giftcards: [giftcard] })], { env })).code).toBe(0);
    good = tmp.file('good-backup.db');
    expect((await perkIn(['--db', s.db, 'backup', good], { env })).code).toBe(0);
  });

  /** A copy of the good backup changed by `sql` (run with CHECK constraints off, as a hand-editor could). */
  function hostile(name: string, sql: string): string {
    const file = tmp.file(`${name}.db`);
    fs.copyFileSync(good, file);
    const db = new Database(file);
    db.pragma('ignore_check_constraints = ON');
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
    db.close();
    return file;
  }

  it('restores a backup perk wrote (the good case still works)', async () => {
    const s = fresh();
    const r = await perkIn(['--db', s.db, 'restore', good], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await perkIn(['--db', s.db, 'order', 'list'], { env })).code).toBe(0);
  });

  it.each([
    ['an invalid value (a negative amount)', () => hostile('negative', 'UPDATE orders SET amount_cents = -500'), /holds a record perk could not have written: \(orders\): field "amount_cents": expected a number at least 0/],
    ['an amount past the bound', () => hostile('huge', 'UPDATE orders SET amount_cents = 1e15, charged_cents = 1e15'), /\(orders\): field "amount_cents": expected a number at most 100000000000/],
    ['an order referring to a missing card', () => hostile('dangling', "UPDATE orders SET card = 'no-such-card'"), /\(orders\): field "card" refers to unknown card "no-such-card"/],
    [
      'a table that dropped STRICT ($NaN.NaN in order list)',
      () => hostile('loose', "PRAGMA legacy_alter_table = ON; CREATE TABLE loose AS SELECT * FROM orders; DROP TABLE orders; ALTER TABLE loose RENAME TO orders; UPDATE orders SET amount_cents = 'lots'"),
      /the table "orders" is not defined as perk's schema version \d+ defines it/,
    ],
    [
      'a trigger that deletes every order and gift card on the next order add',
      () => hostile('trigger', 'CREATE TRIGGER wipe AFTER INSERT ON orders BEGIN DELETE FROM orders; DELETE FROM giftcards; END;'),
      /has a trigger "wipe" that perk's schema version \d+ does not have/,
    ],
    ['a view', () => hostile('view', 'CREATE VIEW v AS SELECT * FROM orders'), /has a view "v"/],
    ['an extra plaintext code column', () => hostile('code', "ALTER TABLE giftcards ADD COLUMN code TEXT; UPDATE giftcards SET code = 'HHHHJJJJJJKKKK'"), /the table "giftcards" is not defined as/],
    ['a setting perk would refuse (path.MR = __proto__)', () => hostile('proto', "INSERT INTO config (key, value) VALUES ('path.MR', '__proto__')"), /holds a setting perk could not have written \("path\.MR"\)/],
  ])('refuses %s and changes nothing', async (_what, make, message) => {
    const s = fresh();
    const file = make();
    await rejects(s, ['restore', file], message);
    expect(fs.existsSync(`${s.db}.pre-restore`)).toBe(false);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
