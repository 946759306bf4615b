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
 *
 * The calendar is in payout-calendar.ts, items and effective dates in payout-items.ts, the plan in
 * payout-plan.ts, currency and units in payout-currency.ts; this module says when an item is paid.
 */
import { addDays, type IsoDate } from './dates.js';
import { isOnRequest } from './payout-calendar.js';
import { confirmWindow, effectiveDates, windowStart, type PayoutItem } from './payout-items.js';
import { planPayouts, type PayoutPlan } from './payout-plan.js';
import type { Order, Portal } from './types.js';

export type { PayoutSchedule } from './types.js';
export { isOnRequest, nextPayoutDate, payoutDatesFrom } from './payout-calendar.js';
export {
  confirmWindow,
  effectiveDates,
  orderCashBack,
  payoutItems,
  windowStart,
  type EffectiveDates,
  type PayoutItem,
  type PayoutOrder,
  type Window,
} from './payout-items.js';
export { planPayouts, type PastPayout, type PayoutPlan, type PlanOptions, type UpcomingPayout } from './payout-plan.js';
export { PAYOUT_NEEDS_CARD, payoutCurrency, payoutLacksCard, payoutUnits } from './payout-currency.js';

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
