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
 * confirmed items can count) and for the next payout. On that path a future payout pays its expected
 * amount when it reaches the minimum (`paid_cents`) and otherwise carries all of it (`carried_cents`).
 *
 * On-request portals (SPEC 9.10, `payout: { on_request, minimum_cents }`) have no calendar: the member
 * asks for a payout once the confirmed balance reaches the minimum. perk assumes the member asks on the
 * first day it does; a request on day D pays everything confirmed on or before D (so amounts are sums
 * before D + 1). The upcoming payouts are the days the expected balance reaches the minimum (today when
 * it already does); when it never does, one row with date null holds the balance below the minimum.
 *
 * Travel (SPEC 9.11): an order with a `trip_end` confirms within its window counted from the trip's end.
 */
import { addDays, clampedDate, daysInMonth, makeDate, parts, type IsoDate } from './dates.js';
import { centsToUnits, type Cents, type Units } from './money.js';
import type { Bonus, Channel, ConfirmDays, Order, OrderStatus, PayoutCalendar, PayoutOnRequest, PayoutSchedule, Portal } from './types.js';

export type { PayoutSchedule } from './types.js';
import { unitsPerCent, type Holdings } from './wallet.js';

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
  /** The day the confirmation window starts when it is not `date`: a travel order's trip end. */
  window_from?: IsoDate | null | undefined;
}

/** What the payout rules read of an order (Store.payoutOrders loads just this). */
export type PayoutOrder = Pick<
  Order,
  'id' | 'date' | 'portal' | 'channel' | 'category' | 'status' | 'confirmed_on' | 'trip_end' | 'expected_cents' | 'actual_cents'
>;

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
  orders: readonly PayoutOrder[],
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
      window_from: o.trip_end ?? null,
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

/** Whether a portal pays on request (no calendar). */
export function isOnRequest(schedule: PayoutSchedule): schedule is PayoutOnRequest {
  return (schedule as Partial<PayoutOnRequest>).on_request === true;
}

/**
 * Payout dates on or after `start`, ascending, at most `limit` of them (none when `months` is empty or
 * the portal pays on request).
 */
export function payoutDatesFrom(schedule: PayoutSchedule, start: IsoDate, limit: number): IsoDate[] {
  const out: IsoDate[] = [];
  if (isOnRequest(schedule)) return out;
  const calendar: PayoutCalendar = schedule;
  const months = [...new Set(calendar.months)].filter((m) => m >= 1 && m <= 12).sort((a, b) => a - b);
  if (!months.length || limit <= 0) return out;
  let year = parts(start).year;
  // The calendar ends with year 9999 (dates past it are not dates perk can store or compare).
  while (out.length < limit && year <= 9999) {
    for (const m of months) {
      const d = clampedDate(year, m, calendar.day);
      if (d >= start && out.length < limit) out.push(d);
    }
    year++;
  }
  return out;
}

/** The first payout date on or after `today` (none for an on-request portal). */
export function nextPayoutDate(schedule: PayoutSchedule, today: IsoDate): IsoDate | undefined {
  return payoutDatesFrom(schedule, today, 1)[0];
}

/** The day an order's confirmation window starts: the trip's end for travel, else the order date. */
export function windowStart(order: Pick<Order, 'date' | 'trip_end'>): IsoDate {
  return order.trip_end ?? order.date;
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
  const from = item.window_from ?? item.date;
  const expected = atLeastToday(addDays(from, item.window[1]));
  const possible = atLeastToday(addDays(from, Math.min(item.window[0], item.window[1])));
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
  /** Total of every entry. */
  get total(): Cents {
    return this.sums[this.sums.length - 1] ?? 0;
  }
  /** The distinct dates of the entries, ascending. */
  distinctDates(): IsoDate[] {
    return this.dates.filter((d, i) => i === 0 || d !== this.dates[i - 1]);
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
  /** Null only for an on-request portal whose expected balance never reaches the minimum. */
  date: IsoDate | null;
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
  /** On the likely path: the expected amount when it reaches the minimum, else 0. */
  paid_cents: Cents;
  /** On the likely path: the expected amount left unpaid (below the minimum), else 0. */
  carried_cents: Cents;
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

interface Sums {
  C: PrefixSum;
  E: PrefixSum;
  Pos: PrefixSum;
}

function sumsOf(items: readonly PayoutItem[], today: IsoDate): Sums {
  const confirmed: Array<{ date: IsoDate; cents: Cents }> = [];
  const expected: Array<{ date: IsoDate; cents: Cents }> = [];
  const possible: Array<{ date: IsoDate; cents: Cents }> = [];
  // Many items share a date and window: their effective dates are computed once.
  const memo = new Map<string, EffectiveDates>();
  for (const item of items) {
    const key = item.status === 'confirmed' ? `c${item.confirmed_on ?? item.date}` : `p${item.window_from ?? item.date}|${item.window[0]}|${item.window[1]}`;
    let eff = memo.get(key);
    if (!eff) memo.set(key, (eff = effectiveDates(item, today)));
    if (eff.confirmed !== NEVER) confirmed.push({ date: eff.confirmed, cents: item.cents });
    expected.push({ date: eff.expected, cents: item.cents });
    possible.push({ date: eff.possible, cents: item.cents });
  }
  return { C: new PrefixSum(confirmed), E: new PrefixSum(expected), Pos: new PrefixSum(possible) };
}

/** Past payouts (only dates where something was due) and the upcoming ones of one portal. */
export function planPayouts(schedule: PayoutSchedule, items: readonly PayoutItem[], options: PlanOptions): PayoutPlan {
  const sums = sumsOf(items, options.today);
  if (isOnRequest(schedule)) return planOnRequest(schedule, sums, options);
  const { today } = options;
  const { C, E, Pos } = sums;
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
    const likely = expectedCents > 0 && expectedCents >= minimum;
    upcoming.push({
      date,
      confirmed_cents: confirmedCents,
      expected_cents: expectedCents,
      possible_cents: possibleCents,
      minimum_cents: minimum,
      will_pay: confirmedCents > 0 && confirmedCents >= minimum,
      likely_pay: likely,
      carried_in_cents: carriedFrom(previous),
      paid_cents: likely ? expectedCents : 0,
      carried_cents: likely ? 0 : expectedCents,
    });
    // The likely path: a payout that reaches the minimum on what is expected pays all of it.
    if (likely) lastPaid = date;
    previous = date;
  }
  return { history, upcoming };
}

/**
 * An on-request portal (see the module comment): past requests on each day the confirmed balance
 * reached the minimum; upcoming ones on each day the expected balance does, from today.
 */
function planOnRequest(schedule: PayoutOnRequest, { C, E, Pos }: Sums, options: PlanOptions): PayoutPlan {
  const { today } = options;
  const minimum = schedule.minimum_cents;
  const reaches = (cents: Cents) => cents > 0 && cents >= minimum;
  // Everything counted before `cut` is paid (a request on D pays what counts before D + 1).
  let cut: IsoDate | undefined;
  const paid = (sum: PrefixSum) => (cut === undefined ? 0 : sum.before(cut));
  const dates = E.distinctDates();

  // Before today only confirmed amounts count (a pending one is never expected before today).
  const history: PastPayout[] = [];
  for (const date of dates) {
    if (date >= today) break;
    const end = addDays(date, 1);
    const total = E.before(end) - paid(E);
    if (!reaches(total)) continue;
    history.push({ date, total_cents: total, paid: true, paid_cents: total, carried_cents: 0 });
    cut = end;
  }

  const upcoming: UpcomingPayout[] = [];
  const limit = options.until === undefined ? Math.max(1, options.count ?? 1) : Number.POSITIVE_INFINITY;
  for (const date of [today, ...dates.filter((d) => d > today)]) {
    if (upcoming.length >= limit || (options.until !== undefined && date >= options.until)) break;
    const end = addDays(date, 1);
    const expected = E.before(end) - paid(E);
    if (!reaches(expected)) continue;
    const confirmed = C.before(end) - paid(C);
    upcoming.push({
      date,
      confirmed_cents: confirmed,
      expected_cents: expected,
      possible_cents: Pos.before(end) - paid(E),
      minimum_cents: minimum,
      will_pay: reaches(confirmed),
      likely_pay: true,
      carried_in_cents: 0,
      paid_cents: expected,
      carried_cents: 0,
    });
    cut = end;
  }
  // What is left never reaches the minimum (or there is nothing yet, for `payout next`): one row, no date.
  const left = E.total - paid(E);
  if (options.until === undefined ? upcoming.length === 0 : left > 0 && !reaches(left)) {
    upcoming.push({
      date: null,
      confirmed_cents: C.total - paid(C),
      expected_cents: left,
      possible_cents: Pos.total - paid(E),
      minimum_cents: minimum,
      will_pay: false,
      likely_pay: false,
      carried_in_cents: 0,
      paid_cents: 0,
      carried_cents: left,
    });
  }
  return { history, upcoming };
}

/**
 * The payout an item is (or was, or is likely to be) paid in, by `plan` (made with the same `today`):
 * the first paying payout after the day it counts from (its confirmation date, else the end of its
 * window) — or on that day for an on-request portal, where a request pays what is confirmed that day.
 */
export function payoutDateOf(item: PayoutItem, plan: PayoutPlan, today: IsoDate, onRequest = false): IsoDate | undefined {
  const from = effectiveDates(item, today).expected;
  const paying = [
    ...plan.history.filter((p) => p.paid).map((p) => p.date),
    ...plan.upcoming.filter((p) => p.likely_pay && p.date !== null).map((p) => p.date as IsoDate),
  ];
  return paying.find((d) => (onRequest ? d >= from : d > from));
}

/** How many payout dates ahead `order add` looks for the one that pays a new order (SPEC 9.9). */
export const PAYOUT_HORIZON = 8;

/**
 * When a portal should have confirmed a new order (the end of its confirmation window, from the trip's
 * end for travel) and the payout it is likely in, with everything else of the portal in `items` (this
 * order included, as `kind: 'order', id`): the first payout date at which the expected unpaid balance
 * reaches the minimum, if that is within the next 8 payout dates (SPEC 9.9); for an on-request portal
 * the first day it does. Null when it is not paid in that time.
 */
export function orderPayoutTiming(
  portal: Pick<Portal, 'confirm_days' | 'payout'>,
  order: Pick<Order, 'id' | 'date' | 'channel' | 'trip_end'>,
  items: readonly PayoutItem[],
  isTravel: boolean,
  today: IsoDate,
): OrderPayoutTiming {
  const confirm_by = addDays(windowStart(order), confirmWindow(portal.confirm_days, order.channel, isTravel)[1]);
  const item = items.find((i) => i.kind === 'order' && i.id === order.id);
  if (!item) return { confirm_by, payout: null, why: 'below_minimum' };
  const onRequest = isOnRequest(portal.payout);
  // Every request day of an on-request portal (there are finitely many); 8 dates of a calendar.
  const plan = planPayouts(portal.payout, items, { today, count: onRequest ? Number.MAX_SAFE_INTEGER : PAYOUT_HORIZON });
  const payout = payoutDateOf(item, plan, today, onRequest) ?? null;
  if (payout !== null) return { confirm_by, payout, why: null };
  // Not paid in time: it confirms after the last of those dates, or the balance stays below the minimum.
  const last = plan.upcoming[plan.upcoming.length - 1]?.date;
  const later = !onRequest && last !== undefined && last !== null && effectiveDates(item, today).expected >= last;
  return { confirm_by, payout: null, why: later ? 'confirms_later' : 'below_minimum' };
}

export interface OrderPayoutTiming {
  confirm_by: IsoDate;
  payout: IsoDate | null;
  /** Why `payout` is null: it confirms after the payouts looked at, or the balance stays below the minimum. */
  why: 'confirms_later' | 'below_minimum' | null;
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

/**
 * Units paid in `currency` for `cents` of cash back: cents × units per cent (SPEC 9.2: by the wallet
 * `held`, or the config override), rounded once.
 */
export function payoutUnits(
  portal: Pick<Portal, 'id' | 'payout_options'>,
  currency: string,
  cents: Cents,
  held?: Pick<Holdings, 'cards'>,
  config: Readonly<Record<string, string>> = {},
): Units {
  return centsToUnits(cents, unitsPerCent(portal, currency, held, config) ?? 0);
}

/** The date each confirmed item is (or was, or is likely to be) paid, by the same plan. */
export function paidDates(items: readonly PayoutItem[], plan: PayoutPlan, onRequest = false): Map<string, IsoDate> {
  const out = new Map<string, IsoDate>();
  for (const item of items) {
    if (item.status !== 'confirmed') continue;
    const date = payoutDateOf(item, plan, '0000-01-01', onRequest);
    if (date !== undefined) out.set(`${item.kind}:${item.id}`, date);
  }
  return out;
}
