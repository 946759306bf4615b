/**
 * Crash safety: `kill -9` of a real perk process in the middle of a large write (a load, an order
 * import, the first-run seeding) leaves an intact database (`integrity_check` ok) holding all of the
 * write or none of it, and perk keeps working on it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, dbDigest, integrityCheck, seededCopy, tempDir } from '../helpers/db.js';
import { BIN, ROOT, perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-crash-');
const env = perkEnv(tmp.dir, { PERK_TODAY: '2026-11-21' });
const retailers = (JSON.parse(fs.readFileSync(`${ROOT}/data/04-retailers.json`, 'utf8')) as { retailers: Array<{ id: string; category: string }> }).retailers;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1) + (i % 700) * 864e5).toISOString().slice(0, 10);

beforeAll(() => {
  // Orders in the load format (CSV kind "orders"): wide rows, so the write transaction outgrows the
  // page cache and SQLite spills it to the WAL while it is still uncommitted.
  const orders = ['id,date,retailer,amount_cents,category,card,portal,charged_cents,expected_cents,status,note'];
  for (let i = 1; i <= 150_000; i++) {
    const r = retailers[i % retailers.length]!;
    orders.push(`${i},${day(i)},${r.id},${1000 + (i % 50_000)},${r.category},amex-gold,rakuten,${1000 + (i % 50_000)},${i % 500},pending,order ${i} with a note long enough to matter`);
  }
  fs.writeFileSync(tmp.file('orders.csv'), `${orders.join('\n')}\n`);
  // Orders in the `perk order import` format.
  const imports = ['retailer,amount,date,card,portal,note'];
  for (let i = 1; i <= 100_000; i++) imports.push(`${retailers[i % retailers.length]!.id},${10 + (i % 500)}.${String(i % 100).padStart(2, '0')},${day(i)},amex-gold,rakuten,imported ${i}`);
  fs.writeFileSync(tmp.file('import.csv'), `${imports.join('\n')}\n`);
  // Rates: 240,000 distinct (portal, retailer, from) rows.
  const portals = ['rakuten', 'topcashback', 'befrugal'];
  const rates = ['portal,retailer,rate,from,as_of'];
  for (let i = 0; rates.length <= 240_000; i++) {
    const d = new Date(Date.UTC(2018, 0, 1) + Math.floor(i / (retailers.length * 3)) * 864e5).toISOString().slice(0, 10);
    rates.push(`${portals[i % 3]},${retailers[Math.floor(i / 3) % retailers.length]!.id},${1 + (i % 10)}%,${d},${d}`);
  }
  fs.writeFileSync(tmp.file('rates.csv'), `${rates.join('\n')}\n`);
});
afterAll(() => tmp.cleanup());

function freshDb(name: string): string {
  const db = tmp.file(name);
  return seededCopy(db);
}

function size(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? -1;
}

/**
 * Start `perk …args` and SIGKILL it as soon as `ready()` says it is writing. Resolves with how it
 * ended; `killed` is false when it finished before the condition was seen.
 */
function killWhen(args: string[], ready: () => boolean, timeoutMs = 25_000): Promise<{ killed: boolean; code: number | null; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: tmp.dir, stdio: 'ignore' });
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && (ready() || Date.now() - started > timeoutMs)) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ killed: signal === 'SIGKILL', code, ms: Date.now() - started });
    });
  });
}

/** After a crash: intact, all or nothing, and still usable. */
function expectAllOrNothing(db: string, table: string, before: { digest: string; rows: number }, added: number): 'none' | 'all' {
  expect(integrityCheck(db)).toBe('ok');
  const rows = countRows(db, table);
  expect([before.rows, before.rows + added]).toContain(rows);
  if (rows === before.rows) {
    expect(dbDigest(db)).toBe(before.digest);
    return 'none';
  }
  return 'all';
}

describe('kill -9 in the middle of a large write', () => {
  it('perk load of 150,000 orders: killed while the WAL grows, the database has none of them', async () => {
    const db = freshDb('load-orders.db');
    const before = { digest: dbDigest(db), rows: countRows(db, 'orders') };
    const run = await killWhen(['--db', db, 'load', 'orders.csv'], () => size(`${db}-wal`) > 1_000_000);
    expect(run.killed, `perk finished (exit ${run.code}) before it could be killed`).toBe(true);
    expect(expectAllOrNothing(db, 'orders', before, 150_000)).toBe('none');
    // …and perk writes to it again.
    const again = perk(['--db', db, 'rate', 'set', 'macys', '7%', '--portal', 'rakuten'], { env, cwd: tmp.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(integrityCheck(db)).toBe('ok');
  });

  it('perk load of 240,000 rates, killed at several moments: always intact and all-or-nothing', async () => {
    const db = freshDb('load-rates.db');
    const before = { digest: dbDigest(db), rows: countRows(db, 'rates') };
    const outcomes: string[] = [];
    // Killed as soon as the WAL exists (before or at the start of the write), and once it is large.
    for (const threshold of [0, 4_000_000]) {
      const run = await killWhen(['--db', db, 'load', 'rates.csv'], () => size(`${db}-wal`) > threshold);
      outcomes.push(expectAllOrNothing(db, 'rates', before, 240_000));
      if (outcomes.at(-1) === 'all') break;
      expect(run.killed).toBe(true);
    }
    expect(outcomes[0]).toBe('none');
  });

  it('perk order import of 100,000 orders: killed mid-write, none of them', async ({ skip }) => {
    if (!perk(['order', 'import', '--help'], { env }).stdout.includes('import')) skip();
    const db = freshDb('import.db');
    const before = { digest: dbDigest(db), rows: countRows(db, 'orders') };
    const run = await killWhen(['--db', db, 'order', 'import', 'import.csv'], () => size(`${db}-wal`) > 1_000_000);
    expect(run.killed, `perk finished (exit ${run.code}) before it could be killed`).toBe(true);
    expect(expectAllOrNothing(db, 'orders', before, 100_000)).toBe('none');
    const after = perk(['--db', db, '--json', 'order', 'list'], { env });
    expect(after.code, after.stderr).toBe(0);
  });

  it('the first run (create and seed), killed at any moment: no database or a complete one', async () => {
    const reference = freshDb('reference.db');
    const counts = (db: string) => ['retailers', 'rates', 'cards', 'categories', 'wallet'].map((t) => countRows(db, t));
    const complete = counts(reference);
    const db = tmp.file('first-run.db');
    for (const delay of [40, 80, 120, 160, 200, 240]) {
      for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
      const started = Date.now();
      await killWhen(['--db', db, 'cards'], () => Date.now() - started > delay);
      if (fs.existsSync(db)) {
        expect(integrityCheck(db)).toBe('ok');
        expect(counts(db), `after a kill at ${delay} ms`).toEqual(complete);
      }
      // Whatever happened, the next run works and sees the whole catalog.
      const r = perk(['--db', db, '--json', 'cards'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { cards: unknown[] }).cards.length).toBe(complete[2]);
    }
    // Temp files of killed first runs are cleaned up by the next first run.
    expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('.first-run.db.'))).toEqual([]);
  });
});
