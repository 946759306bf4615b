import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { breakEvenCpp, compareCashback, type CompareInput } from '../../src/core/compare.js';
import { centsToUnits as payoutUnits } from '../../src/core/money.js';
import type { Currency, Portal } from '../../src/core/types.js';

const data = {
  currencies: (JSON.parse(fs.readFileSync('data/02-currencies.json', 'utf8')) as { currencies: Currency[] }).currencies,
  portals: (JSON.parse(fs.readFileSync('data/03-portals.json', 'utf8')) as { portals: Portal[] }).portals,
};
const rakuten = data.portals.find((p) => p.id === 'rakuten')!;
const topcashback = data.portals.find((p) => p.id === 'topcashback')!;
const currencies = new Map(data.currencies.map((c) => [c.code, c]));

/** MR with only the two paths of the README example. */
const MR_SIMPLE: Currency = { code: 'MR', name: 'MR', paths: { statement_credit: 0.6, transfer: 2 }, default_path: 'transfer' };
const cashOrMr: Portal = { ...rakuten, payout_options: { USD: 1, MR: 1 } };

function input(over: Partial<CompareInput> = {}): CompareInput {
  return { portal: rakuten, cash_cents: 4217, currencies, config: {}, walletCurrencies: new Set(['MR', 'UR', 'C1', 'USD']), ...over };
}

describe('break-even and payout units', () => {
  it.each([
    [1, 1],
    [0.5, 2],
    [2, 0.5],
    [3, 0.3333],
    [1.5, 0.6667],
  ])('%d units per cent → break-even %d¢', (perCent, cpp) => {
    expect(breakEvenCpp(perCent)).toBe(cpp);
  });

  it.each([
    [4217, 1, 4217],
    [4217, 0.5, 2109], // 2108.5 → 2109
    [1000, 1, 1000], // $10 = 1,000 MR (DOMAIN example 2)
    [4217, 1.25, 5271], // 5271.25 → 5271
  ])('%d cents at %d per cent = %d units', (cash, perCent, units) => {
    expect(payoutUnits(cash, perCent)).toBe(units);
  });

  it('the break-even cpp makes the points worth the cash', () => {
    const units = payoutUnits(4217, 0.5);
    expect(Math.abs(Math.round(units * breakEvenCpp(0.5)) - 4217)).toBeLessThanOrEqual(1);
  });
});

describe('compareCashback on the default data: $42.17 at Rakuten', () => {
  const r = compareCashback(input());

  it('has one option per payout currency, each valued by every path', () => {
    expect(r).toMatchObject({ portal: 'rakuten', cash_cents: 4217 });
    expect(r.options.map((o) => [o.currency, o.units, o.break_even_cpp])).toEqual([
      ['USD', 4217, 1],
      ['MR', 4217, 1],
      ['BILT', 4217, 1],
    ]);
    expect(r.options[0]!.paths.map((p) => [p.path, p.cpp, p.value_cents])).toEqual([['cash', 1, 4217]]);
    expect(r.options[1]!.paths.map((p) => [p.path, p.value_cents])).toEqual([
      ['transfer', 8434],
      ['transfer_us_airline', 8181], // 8434 − fee 253
      ['schwab', 4639], // 4638.7
      ['travel_portal', 4217],
      ['amazon', 2952], // 2951.9
      ['travel_portal_hotels', 2952],
      ['statement_credit', 2530], // 2530.2
      ['gift_cards', 2109], // 2108.5
    ]);
    expect(r.options[2]!.paths.map((p) => [p.path, p.value_cents])).toEqual([
      ['transfer', 9277], // 9277.4
      ['travel_portal', 5271], // 5271.25
      ['amazon', 2952],
      ['rent', 2319], // 2319.35
    ]);
  });

  it('picks the best value over every option and path', () => {
    expect(r.best).toEqual({ currency: 'BILT', path: 'transfer', value_cents: 9277 });
    expect(r.runners_up[0]).toEqual({ currency: 'MR', path: 'transfer', value_cents: 8434 });
  });

  it('says what to take, what a losing path costs and how to switch the payout', () => {
    expect(r.sentences[0]).toBe(
      'Take BILT if you transfer to partners: 4,217 BILT at 2.2¢ is worth $92.77, $50.60 more than $42.17 in cash (BILT beats cash above 1.0¢ a point).',
    );
    expect(r.sentences[1]).toBe('If you would pay rent (0.55¢) instead, take the cash: you would lose $18.98.');
    expect(r.sentences[2]).toContain('perk config set portal.rakuten.payout BILT');
    expect(r.recommendation).toBe(r.sentences.join(' '));
  });

  it('an MR payout without an MR card is USD, as perk stack and perk payout pay it', () => {
    const r = compareCashback(input({ config: { 'portal.rakuten.payout': 'MR' }, walletCurrencies: new Set(['UR', 'USD']) }));
    expect(r.current_payout).toBe('USD');
    expect(r.sentences.join(' ')).not.toContain('is set to pay you in MR');
  });

  it('does not ask to switch when the payout is already the best', () => {
    const same = compareCashback(input({ config: { 'portal.rakuten.payout': 'BILT' } }));
    expect(same.sentences.join(' ')).not.toContain('config set portal');
  });
});

describe('compareCashback: the recommendation', () => {
  it('MR vs cash: take MR to transfer, lose $16.87 at statement credit', () => {
    const r = compareCashback(input({ portal: cashOrMr, currencies: new Map([['MR', MR_SIMPLE]]), config: { 'portal.rakuten.payout': 'MR' } }));
    expect(r.best).toEqual({ currency: 'MR', path: 'transfer', value_cents: 8434 });
    expect(r.sentences).toEqual([
      'Take MR if you transfer to partners: 4,217 MR at 2.0¢ is worth $84.34, $42.17 more than $42.17 in cash (MR beats cash above 1.0¢ a point).',
      'If you would take a statement credit (0.6¢) instead, take the cash: you would lose $16.87.',
    ]);
  });

  it("warns when the user's own path loses to the cash", () => {
    const mr: Currency = { ...MR_SIMPLE, paths: { ...MR_SIMPLE.paths, gift_cards: 0.5 } };
    const r = compareCashback(
      input({ portal: cashOrMr, currencies: new Map([['MR', mr]]), config: { 'path.MR': 'statement_credit', 'portal.rakuten.payout': 'MR' } }),
    );
    expect(r.sentences[1]).toContain('buy gift cards (0.5¢)');
    expect(r.sentences[2]).toBe('Your MR path is statement_credit (0.6¢): at that path the cash is worth $16.87 more.');
  });

  it("uses the user's cpp: at 0.9¢ a transfer loses to cash", () => {
    const r = compareCashback(input({ portal: cashOrMr, currencies: new Map([['MR', MR_SIMPLE]]), config: { 'cpp.MR.transfer': '0.9' } }));
    expect(r.best).toEqual({ currency: 'USD', path: 'cash', value_cents: 4217 });
    expect(r.options[1]!.paths[0]).toMatchObject({ path: 'transfer', cpp: 0.9, user: true, value_cents: 3795 });
    expect(r.sentences[0]).toBe('Take the $42.17 in cash: no redemption path of MR (needs 1.0¢ a point) beats it.');
  });

  it('a tie goes to cash', () => {
    const even: Currency = { code: 'MR', name: 'MR', paths: { travel_portal: 1 }, default_path: 'travel_portal' };
    const r = compareCashback(input({ portal: cashOrMr, currencies: new Map([['MR', even]]) }));
    expect(r.best.currency).toBe('USD');
  });

  it('fewer units per cent raise the break-even', () => {
    const half: Portal = { ...rakuten, payout_options: { USD: 1, BILT: 0.5 } };
    const r = compareCashback(input({ portal: half }));
    const bilt = r.options.find((o) => o.currency === 'BILT')!;
    expect(bilt).toMatchObject({ units: 2109, break_even_cpp: 2 });
    expect(bilt.paths[0]).toMatchObject({ path: 'transfer', value_cents: 4640 }); // 2109 × 2.2 = 4639.8
    expect(r.best).toEqual({ currency: 'BILT', path: 'transfer', value_cents: 4640 });
    expect(r.sentences[0]).toContain('BILT beats cash above 2.0¢ a point');
  });

  it('a portal that pays only cash', () => {
    const r = compareCashback(input({ portal: topcashback }));
    expect(r.options.map((o) => o.currency)).toEqual(['USD']);
    expect(r.best).toEqual({ currency: 'USD', path: 'cash', value_cents: 4217 });
    expect(r.sentences).toEqual(['Take the $42.17 in cash: TopCashback offers no points payout you can take.']);
  });
});

describe('compareCashback: MR needs an MR card', () => {
  it('without one, MR is shown but not chosen, with a note', () => {
    const r = compareCashback(
      input({ portal: cashOrMr, currencies: new Map([['MR', MR_SIMPLE]]), walletCurrencies: new Set(['UR', 'USD']) }),
    );
    const mr = r.options.find((o) => o.currency === 'MR')!;
    expect(mr.available).toBe(false);
    expect(mr.paths[0]!.value_cents).toBe(8434);
    expect(r.best).toEqual({ currency: 'USD', path: 'cash', value_cents: 4217 });
    expect(r.notes).toEqual(['Rakuten pays MR only into an account of a card that earns MR; your wallet has none (perk wallet add <card>).']);
  });

  it('says so when the wallet is empty', () => {
    const r = compareCashback(input({ walletCurrencies: new Set(), walletEmpty: true }));
    expect(r.notes[0]).toContain('your wallet is empty');
    expect(r.best.currency).toBe('BILT'); // Bilt points need no card
  });

  it('leaves out a payout currency that is not defined, with a note', () => {
    const r = compareCashback(input({ currencies: new Map([['MR', MR_SIMPLE]]) }));
    expect(r.options.map((o) => o.currency)).toEqual(['USD', 'MR']);
    expect(r.notes[0]).toContain('BILT is not a known currency');
  });
});
