/**
 * Welcome-bonus windows (SPEC 10.4): a card opened on `opened` earns its welcome units once
 * `min_spend_cents` is spent on it within `days` days (the opening day is day 1).
 */
import { addDays, daysBetween, type IsoDate } from './dates.js';
import type { Cents, Units } from './money.js';
import { POSTING_DAYS, unmatchedOrders, type SpendTxn } from './spend.js';
import type { Card, Order, Welcome } from './types.js';

export interface WelcomeStatus {
  card: string;
  opened: IsoDate;
  /** The last day of the window. */
  ends: IsoDate;
  units: Units;
  min_spend_cents: Cents;
  spent_cents: Cents;
  left_cents: Cents;
  /** Days from today to the last day, both counted. */
  days_left: number;
  /** What is left spread over the days left, rounded up to the cent. */
  pace_cents_per_day: Cents;
  /** Spent already, or spending so far at a daily pace at least the one needed. */
  on_track: boolean;
}

/** The window's last day. */
export function welcomeEnds(opened: IsoDate, welcome: Pick<Welcome, 'days'>): IsoDate {
  return addDays(opened, welcome.days - 1);
}

/** The window is open on `today`. */
export function welcomeOpen(opened: IsoDate, welcome: Pick<Welcome, 'days'>, today: IsoDate): boolean {
  return opened <= today && today <= welcomeEnds(opened, welcome);
}

/** Where a card stands in its open window, given what was spent on it since it was opened. */
export function welcomeStatus(card: string, opened: IsoDate, welcome: Welcome, spent: Cents, today: IsoDate): WelcomeStatus {
  const ends = welcomeEnds(opened, welcome);
  const left = Math.max(0, welcome.min_spend_cents - spent);
  const daysLeft = Math.max(0, daysBetween(today, ends) + 1);
  const elapsed = Math.max(1, daysBetween(opened, today) + 1);
  const pace = daysLeft > 0 ? Math.ceil(left / daysLeft) : left;
  // Spending so far per day (spent / elapsed) at least the pace needed, compared without division.
  const onTrack = left === 0 || (daysLeft > 0 && spent * daysLeft >= left * elapsed);
  return { card, opened, ends, units: welcome.units, min_spend_cents: welcome.min_spend_cents, spent_cents: spent, left_cents: left, days_left: daysLeft, pace_cents_per_day: pace, on_track: onTrack };
}

/** What the welcome rules read from the database (db/spend-store.ts). */
export interface WelcomeSource {
  /** Transactions of one card from `since` to `until`. */
  cardSpendRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>>;
  /** Orders of one card from `since` to `until` that count (ineligible ones left out). */
  cardOrderRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<Order, 'card' | 'date' | 'charged_cents'>>;
}

/**
 * Spent so far on a card opened on `opened` (SPEC 10.4): its imported spending to today, plus its
 * orders to today that no transaction posts (a transaction up to POSTING_DAYS after today may post one).
 */
export function welcomeSpent(source: WelcomeSource, card: string, opened: IsoDate, today: IsoDate): Cents {
  const txns = source.cardSpendRows(card, opened, addDays(today, POSTING_DAYS));
  const orders = unmatchedOrders(source.cardOrderRows(card, opened, today), txns);
  return txns.filter((t) => t.date <= today).reduce((s, t) => s + t.amount_cents, 0) + orders.reduce((s, o) => s + o.charged_cents, 0);
}

/**
 * Each wallet card in its open welcome window, with where it stands (`statuses`), and the wallet cards
 * with a welcome bonus but no opening date (`undated`: `perk wallet add <card> --opened` starts one).
 */
export function welcomeStatuses(
  wallet: ReadonlyArray<{ card: string; opened: IsoDate | null | undefined }>,
  cardOf: (id: string) => Pick<Card, 'welcome'> | undefined,
  source: WelcomeSource,
  today: IsoDate,
): { statuses: WelcomeStatus[]; undated: string[] } {
  const statuses: WelcomeStatus[] = [];
  const undated: string[] = [];
  for (const { card: id, opened } of wallet) {
    const welcome = cardOf(id)?.welcome;
    if (!welcome) continue;
    if (!opened) undated.push(id);
    else if (welcomeOpen(opened, welcome, today)) statuses.push(welcomeStatus(id, opened, welcome, welcomeSpent(source, id, opened, today), today));
  }
  return { statuses, undated };
}
