/** Payout items (an order's cash back or a bonus), their confirmation windows and their effective dates. */
import { addDays, LAST_DATE, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { counts } from './order-status.js';
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
    if (o.portal !== portal.id || !counts(o)) continue;
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
    if (b.portal !== portal.id || !counts(b)) continue;
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

/** The day an order's confirmation window starts: the trip's end for travel, else the order date. */
export function windowStart(order: Pick<Order, 'date' | 'trip_end'>): IsoDate {
  return order.trip_end ?? order.date;
}

/** The confirmed date of an item that is not confirmed. */
export const NEVER = LAST_DATE;

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
