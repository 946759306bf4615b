// End to end: the built bin/perk.js against a temp database seeded with the default data, for
// `perk stack` — the DOMAIN.md worked examples 1–4, the SPEC example's shape, errors and exit codes,
// and that it runs from the fast path alone.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perkAt } from '../helpers/spawn.js';

let dir: string;
let db: string;

function perk(args: string[], options: { db?: string; nodeArgs?: string[] } = {}) {
  return perkAt(options.db ?? db, ['--today', '2026-11-21', ...args], { nodeArgs: options.nodeArgs });
}

interface Component {
  source: string;
  id: string;
  currency: string;
  units: number;
  value_cents: number;
}
interface Option {
  rank: number;
  card: string;
  portal: string | null;
  payout: string | null;
  promos: string[];
  charged_cents: number;
  components: Component[];
  total_value_cents: number;
  effective_rate: number;
  warnings: string[];
  click_through: string | null;
}
interface StackJson {
  date: string;
  retailer: { id: string; name: string; category: string };
  amount_cents: number;
  options: Option[];
  notes: string[];
}

function stack(args: string[]): StackJson {
  const r = perk(['stack', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as StackJson;
}

const parts = (o: Option) => o.components.map((c) => [c.source, c.id, c.currency, c.units, c.value_cents]);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-stack-e2e-'));
  db = path.join(dir, 'perk.db');
  // The sample Amex/Chase/Capital One offers and promo codes (SPEC 9.6: the seeded data holds none).
  const load = perk(['load', 'data/examples/offers.json', 'data/examples/promos.json']);
  expect(load.stderr).toBe('');
  expect(load.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('perk stack: DOMAIN worked examples on the default data', () => {
  it('works on a fresh database: perk stack amazon 120', () => {
    const fresh = path.join(dir, 'fresh.db');
    const r = perk(['stack', 'amazon', '120'], { db: fresh });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Amazon (general_merchandise) · $120.00 · 2026-11-21');
    expect(r.stdout).toMatch(/Best: /);
  });

  it('1: $500 at a 3% Rakuten store with the Rakuten Amex card = $15 + $20 = $35 (7%)', () => {
    const s = stack(['nordstrom', '500', '--card', 'rakuten-amex']);
    const best = s.options[0]!;
    expect([best.card, best.portal, best.payout]).toEqual(['rakuten-amex', 'rakuten', 'USD']);
    expect(parts(best)).toEqual([
      ['portal', 'rakuten', 'USD', 1500, 1500],
      ['card', 'rakuten-amex', 'USD', 2000, 2000],
    ]);
    expect([best.total_value_cents, best.effective_rate]).toEqual([3500, 0.07]);
  });

  it('2: $100 at a 10% store = $10 cash or 1,000 MR', () => {
    const cash = stack(['macys', '100', '--card', 'chase-freedom-flex', '--portal', 'rakuten']).options[0]!;
    expect(cash.components[0]).toEqual({ source: 'portal', id: 'rakuten', currency: 'USD', units: 1000, value_cents: 1000 });
    const mr = stack(['macys', '100', '--card', 'chase-freedom-flex', '--portal', 'rakuten', '--payout', 'mr']).options[0]!;
    expect(mr.components[0]).toEqual({ source: 'portal', id: 'rakuten', currency: 'MR', units: 1000, value_cents: 2000 });
    expect(mr.payout).toBe('MR');
  });

  it('3: $100 with a $20 Amex Offer on a 1x MR card = 80 points plus the $20 credit', () => {
    const o = stack(['sephora', '100', '--card', 'amex-gold', '--no-portal']).options[0]!;
    expect(parts(o)).toEqual([
      ['offer', 'amex-sephora-20x2', 'USD', 2000, 2000],
      ['card', 'amex-gold', 'MR', 80, 160],
    ]);
  });

  it('4: Freedom Flex 5% on $1,500 a quarter, beyond that 1% (dining 3%)', () => {
    const store = stack(['macys', '2000', '--card', 'chase-freedom-flex', '--no-portal']).options[0]!;
    // $1,500 × 5 + $500 × 1 = 8,000 UR, at cash 1¢ without a Sapphire in the wallet (SPEC 9.1).
    expect(parts(store)).toEqual([['card', 'chase-freedom-flex', 'UR', 7500 + 500, 8000]]);
    expect(store.warnings[0]).toContain('uses up chase-freedom-flex');
    // Q1 2026 dining: 7x on the first $1,500, then the card's dining 3x.
    const r = perk(['stack', 'cheesecake-factory', '2000', '--card', 'chase-freedom-flex', '--no-portal', '--json', '--today', '2026-02-10']);
    const dining = (JSON.parse(r.stdout) as StackJson).options[0]!;
    expect(dining.components[0]!.units).toBe(10500 + 1500); // $1,500 × 7 + $500 × 3
  });

  it("the SPEC example's shape: macys 200 on 2026-11-21 (Rakuten boost 10%)", () => {
    const s = stack(['macys', '200']);
    expect(s).toMatchObject({ date: '2026-11-21', retailer: { id: 'macys', name: "Macy's", category: 'department_store' }, amount_cents: 20000 });
    const best = s.options[0]!;
    expect(best).toMatchObject({ rank: 1, card: 'amex-gold', portal: 'rakuten', payout: 'USD', promos: [], charged_cents: 20000, warnings: [] });
    expect(parts(best)).toEqual([
      ['portal', 'rakuten', 'USD', 2000, 2000],
      ['offer', 'amex-macys-25', 'USD', 2500, 2500],
      ['card', 'amex-gold', 'MR', 175, 350],
    ]);
    expect([best.total_value_cents, best.effective_rate]).toEqual([4850, 0.2425]);
    for (const o of s.options) {
      expect(Object.keys(o).slice(0, 11)).toEqual(['rank', 'card', 'portal', 'payout', 'promos', 'charged_cents', 'components', 'total_value_cents', 'effective_rate', 'warnings', 'rate']);
    }
    // Capital One Offers compete with the portals: their own no-portal option.
    expect(s.options.find((o) => o.click_through === 'c1-macys-5x2')).toMatchObject({ card: 'c1-venture-x', portal: null });
    expect(stack(['macys', '200', '--top', '2']).options).toHaveLength(2);
  });

  it('a promo that voids the portal is computed both ways', () => {
    const s = stack(['macys', '200', '--card', 'amex-gold', '--portal', 'rakuten', '--promo', 'SAVE10']);
    expect(s.options.map((o) => [o.promos, o.total_value_cents, o.warnings.length])).toEqual([
      [[], 4850, 0],
      [['SAVE10'], 3830, 1],
    ]);
  });

  it('--config payout, --path and --in-store change the result', () => {
    expect(perk(['config', 'set', 'portal.rakuten.payout', 'MR']).code).toBe(0);
    const mr = stack(['macys', '200', '--card', 'amex-gold', '--portal', 'rakuten']).options[0]!;
    expect(mr.components[0]).toMatchObject({ currency: 'MR', units: 2000, value_cents: 4000 });
    const sc = stack(['macys', '200', '--card', 'amex-gold', '--portal', 'rakuten', '--path', 'MR=statement_credit']).options[0]!;
    expect(sc.components[0]).toMatchObject({ currency: 'MR', units: 2000, value_cents: 1200 });
    expect(perk(['config', 'unset', 'portal.rakuten.payout']).code).toBe(0);
    const inStore = stack(['macys', '200', '--card', 'amex-gold', '--in-store', '--portal', 'rakuten']).options[0]!;
    expect(inStore.components[0]).toMatchObject({ units: 600 });
  });

  it('--gift-card spends the stored balance first', () => {
    expect(perk(['giftcard', 'add', 'amazon', '--code', 'AB12-CD34EF-GH56', '--balance', '50']).code).toBe(0);
    const o = stack(['amazon', '120', '--gift-card', '--card', 'rakuten-amex', '--no-portal']).options[0]!;
    expect(o.charged_cents).toBe(7000);
    expect(o.components).toEqual([{ source: 'card', id: 'rakuten-amex', currency: 'USD', units: 70, value_cents: 70 }]);
  });
});

describe('perk stack: usage errors exit 2', () => {
  it.each([
    [['stack', 'macyz', '200'], /Unknown retailer "macyz"[\s\S]*Did you mean: .*macys/],
    [['stack', 'macys', 'lots'], /The amount must be an amount in dollars/],
    [['stack', 'macys', '200', '--category', 'nope'], /Unknown category "nope"/],
    [['stack'], /The retailer and amount are missing: run perk stack <retailer> <amount>\./],
    [['stack', 'macys'], /The amount is missing/],
    [['stack', 'macys', '200', '--card', 'amex-gol'], /Unknown card "amex-gol"/],
    [['stack', 'macys', '200', '--portal', 'nope'], /Unknown portal "nope"/],
    [['stack', 'macys', '200', '--payout', 'XYZ'], /No portal pays in "XYZ"/],
    [['stack', 'macys', '200', '--path', 'MR=moon'], /MR has no path "moon"/],
    [['stack', 'macys', '200', '--via', 'moon_travel'], /Unknown --via "moon_travel"/],
    [['stack', 'macys', '200', '--top', '0'], /--top must be a whole number/],
    [['stack', 'macys', '200', '--in-store', '--dining'], /cannot be used together/],
  ])('%j', (args, message) => {
    const r = perk(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

describe('perk stack: output', () => {
  it('human output: a table, the best explained, no color or borders in a pipe', () => {
    const r = perk(['stack', 'macys', '200', '--promo', 'SAVE10']);
    expect(r.code).toBe(0);
    expect(r.stdout.includes('\u001b[')).toBe(false);
    expect(r.stdout).toMatch(/^ *# +card +portal +portal reward +offer +card earn +promo +total +return$/m);
    expect(r.stdout).toContain('Best: amex-gold through rakuten');
    expect(r.stdout).toContain('  Rakuten 10% $20.00 + Amex Offer $25.00 + 175 MR ($3.50) = $48.50, 24.3%');
    // Wrapped to 80 columns like every note (SPEC 13).
    expect(r.stdout.replace(/\n/g, ' ')).toContain('! promo SAVE10 is not listed on Rakuten and may void its cash back: counted as $0');
    for (const line of r.stdout.split('\n').filter((l) => l.startsWith('! '))) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/more options not shown: --top \d+ shows all/);
    // SPEC 9.3: the other channel's rate is named with its flag.
    expect(r.stdout).toContain("Macy's also has an in-store rate: Rakuten 3% (add --in-store to use it).");
  });

  it('an empty wallet compares the whole catalog, with a note saying how to add cards', () => {
    const empty = path.join(dir, 'empty-wallet.db');
    expect(perk(['wallet', 'remove', 'amex-gold', 'chase-freedom-flex', 'rakuten-amex', 'c1-venture-x'], { db: empty }).code).toBe(0);
    const r = perk(['stack', 'macys', '200', '--json'], { db: empty });
    const s = JSON.parse(r.stdout) as StackJson;
    expect(s.notes[0]).toMatch(/wallet is empty.*perk wallet add/);
    expect(new Set(s.options.map((o) => o.card)).size).toBeGreaterThan(10);
  });

  it('a reader that goes away (perk … | head) ends perk quietly, on the fast path and the full one', async () => {
    for (const args of [['stack', 'macys', '200', '--json'], ['stack', 'macys', '200'], ['retailers']]) {
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: 'true' };
      delete env.PERK_DB;
      const child = spawn(process.execPath, ['bin/perk.js', '--db', db, '--today', '2026-11-21', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // the reader is gone before perk writes: its write fails with EPIPE
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('runs from the fast path alone: two CommonJS files for --json, the table view for people, no ESM', () => {
    const traced = path.join(dir, 'trace.db');
    expect(perk(['wallet'], { db: traced }).code).toBe(0); // seed first (the seed loads zod)
    const trace = path.join(dir, 'trace.txt');
    // Every file loaded: CommonJS through Module.prototype.load, ESM through a loader hook.
    const cjsHook = path.join(dir, 'trace-cjs.cjs');
    fs.writeFileSync(
      cjsHook,
      `const Module = require('node:module'); const { appendFileSync } = require('node:fs'); const load = Module.prototype.load;\n` +
        `Module.prototype.load = function (file) { appendFileSync(${JSON.stringify(trace)}, file + '\\n'); return load.call(this, file); };\n`,
    );
    const hooks = path.join(dir, 'hooks.mjs');
    fs.writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(${JSON.stringify(trace)}, url + '\\n'); return next(url, context); }\n`,
    );
    const register = path.join(dir, 'register.mjs');
    fs.writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const loadedBy = (args: string[]) => {
      fs.rmSync(trace, { force: true });
      const r = perk(args, { db: traced, nodeArgs: ['--require', cjsHook, '--import', register] });
      expect(r.code).toBe(0);
      const files = fs.readFileSync(trace, 'utf8').trim().split('\n');
      // (With --import, Node loads the entry through the ESM loader too: each file is counted once.)
      return [...new Set(files.filter((f) => /[\\/](bin|dist)[\\/]/.test(f) && !f.includes('node_modules')).map((f) => f.replace(/^.*[\\/](bin|dist)[\\/]/, '$1/')))];
    };
    expect(loadedBy(['stack', 'macys', '200', '--json'])).toEqual(['bin/perk.js', 'dist/perk.cjs', 'dist/stack.cjs']);
    expect(loadedBy(['stack', 'macys', '200'])).toEqual(['bin/perk.js', 'dist/perk.cjs', 'dist/stack.cjs', 'dist/stack-view.cjs']);
    expect(fs.readFileSync('dist/stack.cjs', 'utf8')).not.toMatch(/ZodError|cli-table3|@inquirer/);
    // Anything else goes to the full command line (ESM).
    expect(loadedBy(['wallet', '--json'])).toContain('dist/main.js');
  });
});
