// Review of the numbers end to end (bin/perk.js): every expected value is computed by hand.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perkAt } from '../helpers/spawn.js';

let dir: string;
let n = 0;

function perk(db: string, args: string[]) {
  return perkAt(db, ['--today', '2026-11-21', ...args]);
}

function json<T>(db: string, args: string[]): T {
  const r = perk(db, [...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

function freshDb(): string {
  return path.join(dir, `perk-${++n}.db`);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-payout-currency-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Payouts {
  payouts: Array<{ portal: string; currency: string; expected_cents: number; units: number }>;
}

describe('payout currency', () => {
  it('an MR payout without an MR card in the wallet is paid (and shown) in USD, as in the stack', () => {
    const db = freshDb();
    json(db, ['wallet', 'remove', 'amex-gold']); // wallet: chase-freedom-flex (UR), rakuten-amex (USD), c1-venture-x (C1)
    json(db, ['config', 'set', 'portal.rakuten.payout', 'MR']);
    // Nike 8% on $100 = $8.00, plus rakuten-amex +4% via Rakuten = $4.00: $12.00 expected.
    json(db, ['order', 'add', 'nike', '100', '--portal', 'rakuten', '--card', 'rakuten-amex', '--date', '2026-11-01']); // expected by 2027-02-09
    const next = json<Payouts>(db, ['payout', 'next']).payouts[0];
    expect(next).toMatchObject({ portal: 'rakuten', currency: 'USD', expected_cents: 1200, units: 1200 });
    // The stack agrees: the portal reward is valued as USD with a warning.
    const stack = json<{ options: Array<{ card: string; portal: string | null; payout: string | null; warnings: string[] }> }>(db, [
      'stack', 'nike', '100', '--card', 'rakuten-amex', '--portal', 'rakuten',
    ]);
    expect(stack.options[0]).toMatchObject({ portal: 'rakuten', payout: 'USD' });

    // With an MR card in the wallet the same $12.00 is 1,200 MR (1 point per cent).
    json(db, ['wallet', 'add', 'amex-gold']);
    expect(json<Payouts>(db, ['payout', 'next']).payouts[0]).toMatchObject({ currency: 'MR', expected_cents: 1200, units: 1200 });
  });
});
