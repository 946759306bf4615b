// SPEC 10.3, hand-worked. Default dataset: Freedom Flex earns UR (base 1, dining 3, drugstore 3, Q1 2026
// dining 7 and Q4 2026 department stores 5, each capped at $1,500 a quarter); UR is worth 1.0¢ (cash)
// unless the wallet holds a Sapphire Preferred, Sapphire Reserve or Ink Preferred (transfer, 2.05¢).
import { describe, expect, it } from 'vitest';
import { advise, explain, type AdviseInput } from '../../src/core/advise.js';
import { categoryChains } from '../../src/core/caps.js';
import type { Spend } from '../../src/core/spend.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { seedStore } from '../../src/load/seed.js';

const store = new Store(openDatabase(':memory:').db);
seedStore(store);
const catalog = store.cards();
const card = (id: string) => catalog.find((c) => c.id === id)!;

function input(wallet: string[], spend: Spend[], config: Record<string, string> = {}): AdviseInput {
  return {
    spend,
    months: 12,
    wallet: wallet.map(card),
    catalog,
    currencies: store.currencies(),
    config,
    chainOf: categoryChains(store.categories()),
  };
}

const buy = (date: string, category: string, dollars: number): Spend => ({ date, card: null, category, amount_cents: dollars * 100 });

// $20,000 of mixed spending between May and August 2026 (no rotating category open then).
const MIXED: Spend[] = [
  buy('2026-05-03', 'dining', 4000),
  buy('2026-05-10', 'supermarket', 6000),
  buy('2026-06-01', 'gas', 2000),
  buy('2026-06-15', 'drugstore', 1000),
  buy('2026-07-04', 'general_merchandise', 4000),
  buy('2026-08-20', 'airfare', 3000),
];

describe('advise: Freedom Flex alone, $20,000 of mixed spending', () => {
  const a = advise(input(['chase-freedom-flex'], MIXED));

  it('values the wallet at 30,000 UR in cash: dining and drugstore at 3x, the rest at 1x', () => {
    // 4,000×3 + 1,000×3 + (6,000 + 2,000 + 4,000 + 3,000)×1 = 30,000 UR at 1.0¢
    expect(a.spend_cents).toBe(2_000_000);
    expect(a.wallet_value_cents).toBe(30_000);
    expect(a.held).toEqual([{ card: 'chase-freedom-flex', value_cents: 30_000, fee_cents: 0, net_cents: 30_000, drop_loses_cents: 30_000 }]);
  });

  it('counts what a Sapphire Preferred unlocks: every Flex point transferable at 2.05¢', () => {
    const csp = a.candidates.find((c) => c.card === 'chase-sapphire-preferred')!;
    // With it: airfare moves to its 2x (6,000 UR); Flex keeps 27,000; 33,000 UR × 2.05¢ = $676.50.
    // Added $676.50 − $300 = $376.50; the lift is Flex's 27,000 UR from 1.0¢ to 2.05¢ = $283.50, so the
    // card's own earn adds $93 (its 6,000 UR at 2.05¢ less the 3,000 Flex UR at 1.0¢ it displaces).
    expect(csp).toMatchObject({ added_cents: 37_650, fee_cents: 9_500, net_cents: 28_150, earns_cents: 9_300 });
    expect(csp.lifts).toEqual([{ currency: 'UR', units: 27_000, from_path: 'cash', from_cpp: 1, to_path: 'transfer', to_cpp: 2.05, cents: 28_350 }]);
    // $20,000 a year is $4,931.51 in 90 days: short of the $5,000 minimum, so no welcome bonus counted.
    expect(csp.welcome_reached).toBe(false);
    expect(csp.first_year_cents).toBe(28_150);
    expect(explain(csp, [])).toBe('Adding chase-sapphire-preferred earns $93 a year on your spending and lifts 27,000 UR from 1.0¢ to 2.05¢: +$282 after its $95 fee.');
  });

  it('ranks candidates by net, and puts the Amex Gold first: its 4x and 3x at 2.0¢ beat its $325 fee', () => {
    // Gold takes dining 16,000, supermarket 24,000, airfare 9,000, gas 2,000 and merchandise 4,000 MR
    // (1x at 2.0¢ beats Flex's 1x at 1.0¢); Flex keeps drugstore, 3,000 UR. $1,100 + $30 − $300 = $830.
    const gold = a.candidates[0]!;
    expect(gold).toMatchObject({ card: 'amex-gold', added_cents: 83_000, fee_cents: 32_500, net_cents: 50_500 });
    const nets = a.candidates.map((c) => c.net_cents);
    expect(nets).toEqual([...nets].sort((x, y) => y - x));
    // Its welcome offer, 60,000 MR after $6,000 in 180 days, is reached ($9,863 of spending by then): $1,200.
    expect(gold).toMatchObject({ welcome_reached: true, welcome_cents: 120_000, first_year_cents: 170_500 });
    expect(a.explanation).toBe('Adding amex-gold earns $830 a year on your spending: +$505 after its $325 fee; $1,705 the first year with its welcome bonus.');
  });

  it('adds no-fee Freedom Unlimited for its 1.5x on the 1x spending', () => {
    // (6,000 + 2,000 + 4,000 + 3,000) × 0.5 more UR at 1.0¢ = $75.
    expect(a.candidates.find((c) => c.card === 'chase-freedom-unlimited')).toMatchObject({ added_cents: 7_500, fee_cents: 0, net_cents: 7_500, lifts: [] });
  });
});

describe('advise: the same spending with a Sapphire Preferred added', () => {
  const a = advise(input(['chase-freedom-flex', 'chase-sapphire-preferred'], MIXED));

  it('values 33,000 UR at 2.05¢, and says what dropping each card loses', () => {
    expect(a.wallet_value_cents).toBe(67_650);
    expect(a.held).toEqual([
      // Flex: 27,000 UR at 2.05¢. Without it the Sapphire earns dining 3x, airfare 2x and 1x on the rest:
      // 31,000 UR = $635.50, so dropping Flex loses $41.
      { card: 'chase-freedom-flex', value_cents: 55_350, fee_cents: 0, net_cents: 55_350, drop_loses_cents: 4_100 },
      // Sapphire: 6,000 UR at 2.05¢ = $123 − $95. Dropping it loses $676.50 − $300 (UR back to cash).
      { card: 'chase-sapphire-preferred', value_cents: 12_300, fee_cents: 9_500, net_cents: 2_800, drop_loses_cents: 37_650 },
    ]);
  });

  it('shows a card whose fee exceeds what it adds: the Sapphire Reserve', () => {
    // Its 4x airfare replaces the Preferred's 2x: 6,000 more UR at 2.05¢ = $123, against a $795 fee.
    expect(a.candidates.find((c) => c.card === 'chase-sapphire-reserve')).toMatchObject({ added_cents: 12_300, fee_cents: 79_500, net_cents: -67_200, lifts: [] });
    expect(a.candidates.at(-1)!.net_cents).toBeLessThan(0);
  });
});

describe('advise: a capped category crossed during the year', () => {
  // Flex's Q4 2026 department-store 5x is capped at $1,500 a quarter; Freedom Unlimited earns 1.5x.
  const spend = ['2026-10-05', '2026-10-20', '2026-11-01', '2026-11-10', '2026-11-15'].map((d) => buy(d, 'department_store', 400));
  const a = advise(input(['chase-freedom-flex', 'chase-freedom-unlimited'], spend));

  it('fills the cap on the Flex, then moves the rest to the Freedom Unlimited', () => {
    // $400 × 3 at 5x = 6,000 UR; the 4th: $300 at 5x + $100 at 1x = 1,600 UR (one purchase, one card: 1,600
    // beats 600); the 5th: Flex 1x 400 < Unlimited 1.5x 600. 8,200 UR at 1.0¢.
    expect(a.wallet_value_cents).toBe(8_200);
    expect(a.held.map((h) => [h.card, h.value_cents])).toEqual([
      ['chase-freedom-flex', 7_600],
      ['chase-freedom-unlimited', 600],
    ]);
  });

  it('gives a refund back from the card that took it, with its cap room', () => {
    // A $400 return on 2026-11-16: it undoes the 5th purchase's card (Unlimited now, as the cap is full).
    const b = advise(input(['chase-freedom-flex', 'chase-freedom-unlimited'], [...spend, { ...buy('2026-11-16', 'department_store', 400), amount_cents: -40_000 }]));
    expect(b.wallet_value_cents).toBe(7_600);
  });
});

describe('advise: a year replayed from fewer months', () => {
  it('scales to a year', () => {
    const a = advise({ ...input(['chase-freedom-flex'], [buy('2026-06-01', 'dining', 1000)]), months: 3 });
    // 3,000 UR in 3 months = 12,000 UR a year at 1.0¢.
    expect(a.wallet_value_cents).toBe(12_000);
    expect(a.spend_cents).toBe(400_000);
  });
});
