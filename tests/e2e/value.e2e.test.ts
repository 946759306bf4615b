// End to end: the built bin/perk.js against a temp database (seeded on first use) for `perk value`,
// `perk compare`, `perk giftcard` and `perk promo`, including that no claim code reaches the disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perkAt } from '../helpers/spawn.js';

let dir: string;
let db: string;

function perk(args: string[], options: { input?: string; db?: string } = {}) {
  return perkAt(options.db ?? db, args, { input: options.input, env: { PERK_TODAY: '2026-11-21' } });
}

function json<T>(args: string[]): T {
  const r = perk([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

interface ValueJson {
  currency: string;
  units: number;
  paths: Array<{ path: string; cpp: number; value_cents: number; default: boolean; user: boolean; fee_cents?: number; available: boolean; requires?: string[] }>;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-value-e2e-'));
  db = path.join(dir, 'perk.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('perk value', () => {
  it('values 50,000 MR through every path, best first, with the $30 airline fee', () => {
    const v = json<ValueJson>(['value', 'MR', '50000']);
    expect(v.currency).toBe('MR');
    expect(v.units).toBe(50_000);
    expect(v.paths.map((p) => [p.path, p.cpp, p.value_cents])).toEqual([
      ['transfer', 2, 100_000],
      ['transfer_us_airline', 2, 97_000],
      ['schwab', 1.1, 55_000],
      ['travel_portal', 1, 50_000],
      ['amazon', 0.7, 35_000],
      ['travel_portal_hotels', 0.7, 35_000],
      ['statement_credit', 0.6, 30_000],
      ['gift_cards', 0.5, 25_000],
    ]);
    expect(v.paths.find((p) => p.path === 'transfer_us_airline')?.fee_cents).toBe(3_000);
    expect(v.paths.filter((p) => p.default).map((p) => p.path)).toEqual(['transfer']);
    // SPEC 9.1: Schwab needs the Schwab Platinum, which the default wallet lacks.
    expect(v.paths.find((p) => p.path === 'schwab')).toMatchObject({ available: false, requires: ['amex-schwab-platinum'] });
    expect(v.paths.find((p) => p.path === 'transfer')).toMatchObject({ available: true });
  });

  it('accepts 50,000, caps the fee at $99 and tiers Schwab', () => {
    expect(json<ValueJson>(['value', 'mr', '50,000']).paths[0]).toMatchObject({ path: 'transfer', value_cents: 100_000 });
    expect(json<ValueJson>(['value', 'MR', '200000']).paths.find((p) => p.path === 'transfer_us_airline')).toMatchObject({
      fee_cents: 9_900,
      value_cents: 390_100,
    });
    expect(json<ValueJson>(['value', 'MR', '1,200,000']).paths.find((p) => p.path === 'schwab')?.value_cents).toBe(1_260_000);
  });

  it('defaults to 10,000 points and values USD as cash', () => {
    expect(json<ValueJson>(['value', 'UR']).units).toBe(10_000);
    expect(json<ValueJson>(['value', 'USD'])).toMatchObject({ currency: 'USD', units: 10_000, paths: [{ path: 'cash', cpp: 1, value_cents: 10_000 }] });
  });

  it("replaces the published cpp with the user's and marks it", () => {
    expect(perk(['config', 'set', 'cpp.MR.transfer', '1.7']).code).toBe(0);
    const v = json<ValueJson>(['value', 'MR', '10000']);
    expect(v.paths.find((p) => p.path === 'transfer')).toMatchObject({ cpp: 1.7, value_cents: 17_000, user: true, default: true });
    const human = perk(['value', 'MR', '10000']);
    expect(human.stdout).toMatch(/transfer\s+1\.7 \(yours\)\s+\$170\.00\s+default; your cpp, published 2\.0/);
    expect(perk(['config', 'unset', 'cpp.MR.transfer']).code).toBe(0);
  });

  it('prints a table with the fee and the tiers', () => {
    const r = perk(['value', 'MR', '50000']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('50,000 MR (Amex Membership Rewards)');
    expect(r.stdout).toMatch(/transfer_us_airline\s+2\.0\s+\$970\.00\s+fee \$30\.00/);
    expect(r.stdout).toMatch(/schwab\s+1\.1\s+\$550\.00\s+needs amex-schwab-platinum; 1\.1¢ up to 1,000,000, then 0\.8¢/);
  });

  it('refuses bad points and unknown currencies with exit 2', () => {
    const bad = perk(['value', 'MR', '5o000']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('"5o000"');
    const unknown = perk(['value', 'XYZ']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown currency "XYZ"');
    expect(unknown.stderr).toMatch(/Known currencies: USD, .*MR/);
  });
});

interface CompareJson {
  portal: string;
  cash_cents: number;
  options: Array<{ currency: string; units: number; break_even_cpp: number; paths: Array<{ path: string; cpp: number; value_cents: number }> }>;
  best: { currency: string; path: string; value_cents: number };
}

describe('perk compare', () => {
  it('compares $42.17 of Rakuten cash back across USD, MR and BILT', () => {
    const r = json<CompareJson>(['compare', '42.17']);
    expect(r.portal).toBe('rakuten');
    expect(r.cash_cents).toBe(4217);
    expect(r.options.map((o) => [o.currency, o.units, o.break_even_cpp])).toEqual([
      ['USD', 4217, 1],
      ['MR', 4217, 1],
      ['BILT', 2109, 2], // 0.5 BILT a cent without bilt-palladium (SPEC 9.2): 2,108.5 rounds half away from zero
    ]);
    expect(r.options[1]!.paths.find((p) => p.path === 'statement_credit')).toMatchObject({ cpp: 0.6, value_cents: 2530 });
    // MR transfer 4,217 × 2.0¢ = $84.34 beats BILT transfer 2,109 × 2.2¢ = $46.398 → $46.40.
    expect(r.best).toEqual({ currency: 'MR', path: 'transfer', value_cents: 8434 });
  });

  it('prints a table and a recommendation', () => {
    const r = perk(['compare', '$42.17']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MR\s+4,217\s+1\.0¢\s+transfer\s+2\.0\s+\$84\.34\s+\+\$42\.17/);
    expect(r.stdout).toMatch(/statement_credit\s+0\.6\s+\$25\.30\s+-\$16\.87/);
    expect(r.stdout).toMatch(/BILT\s+2,109\s+2\.0¢\s+transfer\s+2\.2\s+\$46\.40\s+\+\$4\.23/);
    expect(r.stdout).toContain('Take MR if you transfer to partners');
    expect(r.stdout).toContain('Next best: BILT via transfer, $46.40.');
  });

  it('notes that MR needs an MR card when the wallet has none', () => {
    const other = path.join(dir, 'no-amex.db');
    expect(perk(['wallet', 'remove', 'amex-gold'], { db: other }).code).toBe(0);
    const r = perk(['compare', '42.17'], { db: other });
    expect(r.stdout).toContain('Rakuten pays MR only into an account of a card that earns MR');
  });

  it('refuses a bad amount and an unknown portal with exit 2', () => {
    expect(perk(['compare', 'lots']).code).toBe(2);
    const unknown = perk(['compare', '10', '--portal', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown portal "nope"');
  });
});

describe('perk giftcard: the claim code never reaches the disk or the output', () => {
  const CODE = 'Z7NV-LBBG39-75MU';
  const NORMALISED = 'Z7NVLBBG3975MU';
  const STDIN_CODE = 'Q1W2-E3R4T5-Y6U7';
  const forms = (code: string) => [code, code.toLowerCase(), code.replace(/-/g, ''), code.replace(/-/g, '').toLowerCase(), code.replace(/-/g, ' ')];

  it('stores only last four and a hash; db file, WAL, list, export and errors are clean', () => {
    const file = path.join(dir, 'private.db');
    expect(perk(['wallet'], { db: file }).code).toBe(0); // seed
    // Keep a second connection open so the WAL is not checkpointed away when perk exits.
    const reader = new Database(file);
    reader.prepare('SELECT count(*) FROM giftcards').get();
    try {
      const outputs: string[] = [];
      const add = perk(['giftcard', 'add', 'amazon', '--code', CODE.toLowerCase(), '--balance', '50'], { db: file });
      expect(add.code).toBe(0);
      outputs.push(add.stdout, add.stderr);
      const fromStdin = perk(['giftcard', 'add', 'amazon', '--code', '-', '--balance', '$25', '--json'], { db: file, input: `${STDIN_CODE}\n` });
      expect(fromStdin.code).toBe(0);
      expect(JSON.parse(fromStdin.stdout)).toEqual({ giftcard: { id: 'gc-amazon-y6u7', retailer: 'amazon', balance_cents: 2500, last4: 'Y6U7' } });
      outputs.push(fromStdin.stdout, fromStdin.stderr);

      const duplicate = perk(['giftcard', 'add', 'amazon', '--code', NORMALISED, '--balance', '5'], { db: file });
      expect(duplicate.code).toBe(2);
      expect(duplicate.stderr).toContain('already stored as gc-amazon-75mu');
      const invalid = perk(['giftcard', 'add', 'amazon', '--code', `${CODE}X9`, '--balance', '5'], { db: file });
      expect(invalid.code).toBe(2);
      outputs.push(duplicate.stdout, duplicate.stderr, invalid.stdout, invalid.stderr);

      const list = perk(['giftcard', 'list'], { db: file });
      expect(list.stdout).toMatch(/gc-amazon-75mu\s+amazon\s+…75MU\s+\$50\.00/);
      const listJson = perk(['giftcard', 'list', '--json'], { db: file });
      expect(JSON.parse(listJson.stdout).total_cents).toBe(7500);
      const exported = perk(['export'], { db: file });
      expect(exported.code).toBe(0);
      expect(JSON.parse(exported.stdout).giftcards).toHaveLength(2);
      const exportedKind = perk(['export', '--kind', 'giftcards'], { db: file });
      outputs.push(list.stdout, listJson.stdout, exported.stdout, exportedKind.stdout);

      const wal = `${file}-wal`;
      expect(fs.existsSync(wal)).toBe(true);
      const disk = [fs.readFileSync(file), fs.readFileSync(wal)];
      for (const code of [CODE, STDIN_CODE]) {
        for (const form of forms(code)) {
          for (const bytes of disk) {
            expect(bytes.includes(Buffer.from(form, 'utf8'))).toBe(false);
            expect(bytes.includes(Buffer.from(form, 'utf16le'))).toBe(false);
          }
          for (const text of outputs) expect(text).not.toContain(form);
        }
      }
      // The search would find it: what is stored (the last four) is in the WAL.
      expect(disk[1]!.includes(Buffer.from('75MU'))).toBe(true);
      expect(disk[1]!.includes(Buffer.from('Y6U7'))).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('an export loads into a new database and still refuses the same code', () => {
    const file = path.join(dir, 'private.db');
    const exported = path.join(dir, 'giftcards.json');
    fs.writeFileSync(exported, perk(['export', '--kind', 'giftcards'], { db: file }).stdout);
    const fresh = path.join(dir, 'restored.db');
    expect(perk(['load', exported], { db: fresh }).code).toBe(0);
    const again = perk(['giftcard', 'add', 'amazon', '--code', CODE, '--balance', '1'], { db: fresh });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already stored as gc-amazon-75mu');
    expect(again.stderr).not.toContain('Z7NV');
  });

  it('set-balance changes a balance', () => {
    const file = path.join(dir, 'private.db');
    expect(perk(['giftcard', 'set-balance', 'gc-amazon-75mu', '12.30'], { db: file }).code).toBe(0);
    const listed = JSON.parse(perk(['giftcard', 'list', '--json'], { db: file }).stdout) as { giftcards: Array<{ id: string; balance_cents: number }> };
    expect(listed.giftcards.find((g) => g.id === 'gc-amazon-75mu')?.balance_cents).toBe(1230);
  });
});

describe('perk promo', () => {
  it('adds a code and lists status and uses left', () => {
    // SAVE10, NIKE20 and AMZ10OFF are samples (SPEC 9.6: the seeded data holds no promos).
    expect(perk(['load', 'data/examples/promos.json']).code).toBe(0);
    const add = perk(['promo', 'add', 'macys', 'save20', '--percent', '20', '--min', '$100', '--from', '2026-11-25', '--to', '2026-11-30', '--uses', '2']);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('Added SAVE20');
    const listed = json<{ date: string; promos: Array<{ code: string; status: string; uses_left: number }> }>(['promo', 'list', '--retailer', 'macys']);
    expect(listed.date).toBe('2026-11-21');
    expect(listed.promos.map((p) => [p.code, p.status, p.uses_left])).toEqual([
      ['SAVE10', 'active', 1],
      ['SAVE20', 'not_started', 2],
    ]);
    const human = perk(['promo', 'list']);
    expect(human.stdout).toMatch(/nike\s+NIKE20\s+20% off\s+\$100\.00\s+2026-11-01 to 2026-11-30\s+1 of 1\s+yes\s+active/);
    expect(perk(['--today', '2027-01-05', 'promo', 'list', '--retailer', 'amazon']).stdout).toMatch(/AMZ10OFF.*expired/);
  });

  it('refuses --amount with --percent (exit 2)', () => {
    const r = perk(['promo', 'add', 'macys', 'X', '--amount', '5', '--percent', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exactly one of --amount and --percent');
  });
});
