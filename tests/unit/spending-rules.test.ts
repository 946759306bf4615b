// The rules of the spending nouns (SPEC 10), in core: the window and its postings, the summary, which
// card an export is from, the transactions its rows become, and a welcome window's spending and pace.
// Every expected number is worked out by hand in the comment next to it.
import { describe, expect, it } from 'vitest';
import type { Spend } from '../../src/core/spend.js';
import { RetailerMatcher } from '../../src/core/spend.js';
import { exportCard, exportTransactions, type Categorizer } from '../../src/core/spend-import.js';
import { latest, spendInWindow, summarizeSpend, type OrderSpendRow, type PostingRow, type SpendSource } from '../../src/core/spend-summary.js';
import { welcomeSpent, welcomeStatus, welcomeStatuses, type WelcomeSource } from '../../src/core/welcome.js';

const TODAY = '2026-11-21';

/** A SpendSource over lists, recording the windows it was asked for. */
function source(totals: Spend[], orders: OrderSpendRow[], txns: PostingRow[]) {
  const asked: string[] = [];
  const within = <T extends { date: string }>(rows: T[], since: string, until: string) => rows.filter((r) => r.date >= since && r.date <= until);
  const src: SpendSource & WelcomeSource = {
    spendTotals: (since, until) => within(totals, since, until),
    orderRows: (since, until) => within(orders, since, until),
    cardSpendRows: (card, since, until) => {
      asked.push(`${card} ${since}..${until}`);
      return within(txns, since, until).filter((t) => t.card === card);
    },
    cardOrderRows: (card, since, until) => within(orders, since, until).filter((o) => o.card === card && o.status !== 'ineligible'),
  };
  return { src, asked };
}

describe('spending of a window (SPEC 10.2)', () => {
  const totals: Spend[] = [
    { date: '2025-11-21', card: 'amex-gold', category: 'dining', amount_cents: 9_999, count: 1 }, // the day before the window
    { date: '2025-11-22', card: 'amex-gold', category: 'dining', amount_cents: 4_000, count: 2 },
    { date: '2026-11-20', card: 'amex-gold', category: 'grocery', amount_cents: 12_000, count: 1 },
  ];
  const orders: OrderSpendRow[] = [
    // Posted by the $150.00 transaction three days later: counted once, as the transaction.
    { card: 'amex-gold', date: '2026-11-19', charged_cents: 15_000, category: 'department_store', status: 'pending' },
    // No transaction of $80.00: counted as an order.
    { card: 'amex-gold', date: '2026-11-01', charged_cents: 8_000, category: 'department_store', status: 'confirmed' },
    // Ineligible: counts for nothing.
    { card: 'amex-gold', date: '2026-11-02', charged_cents: 5_000, category: 'department_store', status: 'ineligible' },
    // No card: counted, under "(no card)".
    { card: null, date: '2026-10-10', charged_cents: 2_500, category: 'other', status: 'pending' },
  ];
  const txns: PostingRow[] = [{ card: 'amex-gold', date: '2026-11-22', amount_cents: 15_000 }];

  it('is the transactions from the window start plus the orders no transaction posts, postings read to today + 5 days', () => {
    const { src, asked } = source(totals, orders, txns);
    const { since, spend } = spendInWindow(src, TODAY, 12);
    // 12 months to 2026-11-21 start on 2025-11-22.
    expect(since).toBe('2025-11-22');
    expect(asked).toEqual(['amex-gold 2025-11-22..2026-11-26']);
    expect(spend.map((s) => s.amount_cents)).toEqual([4_000, 12_000, 8_000, 2_500]);
  });

  it('sums by category and by card, largest first, with a card-less order under card null', () => {
    const { src } = source(totals, orders, txns);
    const { since, spend } = spendInWindow(src, TODAY, 12);
    const summary = summarizeSpend(spend, { months: 12, since, until: TODAY });
    // 40.00 + 120.00 + 80.00 + 25.00 = 265.00
    expect(summary.spend_cents).toBe(26_500);
    expect(summary.by_category).toEqual([
      { category: 'grocery', spend_cents: 12_000, count: 1 },
      { category: 'department_store', spend_cents: 8_000, count: 1 },
      { category: 'dining', spend_cents: 4_000, count: 2 },
      { category: 'other', spend_cents: 2_500, count: 1 },
    ]);
    // amex-gold: 40.00 + 120.00 + 80.00 = 240.00 in 4 transactions and orders.
    expect(summary.by_card).toEqual([
      { card: 'amex-gold', spend_cents: 24_000, count: 4 },
      { card: null, spend_cents: 2_500, count: 1 },
    ]);
  });

  it('lists the latest n of a list in date order', () => {
    expect(latest([1, 2, 3, 4], 2)).toEqual([3, 4]);
    expect(latest([1, 2], 5)).toEqual([1, 2]);
    expect(latest([1, 2], undefined)).toEqual([1, 2]);
  });
});

describe('which card an export is from (SPEC 10.1)', () => {
  const wallet = [
    { id: 'amex-gold', issuer: 'amex' },
    { id: 'rakuten-amex', issuer: 'amex' },
    { id: 'chase-freedom-flex', issuer: 'chase' },
  ];
  it('is the one wallet card of the issuer, else says why not', () => {
    expect(exportCard(wallet, 'chase')).toEqual({ card: 'chase-freedom-flex' });
    expect(exportCard(wallet, 'amex')).toEqual({ problem: 'issuer_cards', held: ['amex-gold', 'rakuten-amex'] });
    expect(exportCard(wallet, 'citi')).toEqual({ problem: 'issuer_cards', held: [] });
    expect(exportCard(wallet, undefined)).toEqual({ problem: 'no_issuer' });
  });
});

describe('the transactions of an export', () => {
  const how: Categorizer = {
    matcher: new RetailerMatcher([{ id: 'macys', name: "Macy's", category: 'department_store' }]),
    mapping: { chase: { 'food & drink': 'dining', gas: 'fuel' } },
    known: new Set(['department_store', 'dining', 'other']),
  };
  it('numbers equal rows 1, 2… and gives each the retailer\'s category, else the mapped one if perk knows it, else other', () => {
    const row = { date: '2026-11-01', amount_cents: 1_250, description: 'CHIPOTLE 123', issuer_category: 'Food & Drink' };
    const rows = exportTransactions(
      [row, row, { ...row, description: "MACY'S #12" }, { ...row, description: 'SHELL', issuer_category: 'Gas' }],
      'chase-freedom-flex',
      'chase',
      'activity.csv',
      how,
    );
    expect(rows.map((r) => [r.occurrence, r.category])).toEqual([
      [1, 'dining'],
      [2, 'dining'],
      [1, 'department_store'],
      // "fuel" is not a category perk knows here.
      [1, 'other'],
    ]);
    expect(rows[0]).toMatchObject({ card: 'chase-freedom-flex', source: 'activity.csv', amount_cents: 1_250 });
  });
});

describe('welcome-bonus windows (SPEC 10.4)', () => {
  const welcome = { units: 75_000, min_spend_cents: 500_000, days: 90 };

  it('computes spent, left, days left, the pace rounded up and on track', () => {
    // Opened 11-01, 90 days: ends 2027-01-29. On 11-21: 70 days left (both counted), 21 elapsed.
    // $3,000 left / 70 = $42.857… → $42.86 a day; so far $2,000 / 21 = $95.24 a day: on track.
    expect(welcomeStatus('csp', '2026-11-01', welcome, 200_000, TODAY)).toEqual({
      card: 'csp',
      opened: '2026-11-01',
      ends: '2027-01-29',
      units: 75_000,
      min_spend_cents: 500_000,
      spent_cents: 200_000,
      left_cents: 300_000,
      days_left: 70,
      pace_cents_per_day: 4_286,
      on_track: true,
    });
    // $500 in 21 days ($23.81 a day) against $4,500 / 70 = $64.29 a day: not on track.
    const behind = welcomeStatus('csp', '2026-11-01', welcome, 50_000, TODAY);
    expect([behind.pace_cents_per_day, behind.on_track]).toEqual([6_429, false]);
    // Spent it all: nothing left, on track.
    const done = welcomeStatus('csp', '2026-11-01', welcome, 600_000, TODAY);
    expect([done.left_cents, done.pace_cents_per_day, done.on_track]).toEqual([0, 0, true]);
  });

  it('counts spent so far as the transactions to today plus the orders no transaction posts', () => {
    const orders: OrderSpendRow[] = [
      // Posted by the $100.00 transaction two days later: counted once.
      { card: 'csp', date: '2026-11-10', charged_cents: 10_000, category: 'other', status: 'pending' },
      // Not posted yet: counted.
      { card: 'csp', date: '2026-11-18', charged_cents: 5_000, category: 'other', status: 'pending' },
      // Ineligible: the store leaves it out.
      { card: 'csp', date: '2026-11-19', charged_cents: 7_000, category: 'other', status: 'ineligible' },
      // Before the card was opened.
      { card: 'csp', date: '2026-10-30', charged_cents: 3_000, category: 'other', status: 'pending' },
    ];
    const txns: PostingRow[] = [
      { card: 'csp', date: '2026-11-02', amount_cents: 120_000 },
      { card: 'csp', date: '2026-11-12', amount_cents: 10_000 },
      { card: 'csp', date: '2026-11-05', amount_cents: -2_000 }, // a refund subtracts
    ];
    const { src } = source([], orders, txns);
    // 1,200.00 + 100.00 - 20.00 + 50.00 = 1,330.00
    expect(welcomeSpent(src, 'csp', '2026-11-01', TODAY)).toBe(133_000);
  });

  it('lists the cards in an open window, and those with a bonus but no opening date', () => {
    const { src } = source([], [], []);
    const cards: Record<string, { welcome?: typeof welcome }> = { csp: { welcome }, old: { welcome }, plain: {}, undated: { welcome } };
    const { statuses, undated } = welcomeStatuses(
      [
        { card: 'csp', opened: '2026-11-01' },
        { card: 'old', opened: '2026-01-01' }, // window ended 2026-03-31
        { card: 'plain', opened: '2026-11-01' },
        { card: 'undated', opened: null },
      ],
      (id) => cards[id],
      src,
      TODAY,
    );
    expect(statuses.map((s) => [s.card, s.spent_cents])).toEqual([['csp', 0]]);
    expect(undated).toEqual(['undated']);
  });
});
