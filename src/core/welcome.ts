/**
 * Welcome-bonus windows (SPEC 10.4): a card opened on `opened` earns its welcome units once
 * `min_spend_cents` is spent on it within `days` days (the opening day is day 1).
 */
import { addDays, daysBetween, type IsoDate } from './dates.js';
import type { Cents, Units } from './money.js';
import type { Welcome } from './types.js';

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
