/**
 * The spending of a window (SPEC 10.2, 10.3): imported transactions plus the orders they do not post,
 * and its summary by category and card. Reads go through `SpendSource` (db/spend-store.ts), so the
 * windows and the posting rule are decided here.
 */
import { addDays, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { POSTING_DAYS, spendOf, totalsBy, windowStart, type Spend, type SpendTxn } from './spend.js';
import type { Order } from './types.js';

export type OrderSpendRow = Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>;
export type PostingRow = Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>;

/** What the spending rules read from the database (db/spend-store.ts). */
export interface SpendSource {
  /** Transactions from `since` to `until` summed per day, card and category. */
  spendTotals(since: IsoDate, until: IsoDate): Spend[];
  /** Orders from `since` to `until`. */
  orderRows(since: IsoDate, until: IsoDate): OrderSpendRow[];
  /** Transactions of one card from `since` to `until`. */
  cardSpendRows(card: string, since: IsoDate, until: IsoDate): PostingRow[];
}

/**
 * Spending of the last `months` months to `today`: the transactions, plus the orders no transaction
 * posts; the transactions that may post those orders are their cards', up to POSTING_DAYS after the window.
 */
export function spendInWindow(source: SpendSource, today: IsoDate, months: number): { since: IsoDate; spend: Spend[] } {
  const since = windowStart(today, months);
  const orders = source.orderRows(since, today);
  const cards = [...new Set(orders.map((o) => o.card).filter((c): c is string => typeof c === 'string'))];
  const postings = cards.flatMap((card) => source.cardSpendRows(card, since, addDays(today, POSTING_DAYS)));
  return { since, spend: spendOf(source.spendTotals(since, today), orders, postings) };
}

/** `perk spend summary --json` (SPEC 10.1). */
export interface SpendSummary {
  months: number;
  since: IsoDate;
  until: IsoDate;
  spend_cents: Cents;
  by_category: Array<{ category: string; spend_cents: Cents; count: number }>;
  by_card: Array<{ card: string | null; spend_cents: Cents; count: number }>;
}

const NO_CARD = '(no card)';

/** Spending summed by category and by card (an order without a card: `card` null), largest first. */
export function summarizeSpend(spend: readonly Spend[], window: { months: number; since: IsoDate; until: IsoDate }): SpendSummary {
  return {
    ...window,
    spend_cents: spend.reduce((s, x) => s + x.amount_cents, 0),
    by_category: totalsBy(spend, (s) => s.category).map((t) => ({ category: t.key, spend_cents: t.spend_cents, count: t.count })),
    by_card: totalsBy(spend, (s) => s.card ?? NO_CARD).map((t) => ({ card: t.key === NO_CARD ? null : t.key, spend_cents: t.spend_cents, count: t.count })),
  };
}

/** The latest `limit` of a list in date order (all without a limit): a statement is read from its end. */
export function latest<T>(list: readonly T[], limit: number | undefined): T[] {
  return limit === undefined ? [...list] : list.slice(Math.max(0, list.length - limit));
}
