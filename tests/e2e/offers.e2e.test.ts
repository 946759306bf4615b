// `perk offers` and `perk offer add` through the built bin/perk.js on a seeded temp database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { perkAt } from '../helpers/spawn.js';

let dir: string;
let db: string;

function perk(args: string[]) {
  return perkAt(db, ['--today', '2026-11-21', ...args]);
}

interface OfferJson {
  id: string;
  to?: string;
  status: string;
  uses_left: number;
  days_left?: number;
  description: string;
}

const offers = (args: string[] = []) => {
  const r = perk(['offers', ...args, '--json']);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { offers: OfferJson[] }).offers;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-offers-e2e-'));
  db = path.join(dir, 'perk.db');
  // SPEC 9.6: the seeded data holds no card-linked offers; the samples are loaded on purpose.
  const fresh = perk(['offers', '--json']);
  expect(JSON.parse(fresh.stdout)).toMatchObject({ offers: [] });
  const load = perk(['load', 'data/examples/offers.json']);
  expect(load.stderr).toBe('');
  expect(load.code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('perk offers', () => {
  it('lists the example offers soonest expiry first, with uses left', () => {
    const list = offers();
    expect(list.length).toBeGreaterThan(5);
    const ends = list.map((o) => o.to ?? '9999-12-31');
    expect([...ends].sort()).toEqual(ends);
    expect(list[0]).toMatchObject({ id: 'chase-ulta-15', days_left: 4, uses_left: 1, status: 'active', description: '15% back up to $10.00' });
    expect(list.find((o) => o.id === 'amex-macys-25')?.description).toBe('spend $75.00, get $25.00 back');
  });

  it('--expiring 7 keeps only offers ending within a week; --card filters by card', () => {
    expect(offers(['--expiring', '7']).map((o) => o.id)).toEqual(['chase-ulta-15']);
    expect(offers(['--card', 'c1-venture-x']).every((o) => o.id.startsWith('c1-'))).toBe(true);
  });

  it('an offer used by an order has one use fewer, and a used-up one leaves the list (unless --all)', () => {
    const add = perk(['order', 'add', 'macys', '200', '--card', 'amex-gold', '--offer', 'amex-macys-25']);
    expect(add.code).toBe(0);
    expect(offers().some((o) => o.id === 'amex-macys-25')).toBe(false);
    expect(offers(['--all']).find((o) => o.id === 'amex-macys-25')).toMatchObject({ status: 'used_up', uses_left: 0 });
  });

  it('perk offer add stores an offer that perk stack then applies', () => {
    const r = perk(['offer', 'add', 'amex-nike-20', '--card', 'amex-gold', '--retailer', 'nike', '--kind', 'credit', '--min', '100', '--credit', '20', '--to', '2026-12-15']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('spend $100.00, get $20.00 back at Nike with amex-gold, until 2026-12-15');
    const stack = JSON.parse(perk(['stack', 'nike', '150', '--card', 'amex-gold', '--no-portal', '--json']).stdout) as {
      options: Array<{ components: Array<{ source: string; id: string; units: number }> }>;
    };
    // $150 on amex-gold with a $20 credit: $20 back and 1x MR on $130 = 130 MR.
    expect(stack.options[0]?.components).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'offer', id: 'amex-nike-20', units: 2000 }),
        expect.objectContaining({ source: 'card', id: 'amex-gold', units: 130 }),
      ]),
    );
  });

  it.each([
    [['offer', 'add', 'x1', '--card', 'amex-gold', '--retailer', 'nike', '--kind', 'credit'], /needs --credit/],
    [['offer', 'add', 'x2', '--card', 'nope', '--retailer', 'nike', '--kind', 'credit', '--credit', '5'], /Unknown card "nope"/],
    [['offer', 'add', 'x3', '--card', 'amex-gold', '--retailer', 'nike', '--kind', 'percent', '--percent', '150'], /--percent must be/],
    [['offer', 'add', 'x4', '--card', 'amex-gold', '--retailer', 'nike', '--kind', 'credit', '--credit', '5', '--to', '2026-02-30'], /--to must be a real date/],
    [['offer', 'add', 'Bad Id', '--card', 'amex-gold', '--retailer', 'nike', '--kind', 'credit', '--credit', '5'], /offer id must be/],
    [['offers', '--expiring', 'soon'], /--expiring must be a whole number/],
  ])('%j exits 2 with a clear sentence and changes nothing', (args, message) => {
    const before = perk(['export', '--kind', 'offers']).stdout;
    const r = perk(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(perk(['export', '--kind', 'offers']).stdout).toBe(before);
  });
});
