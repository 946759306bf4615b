/**
 * Concurrency: several perk processes writing one database at the same time lose nothing and never
 * fail with "database is locked" (WAL, a busy timeout, immediate transactions), including the first
 * run, when they all find no database and race to create and seed it.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { countRows, integrityCheck, seededCopy, tempDir } from '../helpers/db.js';
import { perkAsync, perkEnv, type PerkResult } from '../helpers/spawn.js';

const tmp = tempDir('perk-concurrency-');
const env = perkEnv(tmp.dir, { PERK_TODAY: '2026-11-21' });
afterAll(() => tmp.cleanup());

function expectClean(results: PerkResult[]): void {
  for (const r of results) {
    expect(r.stderr).not.toMatch(/locked|busy|internal error/i);
    expect(r.code, r.stderr).toBe(0);
  }
}

/** Run `count` invocations one after another (one "user" typing commands). */
async function loop(count: number, args: (i: number) => string[]): Promise<PerkResult[]> {
  const out: PerkResult[] = [];
  for (let i = 0; i < count; i++) out.push(await perkAsync(args(i), { env, cwd: tmp.dir }));
  return out;
}

// Dates no seeded rate starts on, so every rate set adds a row.
const date = (i: number) => `2025-10-${String(i + 1).padStart(2, '0')}`;

describe('two perk processes writing at once', () => {
  it('perk rate set in two loops: every rate is there', async () => {
    const db = tmp.file('rates.db');
    seededCopy(db);
    const before = countRows(db, 'rates');
    const n = 12;
    const [a, b] = await Promise.all([
      loop(n, (i) => ['--db', db, 'rate', 'set', 'macys', `${i + 1}%`, '--portal', 'rakuten', '--from', date(i), '--to', date(i)]),
      loop(n, (i) => ['--db', db, 'rate', 'set', 'target', `$${i + 1}`, '--portal', 'topcashback', '--from', date(i), '--to', date(i)]),
    ]);
    expectClean([...a, ...b]);
    expect(countRows(db, 'rates')).toBe(before + 2 * n);
    expect(integrityCheck(db)).toBe('ok');
  });

  it('perk order add in two loops: every order is there, each with its own id', async () => {
    const db = tmp.file('orders.db');
    seededCopy(db);
    const n = 12;
    const [a, b] = await Promise.all([
      loop(n, (i) => ['--db', db, '--json', 'order', 'add', 'macys', `${100 + i}`, '--card', 'amex-gold', '--portal', 'rakuten', '--date', date(i)]),
      loop(n, (i) => ['--db', db, '--json', 'order', 'add', 'amazon', `${200 + i}.50`, '--card', 'chase-freedom-flex', '--date', date(i), '--note', `loop b ${i}`]),
    ]);
    expectClean([...a, ...b]);
    expect(countRows(db, 'orders')).toBe(2 * n);
    expect(countRows(db, 'orders', "WHERE retailer = 'macys'")).toBe(n);
    expect(countRows(db, 'orders', "WHERE note LIKE 'loop b %'")).toBe(n);
  });

  it('perk load of two large files at once: both complete', async () => {
    const db = tmp.file('loads.db');
    seededCopy(db);
    const before = countRows(db, 'rates');
    const retailers = ['macys', 'target', 'amazon', 'walmart', 'nike', 'bestbuy'];
    const file = (portal: string) => {
      const rows = ['portal,retailer,rate,from'];
      for (let i = 0; i < 30_000; i++) {
        rows.push(`${portal},${retailers[i % retailers.length]},${1 + (i % 9)}%,${new Date(Date.UTC(2000, 0, 1) + Math.floor(i / retailers.length) * 864e5).toISOString().slice(0, 10)}`);
      }
      const name = tmp.file(`${portal}.csv`);
      fs.writeFileSync(name, `${rows.join('\n')}\n`);
      return name;
    };
    const [a, b] = await Promise.all([perkAsync(['--db', db, 'load', file('rakuten')], { env }), perkAsync(['--db', db, 'load', file('befrugal')], { env })]);
    expectClean([a, b]);
    expect(countRows(db, 'rates')).toBe(before + 60_000);
  });

  it('writers and readers at once: readers never fail', async () => {
    const db = tmp.file('mixed.db');
    seededCopy(db);
    const results = await Promise.all([
      loop(8, (i) => ['--db', db, 'rate', 'set', 'nike', `${i + 1}%`, '--portal', 'rakuten', '--from', date(i)]),
      loop(8, () => ['--db', db, '--json', 'retailers', 'nike']),
      loop(8, () => ['--db', db, '--json', 'export', '--kind', 'rates']),
    ]);
    expectClean(results.flat());
    for (const r of results[2]!) expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });
});

describe('the first run, raced', () => {
  it('four processes start on a database that does not exist: one seeds it, all succeed, nothing is lost', async () => {
    const reference = tmp.file('reference.db');
    seededCopy(reference);
    for (let round = 0; round < 3; round++) {
      const db = tmp.file(`race-${round}.db`);
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) => perkAsync(['--db', db, 'rate', 'set', 'macys', `${i + 1}%`, '--portal', 'rakuten', '--from', date(i)], { env })),
      );
      expectClean(results);
      for (const table of ['retailers', 'cards', 'categories', 'offers', 'promos', 'wallet']) {
        expect(countRows(db, table), table).toBe(countRows(reference, table));
      }
      expect(countRows(db, 'rates')).toBe(countRows(reference, 'rates') + 4);
      expect(integrityCheck(db)).toBe('ok');
      expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    }
    expect(fs.readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
