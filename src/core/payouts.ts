/**
 * Portal payouts (SPEC section 6): the payout calendar, when each order or bonus is paid, and what the
 * next payouts will (or may) pay. Past payouts are derived from the log, never stored.
 *
 * The rules:
 * - A portal pays on each of `payout.months` on `payout.day` (clamped to the month's length).
 * - Payout on date P = every confirmed, unpaid amount whose confirmation date is strictly before P. If that
 *   total is below `minimum_cents` nothing is paid and it carries over to the next date.
 * - A pending order is *expected* in P when `date + confirm_days[1]` is before P, *possible* when only
 *   `date + confirm_days[0]` is. Nothing that is still pending today can have confirmed before today, so
 *   those dates are never earlier than today.
 *
 * Each item gets three effective dates, `possible ≤ expected ≤ confirmed` (a confirmed item has its
 * confirmation date for all three; a pending one has no confirmed date). Future payouts follow the
 * *likely* path: a payout is assumed to pay when its expected amount reaches the minimum, and it then
 * pays everything expected before it. So the unpaid items at any payout are exactly those whose expected
 * date is on or after the last paid payout date `L`, and every amount is a difference of prefix sums:
 * confirmed(P) = C(<P) − C(<L), expected(P) = E(<P) − E(<L), possible(P) = Pos(<P) − E(<L). That keeps
 * possible ⊇ expected ⊇ confirmed for every payout, and is exactly SPEC's rule for the past (where only
 * confirmed items can count) and for the next payout.
 */
import { addDays, clampedDate, daysInMonth, makeDate, parts, type IsoDate } from './dates.js';
import { centsToUnits, type Cents, type Units } from './money.js';
import type { Bonus, Channel, ConfirmDays, Order, OrderStatus, Portal } from './types.js';

export type Window = [number, number];

/**
 * The confirmation window of an order: `[min, max]` days after its date. A per-channel table is looked up
 * by channel (`dining`, `in_store`), then `travel` for a category under travel, then `online` for an
 * online order, then `default`.
 */
export function confirmWindow(confirmDays: ConfirmDays, channel: Channel = 'online', isTravel = false): Window {
  if (Array.isArray(confirmDays)) return confirmDays;
  const table = confirmDays as Record<string, Window>;
  const pick =
    (channel !== 'online' ? table[channel] : undefined) ??
    (isTravel ? table.travel : undefined) ??
    (channel === 'online' ? table.online : undefined) ??
    table.default ??
    Object.values(table)[0];
  return pick ?? [0, 0];
}

/** An amount the portal will pay: an order's cash back or a bonus. */
export interface PayoutItem {
  kind: 'order' | 'bonus';
  id: number;
  date: IsoDate;
  cents: Cents;
  status: OrderStatus;
  confirmed_on?: IsoDate | null | undefined;
  window: Window;
}

/** Cash back of an order as the portal pays it: what was credited, else what was expected. */
export function orderCashBack(order: Pick<Order, 'actual_cents' | 'expected_cents'>): Cents {
  return order.actual_cents ?? order.expected_cents;
}

/**
 * A portal's payout items from its orders and bonuses; ineligible ones are left out. `isTravel(category)`
 * says whether a category is travel or under it (for a per-channel `travel` window). A bonus confirms
 * within the portal's default window.
 */
export function payoutItems(
  portal: Pick<Portal, 'id' | 'confirm_days'>,
  orders: readonly Order[],
  bonuses: readonly Bonus[],
  isTravel: (category: string) => boolean = () => false,
): PayoutItem[] {
  const items: PayoutItem[] = [];
  for (const o of orders) {
    if (o.portal !== portal.id || o.status === 'ineligible') continue;
    items.push({
      kind: 'order',
      id: o.id,
      date: o.date,
      cents: orderCashBack(o),
      status: o.status,
      confirmed_on: o.confirmed_on,
      window: confirmWindow(portal.confirm_days, o.channel, isTravel(o.category)),
    });
  }
  for (const b of bonuses) {
    if (b.portal !== portal.id || b.status === 'ineligible') continue;
    items.push({
      kind: 'bonus',
      id: b.id,
      date: b.date,
      cents: b.amount_cents,
      status: b.status,
      confirmed_on: b.confirmed_on,
      window: confirmWindow(portal.confirm_days),
    });
  }
  return items;
}

// ---- the calendar ---------------------------------------------------------------------------------

export type PayoutSchedule = Portal['payout'];

/** Payout dates on or after `start`, ascending, at most `limit` of them (none when `months` is empty). */
export function payoutDatesFrom(schedule: PayoutSchedule, start: IsoDate, limit: number): IsoDate[] {
  const months = [...new Set(schedule.months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  const out: IsoDate[] = [];
  if (!months.length || limit <= 0) return out;
  let year = parts(start).year;
  // The calendar ends with year 9999 (dates past it are not dates perk can store or compare).
  while (out.length < limit && year <= 9999) {
    for (const m of months) {
      const d = clampedDate(year, m, schedule.day);
      if (d >= start && out.length < limit) out.push(d);
    }
    year++;
  }
  return out;
}

/** The first payout date on or after `today`. */
export function nextPayoutDate(schedule: PayoutSchedule, today: IsoDate): IsoDate | undefined {
  return payoutDatesFrom(schedule, today, 1)[0];
}

/**
 * When a portal should have confirmed a new order (the end of its confirmation window) and the payout it
 * is then likely in: the first payout date after that (never one before tomorrow). The minimum is not
 * applied here.
 */
export function expectedTiming(
  portal: Pick<Portal, 'confirm_days' | 'payout'>,
  order: Pick<Order, 'date' | 'channel'>,
  isTravel: boolean,
  today: IsoDate,
): { confirm_by: IsoDate; payout: IsoDate | undefined } {
  const confirm_by = addDays(order.date, confirmWindow(portal.confirm_days, order.channel, isTravel)[1]);
  return { confirm_by, payout: nextPayoutDate(portal.payout, addDays(confirm_by < today ? today : confirm_by, 1)) };
}

/** The date `months` calendar months after `iso` (day clamped to the month's length). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(iso);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return makeDate(y, m, Math.min(day, daysInMonth(y, m)));
}

// ---- effective dates ------------------------------------------------------------------------------

const NEVER = '9999-12-31';

/** When an item counts as confirmed, expected and possible (see the module comment). */
export interface EffectiveDates {
  confirmed: IsoDate;
  expected: IsoDate;
  possible: IsoDate;
}

/**
 * A confirmed item counts from its confirmation date (an item marked confirmed without a date counts
 * from its order date). A pending one is expected from `date + max` and possible from `date + min`, but
 * never before today.
 */
export function effectiveDates(item: PayoutItem, today: IsoDate): EffectiveDates {
  if (item.status === 'confirmed') {
    const on = item.confirmed_on ?? item.date;
    return { confirmed: on, expected: on, possible: on };
  }
  const atLeastToday = (d: IsoDate) => (d < today ? today : d);
  const expected = atLeastToday(addDays(item.date, item.window[1]));
  const possible = atLeastToday(addDays(item.date, Math.min(item.window[0], item.window[1])));
  return { confirmed: NEVER, expected, possible };
}

/** Sum of `cents` of the items whose date is before `date`, by a forward-only cursor over sorted items. */
class PrefixSum {
  private readonly dates: IsoDate[];
  private readonly sums: number[];
  constructor(entries: Array<{ date: IsoDate; cents: Cents }>) {
    entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.dates = entries.map((e) => e.date);
    this.sums = [0];
    for (const e of entries) this.sums.push((this.sums[this.sums.length - 1] ?? 0) + e.cents);
  }
  /** Total of entries dated strictly before `date` (binary search). */
  before(date: IsoDate): Cents {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.dates[mid] as IsoDate) < date) lo = mid + 1;
      else hi = mid;
    }
    return this.sums[lo] ?? 0;
  }
  get first(): IsoDate | undefined {
    return this.dates[0];
  }
}

// ---- the plan -------------------------------------------------------------------------------------

/** A payout date in the past, as derived from the log. */
export interface PastPayout {
  date: IsoDate;
  /** Confirmed and unpaid before the date (carry-over included). */
  total_cents: Cents;
  paid: boolean;
  paid_cents: Cents;
  carried_cents: Cents;
}

/** A payout date from today on. */
export interface UpcomingPayout {
  date: IsoDate;
  confirmed_cents: Cents;
  /** Includes confirmed. */
  expected_cents: Cents;
  /** Includes expected. */
  possible_cents: Cents;
  minimum_cents: Cents;
  /** confirmed ≥ minimum. */
  will_pay: boolean;
  /** expected ≥ minimum. */
  likely_pay: boolean;
  /** Part of confirmed carried over from earlier payout dates that did not reach the minimum. */
  carried_in_cents: Cents;
}

export interface PayoutPlan {
  history: PastPayout[];
  upcoming: UpcomingPayout[];
}

export interface PlanOptions {
  today: IsoDate;
  /** How many upcoming payouts (default 1). */
  count?: number;
  /** Or: every upcoming payout dated before this date (e.g. a horizon of N quarters). */
  until?: IsoDate;
}

/** Past payouts (only dates where something was due) and the upcoming ones of one portal. */
export function planPayouts(schedule: PayoutSchedule, items: readonly PayoutItem[], options: PlanOptions): PayoutPlan {
  const { today } = options;
  const confirmed: Array<{ date: IsoDate; cents: Cents }> = [];
  const expected: Array<{ date: IsoDate; cents: Cents }> = [];
  const possible: Array<{ date: IsoDate; cents: Cents }> = [];
  for (const item of items) {
    const eff = effectiveDates(item, today);
    if (eff.confirmed !== NEVER) confirmed.push({ date: eff.confirmed, cents: item.cents });
    expected.push({ date: eff.expected, cents: item.cents });
    possible.push({ date: eff.possible, cents: item.cents });
  }
  const C = new PrefixSum(confirmed);
  const E = new PrefixSum(expected);
  const Pos = new PrefixSum(possible);
  const minimum = schedule.minimum_cents;

  const history: PastPayout[] = [];
  // The last date that paid: everything expected before it is paid.
  let lastPaid: IsoDate | undefined;
  const paidE = () => (lastPaid === undefined ? 0 : E.before(lastPaid));
  const paidC = () => (lastPaid === undefined ? 0 : C.before(lastPaid));
  // Confirmed before an earlier payout date and still unpaid: it was due then and carried over.
  const carriedFrom = (previous: IsoDate | undefined) => (previous === undefined ? 0 : Math.max(0, C.before(previous) - paidC()));

  // Past dates: from the earliest date anything could count, up to (not including) today.
  let previous: IsoDate | undefined;
  const earliest = [C.first, E.first].filter((d): d is IsoDate => d !== undefined).sort()[0];
  if (earliest !== undefined && earliest < today) {
    let start = earliest;
    for (;;) {
      const batch = payoutDatesFrom(schedule, start, 64);
      const past = batch.filter((d) => d < today);
      for (const date of past) {
        previous = date;
        const total = E.before(date) - paidE();
        if (total <= 0) continue;
        const paid = total >= minimum;
        history.push({ date, total_cents: total, paid, paid_cents: paid ? total : 0, carried_cents: paid ? 0 : total });
        if (paid) lastPaid = date;
      }
      if (past.length < batch.length || batch.length < 64) break;
      start = addDays(batch[batch.length - 1] as IsoDate, 1);
    }
  }

  const upcoming: UpcomingPayout[] = [];
  const limit = options.until === undefined ? Math.max(1, options.count ?? 1) : 10_000;
  for (const date of payoutDatesFrom(schedule, today, limit)) {
    if (options.until !== undefined && date >= options.until) break;
    const confirmedCents = C.before(date) - paidC();
    const expectedCents = E.before(date) - paidE();
    const possibleCents = Pos.before(date) - paidE();
    upcoming.push({
      date,
      confirmed_cents: confirmedCents,
      expected_cents: expectedCents,
      possible_cents: possibleCents,
      minimum_cents: minimum,
      will_pay: confirmedCents > 0 && confirmedCents >= minimum,
      likely_pay: expectedCents > 0 && expectedCents >= minimum,
      carried_in_cents: carriedFrom(previous),
    });
    // The likely path: a payout that reaches the minimum on what is expected pays all of it.
    if (expectedCents > 0 && expectedCents >= minimum) lastPaid = date;
    previous = date;
  }
  return { history, upcoming };
}

// ---- currency -------------------------------------------------------------------------------------

/**
 * Payout currencies a portal can only pay into when the user holds a card earning that currency:
 * Rakuten pays Membership Rewards only to a U.S. Amex card enrolled in MR (DOMAIN.md). Bilt points
 * need only a (free) Bilt account.
 */
export const PAYOUT_NEEDS_CARD: ReadonlySet<string> = new Set(['MR']);

/**
 * The payout currency: config `portal.<id>.payout` (when the portal offers it) > `default_payout`. With
 * `held` (the currencies of the user's cards), a currency that needs a card of its own (MR) and has none
 * falls back to USD, as in the stack (SPEC section 5 step 3).
 */
export function payoutCurrency(
  portal: Pick<Portal, 'id' | 'payout_options' | 'default_payout'>,
  config: Readonly<Record<string, string>>,
  held?: readonly string[],
): string {
  const configured = config[`portal.${portal.id}.payout`];
  const wanted = configured !== undefined && portal.payout_options[configured] !== undefined ? configured : portal.default_payout;
  if (held !== undefined && PAYOUT_NEEDS_CARD.has(wanted) && !held.includes(wanted)) {
    return portal.payout_options.USD !== undefined ? 'USD' : portal.default_payout;
  }
  return wanted;
}

/** Units paid in `currency` for `cents` of cash back: cents × payout_options[currency], rounded once. */
export function payoutUnits(portal: Pick<Portal, 'payout_options'>, currency: string, cents: Cents): Units {
  const perCent = portal.payout_options[currency] ?? (currency === 'USD' ? 1 : 0);
  return centsToUnits(cents, perCent);
}

/** The date each confirmed item is (or was, or is likely to be) paid, by the same plan. */
export function paidDates(items: readonly PayoutItem[], plan: PayoutPlan): Map<string, IsoDate> {
  const paying = [
    ...plan.history.filter((p) => p.paid).map((p) => p.date),
    ...plan.upcoming.filter((p) => p.likely_pay).map((p) => p.date),
  ];
  const out = new Map<string, IsoDate>();
  if (!paying.length) return out;
  for (const item of items) {
    if (item.status !== 'confirmed') continue;
    const on = item.confirmed_on ?? item.date;
    // First paying date strictly after the confirmation date.
    let lo = 0;
    let hi = paying.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((paying[mid] as IsoDate) <= on) lo = mid + 1;
      else hi = mid;
    }
    const date = paying[lo];
    if (date !== undefined) out.set(`${item.kind}:${item.id}`, date);
  }
  return out;
}
