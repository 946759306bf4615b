// Issue 14, end to end (bin/perk.js on temp databases): init's MR warning and --force with the user's
// edits, gift-card codes of other retailers and giftcard remove, and the order log fixes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededCopy } from '../helpers/db.js';
import { cleanEnv, perk as spawnPerk } from '../helpers/spawn.js';

let dir: string;
let n = 0;

function perk(db: string, args: string[]) {
  return spawnPerk(['--db', db, ...args], { env: cleanEnv({ PERK_TODAY: '2026-11-21' }) });
}

/** A fresh seeded database (a copy of what `perk init` makes). */
function fresh(): string {
  return seededCopy(path.join(dir, `db${++n}.db`));
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-issue14-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('init', () => {
  it('warns before saving an MR payout for a wallet without an MR card, and not with one', () => {
    const db = fresh();
    const r = perk(db, ['init', '--force', '--wallet', 'chase-freedom-flex', '--payout', 'MR']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: Rakuten pays MR only to MR cardholders and your wallet has no card earning MR/);
    const ok = perk(db, ['init', '--force', '--wallet', 'amex-gold', '--payout', 'MR']);
    expect(ok.stderr).toBe('');
    const json = JSON.parse(perk(db, ['--json', 'init', '--force', '--wallet', 'chase-freedom-flex', '--payout', 'MR']).stdout) as { warnings: string[] };
    expect(json.warnings).toHaveLength(1);
  });

  it('--force keeps a default record the user changed and says so; --replace-edits replaces it and says so', () => {
    const db = fresh();
    expect(perk(db, ['rate', 'set', 'macys', '7%', '--portal', 'rakuten', '--from', '2026-10-01']).code).toBe(0);
    const rate = () =>
      (JSON.parse(perk(db, ['--json', 'export', '--kind', 'rates']).stdout) as { rates: Array<{ portal: string; retailer: string; from?: string; percent?: number; channel?: string }> }).rates.find(
        (x) => x.portal === 'rakuten' && x.retailer === 'macys' && x.from === '2026-10-01' && !x.channel,
      )?.percent;
    expect(rate()).toBe(7);
    const kept = perk(db, ['init', '--force', '--wallet', 'amex-gold', '--payout', 'USD']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('Kept your own version of 1 record of the default dataset: rates rakuten/macys/online/2026-10-01');
    expect(rate()).toBe(7);
    const replaced = perk(db, ['init', '--force', '--replace-edits', '--wallet', 'amex-gold', '--payout', 'USD']);
    expect(replaced.stdout).toContain('Replaced your own version of 1 record with the default dataset\'s: rates rakuten/macys/online/2026-10-01.');
    expect(rate()).toBe(6);
  });
});

describe('gift cards', () => {
  it("a 16-digit Macy's card is stored; Amazon keeps its 14–15 rule, with Amazon's hint only for Amazon", () => {
    const db = fresh();
    const macys = perk(db, ['giftcard', 'add', 'macys', '--code', '6006 4912 3456 7890', '--balance', '50']);
    expect(macys.code).toBe(0);
    expect(macys.stdout).toContain('Stored gift card gc-macys-7890');
    const amazon = perk(db, ['giftcard', 'add', 'amazon', '--code', '6006 4912 3456 7891', '--balance', '50']);
    expect(amazon.code).toBe(2);
    expect(amazon.stderr).toContain('an Amazon claim code has 14 to 15 letters and digits, this one has 16');
    const short = perk(db, ['giftcard', 'add', 'macys', '--code', '1234567', '--balance', '5']);
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('a claim code has 8 to 20 letters and digits, this one has 7');
    expect(short.stderr).not.toContain('Amazon');
  });

  it('giftcard remove forgets one card by id or last four; an unknown one is exit 2', () => {
    const db = fresh();
    perk(db, ['giftcard', 'add', 'macys', '--code', '6006-4912-3456-7890', '--balance', '50']);
    perk(db, ['giftcard', 'add', 'amazon', '--code', 'AQ7X-9KLM2-PQRST', '--balance', '20']);
    const r = perk(db, ['giftcard', 'remove', '7890']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Removed gift card gc-macys-7890 ($50.00 left on it, code ending 7890).');
    expect((JSON.parse(perk(db, ['--json', 'giftcard', 'list']).stdout) as { giftcards: Array<{ id: string }> }).giftcards.map((g) => g.id)).toEqual(['gc-amazon-qrst']);
    expect(perk(db, ['giftcard', 'remove', 'gc-macys-7890']).code).toBe(2);
  });
});

describe('orders', () => {
  it("order import reads order export's CSV back: ids matched, nothing duplicated", () => {
    const db = fresh();
    perk(db, ['order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten']);
    perk(db, ['order', 'add', 'nike', '80', '--card', 'amex-gold', '--portal', 'rakuten', '--note', 'shoes, "running"']);
    const csv = path.join(dir, 'orders.csv');
    const exported = perk(db, ['order', 'export']);
    expect(exported.code).toBe(0);
    fs.writeFileSync(csv, exported.stdout);
    const r = perk(db, ['order', 'import', csv]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 added, 2 matched by id and updated');
    const orders = (JSON.parse(perk(db, ['--json', 'order', 'list']).stdout) as { orders: Array<{ id: number; note?: string | null }> }).orders;
    expect(orders.map((o) => o.id).sort()).toEqual([1, 2]);
    expect(orders.find((o) => o.id === 2)?.note).toBe('shoes, "running"');
    // Into a new database, the same ids.
    const other = fresh();
    expect(perk(other, ['order', 'import', csv]).stdout).toContain('2 added, 0 matched');
  });

  it('an order without a portal has no payout status to wait for', () => {
    const db = fresh();
    perk(db, ['order', 'add', 'olive-garden', '64.20', '--card', 'amex-gold', '--date', '2026-01-05']);
    const list = perk(db, ['order', 'list']);
    expect(list.stdout).toMatch(/olive-garden .* no portal/);
    expect(list.stdout).not.toMatch(/pending/);
    expect((JSON.parse(perk(db, ['--json', 'order', 'list']).stdout) as { orders: Array<{ awaiting_payout: boolean }> }).orders[0]!.awaiting_payout).toBe(false);
    expect(JSON.parse(perk(db, ['--json', 'order', 'list', '--status', 'pending']).stdout)).toEqual({ orders: [] });
    const confirm = perk(db, ['order', 'confirm', '1']);
    expect(confirm.code).toBe(2);
    expect(confirm.stderr).toContain('was not made through a portal');
  });

  it('an order whose promo voided the cash back ($0.00 expected) is never overdue', () => {
    const db = fresh();
    perk(db, ['load', 'data/examples/promos.json']);
    const add = perk(db, ['--json', 'order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten', '--promo', 'SAVE10', '--date', '2026-10-02']);
    expect((JSON.parse(add.stdout) as { order: { expected_cents: number } }).order.expected_cents).toBe(0);
    perk(db, ['order', 'add', 'macys', '100', '--card', 'amex-gold', '--portal', 'rakuten', '--date', '2026-10-02']);
    // Months later, past Rakuten's confirmation window.
    const orders = (JSON.parse(perk(db, ['--json', '--today', '2027-06-01', 'order', 'list']).stdout) as { orders: Array<{ id: number; flags: Array<{ code: string }> }> }).orders;
    expect(orders.find((o) => o.id === 1)!.flags).toEqual([]);
    // The one with $6.00 (6%) to come, as old, is overdue.
    expect(orders.find((o) => o.id === 2)!.flags.map((f) => f.code)).toEqual(['overdue']);
  });

  it('order set --status pending clears the credited amount; with --cashback it is exit 2', () => {
    const db = fresh();
    perk(db, ['order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten']);
    perk(db, ['order', 'confirm', '1', '--cashback', '15']);
    const r = perk(db, ['--json', 'order', 'set', '1', '--status', 'pending']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { order: { status: string; actual_cents: number | null } }).order).toMatchObject({ status: 'pending', actual_cents: null });
    expect(perk(db, ['order', 'set', '1', '--status', 'pending', '--cashback', '3']).code).toBe(2);
  });
});

describe('perk categories', () => {
  it('lists every category id --category takes, with the wallet cards that earn more there', () => {
    const db = fresh();
    const r = perk(db, ['categories']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dining +amex-gold 4x/m);
    expect(r.stdout).toMatch(/^department_store/m);
  });
});
