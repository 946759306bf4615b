// End to end: the built bin/perk.js against a temp database for SPEC section 10 — spend import (twice,
// and a bad file), spend summary, advise --json, wallet add --opened, welcome, and the stack's note.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { dbDigest, seededCopy } from '../helpers/db.js';
import { perkAt } from '../helpers/spawn.js';

let dir: string;
let db: string;
const FIXTURES = path.join('tests', 'fixtures', 'spend');

const perk = (args: string[]) => perkAt(db, args, { env: { PERK_TODAY: '2026-11-21' } });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-spend-e2e-'));
  db = path.join(dir, 'perk.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('perk spend, advise and welcome', () => {
  it('imports a Chase export once however often it is imported, and refuses a bad one with exit 2', () => {
    const file = path.join(FIXTURES, 'chase.csv');
    const first = perk(['spend', 'import', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Chase export for chase-freedom-flex, 340 transactions: 340 added, 0 already imported; skipped 12 payments, 1 balance transfers.');
    expect(perk(['spend', 'import', file]).stdout).toContain('0 added, 340 already imported');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n11/01/2026,11/02/2026,SHELL OIL,Gas,Sale,-40.00,\n11/02/2026,11/03/2026,CHIPOTLE,Food & Drink,Sale,abc,\n');
    const r = perk(['spend', 'import', bad, '--card', 'amex-gold']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} line 3, field "amount": expected an amount such as 12.34 or -12.34 (got "abc").`);
    const list = JSON.parse(perk(['spend', 'list', '--json']).stdout) as { transactions: unknown[] };
    expect(list.transactions).toHaveLength(340);
  });

  it('imports a large export (written as it is read) in one transaction: all of it, or nothing when a row deep in it is bad', () => {
    // The Discover sample repeated to ~500 kB: ~7,000 rows, the repeats counted as further occurrences.
    const [header, ...rows] = fs.readFileSync(path.join(FIXTURES, 'discover.csv'), 'utf8').trimEnd().split('\n');
    const lines = [header as string];
    while (lines.join('\n').length < 500_000) lines.push(...rows);
    const large = path.join(dir, 'large-discover.csv');
    fs.writeFileSync(large, `${lines.join('\n')}\n`);
    const bad = path.join(dir, 'large-bad.csv');
    const badLines = [...lines];
    badLines[6_000] = badLines[6_000]!.replace(/^[^,]*/, '02/30/2026');
    fs.writeFileSync(bad, `${badLines.join('\n')}\n`);
    // A database of its own (the tests after this one read the first one's).
    const own = (args: string[]) => perkAt(path.join(dir, 'large.db'), args, { env: { PERK_TODAY: '2026-11-21' } });
    const count = () => (JSON.parse(own(['spend', 'summary', '--json', '--months', '120']).stdout) as { by_card: Array<{ count: number }> }).by_card.reduce((n, c) => n + c.count, 0);
    const before = count();
    const r = own(['spend', 'import', bad, '--card', 'amex-bbp']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} line 6001, field "trans. date": expected a date written MM/DD/YYYY (got "02/30/2026").`);
    expect(count()).toBe(before);
    const ok = JSON.parse(own(['spend', 'import', large, '--card', 'amex-bbp', '--json']).stdout) as { added: number; files: Array<{ rows: number; existing: number }> };
    expect(ok.files[0]!.rows).toBeGreaterThan(6_000);
    expect(ok.added).toBe(ok.files[0]!.rows);
    expect(count()).toBe(before + ok.added);
    expect(JSON.parse(own(['spend', 'import', large, '--card', 'amex-bbp', '--json']).stdout)).toMatchObject({ added: 0, files: [{ existing: ok.added }] });
  });

  it('summarises by category and card, and advises with the SPEC 10.3 shape', () => {
    const summary = perk(['spend', 'summary']);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^Spending from 2025-11-22 to 2026-11-21 \(12 months\): \$/);
    expect(summary.stdout).toContain('█');
    const advice = JSON.parse(perk(['advise', '--json']).stdout) as {
      months: number;
      spend_cents: number;
      wallet_value_cents: number;
      held: Array<{ card: string; value_cents: number; fee_cents: number; net_cents: number; drop_loses_cents: number }>;
      candidates: Array<{ card: string; added_cents: number; fee_cents: number; net_cents: number; first_year_cents: number }>;
    };
    expect(advice.months).toBe(12);
    expect(advice.held.map((h) => h.card)).toEqual(['amex-gold', 'c1-venture-x', 'chase-freedom-flex', 'rakuten-amex']);
    for (const h of advice.held) expect(h.net_cents).toBe(h.value_cents - h.fee_cents);
    const nets = advice.candidates.map((c) => c.net_cents);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));
    for (const c of advice.candidates) expect(c.net_cents).toBe(c.added_cents - c.fee_cents);
    const text = perk(['advise']);
    expect(text.stdout).toMatch(/\nAdding [a-z0-9-]+ earns \$[\d,]+ a year on your spending/);
  });

  it('tracks a welcome bonus from the day the card was opened, and notes it in perk stack', () => {
    expect(perk(['wallet', 'add', 'chase-sapphire-preferred', '--opened', '2026-11-01']).code).toBe(0);
    expect(perk(['wallet', 'add', 'amex-bbp', '--opened', '2026-12-01']).stderr).toContain('--opened 2026-12-01 is after today (2026-11-21).');
    const sapphire = path.join(dir, 'sapphire.csv');
    fs.writeFileSync(sapphire, 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n11/02/2026,11/03/2026,MARRIOTT SAN FRANCISCO,Travel,Sale,-1200.00,\n11/10/2026,11/11/2026,"DELTA AIR LINES, ATLANTA",Travel,Sale,-800.00,\n');
    expect(perk(['spend', 'import', sapphire, '--card', 'chase-sapphire-preferred']).code).toBe(0);
    const welcome = JSON.parse(perk(['welcome', '--json']).stdout) as { welcome: Array<Record<string, unknown>> };
    // $2,000 of $5,000 in 21 days; 70 days left to 2027-01-29: $3,000 / 70 = $42.86 a day (rounded up);
    // so far $95.24 a day, so on track.
    expect(welcome.welcome).toEqual([
      { card: 'chase-sapphire-preferred', opened: '2026-11-01', ends: '2027-01-29', units: 75000, min_spend_cents: 500000, spent_cents: 200000, left_cents: 300000, days_left: 70, pace_cents_per_day: 4286, on_track: true },
    ]);
    expect(perk(['stack', 'macys', '200']).stdout).toContain('chase-sapphire-preferred is in its welcome-bonus window until 2027-01-29');
  });
});

describe('perk spend import refuses bad input before it writes', () => {
  /** The Discover sample repeated to ~500 kB (read as it is written), with `edit` applied to its lines. */
  function largeFile(name: string, edit: (lines: string[]) => void = () => {}): string {
    const [header, ...rows] = fs.readFileSync(path.join(FIXTURES, 'discover.csv'), 'utf8').trimEnd().split('\n');
    const lines = [header as string];
    while (lines.join('\n').length < 500_000) lines.push(...rows);
    edit(lines);
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }
  const deepBadRow = (lines: string[]) => {
    lines[6_000] = lines[6_000]!.replace(/^[^,]*/, '02/30/2026');
  };
  const at = (file: string, args: string[]) => perkAt(file, args, { env: { PERK_TODAY: '2026-11-21' } });

  it('on a first run, a large import refused (a card, or a bad row deep in the file) leaves no database behind', () => {
    const good = largeFile('first-run.csv');
    const bad = largeFile('first-run-bad.csv', deepBadRow);
    for (const [args, message] of [
      [['spend', 'import', good, '--card', 'nope'], 'Unknown card "nope" (--card).'],
      [['spend', 'import', bad, '--card', 'amex-bbp'], `${bad} line 6001, field "trans. date": expected a date`],
    ] as const) {
      const fresh = path.join(dir, `first-run-${args.length}-${message.length}.db`);
      const r = at(fresh, [...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(fs.existsSync(fresh), fresh).toBe(false);
    }
  });

  it('while another process holds the write lock: exit 2 at once, naming the row or the card, nothing changed', () => {
    const file = seededCopy(path.join(dir, 'locked.db'));
    const small = path.join(dir, 'small-bad.csv');
    fs.writeFileSync(small, 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n11/02/2026,11/03/2026,CHIPOTLE,Food & Drink,Sale,abc,\n');
    const large = largeFile('locked-large.csv');
    const before = dbDigest(file);
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      for (const [args, message] of [
        [['spend', 'import', small, '--card', 'amex-gold'], `${small} line 2, field "amount"`],
        [['spend', 'import', large, '--card', 'nope'], 'Unknown card "nope" (--card).'],
      ] as const) {
        const t0 = Date.now();
        const r = at(file, [...args]);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
        expect(Date.now() - t0).toBeLessThan(5_000); // not the 10 s wait for the lock
      }
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(dbDigest(file)).toBe(before);
  });
});

