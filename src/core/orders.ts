/**
 * The order log's rules (SPEC section 6): what a new order is expected to earn through its portal, and
 * which orders need the user's attention. Shared by `perk order add` and `perk order import`.
 *
 * Expected cash back = the portal's rate valid on the order date for the order's channel, on the price
 * after promos (0 when a promo that is not portal-safe voids it), plus — when the order goes through the
 * portal a card `pays_via` — that card's earn on the charged amount minus any statement credit, with caps.
 */
import { capUseOf, capWindow, orderVias, ruleMatches, type PurchaseContext } from './caps.js';
import { addDays, type IsoDate } from './dates.js';
import { computeEarn } from './earn.js';
import { splitPayment } from './giftcards.js';
import { orderCashBack, windowStart } from './payout-items.js';
import { formatCents, type Cents } from './money.js';
import { counts } from './order-status.js';
import { balanceCurrency } from './payout-currency.js';
import { cashBack, CHANNELS, describeRate, validRate } from './rates.js';
import type { Card, Channel, EarnRule, Order, OrderStatus, Portal, PortalRate } from './types.js';

export const ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed', 'ineligible'];
export { CHANNELS };

export function isOrderStatus(text: string): text is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(text);
}

/** `in-store` and `in_store` are the same channel. */
export function parseChannel(text: string): Channel | undefined {
  const key = text.trim().toLowerCase().replace(/-/g, '_');
  return (CHANNELS as readonly string[]).includes(key) ? (key as Channel) : undefined;
}

export interface OrderQuoteInput {
  date: IsoDate;
  /** Pre-tax subtotal. */
  amount_cents: Cents;
  /** Price after promos (amount − discounts). */
  price_cents: Cents;
  /** Gift-card balance spent on it (≤ price). */
  giftcard_cents: Cents;
  /** An applied promo that is not portal-safe: the portal's cash back is void. */
  promo_voids_portal?: boolean | undefined;
  /** The applied promo codes that void it (for the warning). */
  voiding_codes?: readonly string[] | undefined;
  channel: Channel;
  /** The purchase category followed by its ancestors. */
  chain: readonly string[];
  /** The retailer's name, for warnings. */
  retailer_name?: string | undefined;
  portal?: string | undefined;
  /** Categories the portal pays nothing on (SPEC 9.8). */
  portal_excludes?: readonly string[] | undefined;
  via?: string | undefined;
  card?: Card | undefined;
  /** Statement credit of the card-linked offer used (a credit lowers the card earn). */
  statement_credit_cents?: Cents | undefined;
}

export interface OrderQuote {
  price_cents: Cents;
  giftcard_cents: Cents;
  charged_cents: Cents;
  /** The portal rate used, if any. */
  rate?: PortalRate | undefined;
  /** Cash back from the portal's rate. */
  portal_cents: Cents;
  /** Earn of a `pays_via` card credited to the portal's balance. */
  card_cents: Cents;
  /** portal_cents + card_cents: what the portal is expected to pay for the order. */
  expected_cents: Cents;
  warnings: string[];
}

/**
 * Expected portal cash back of an order. `rates` are the retailer's rates (any portal, channel, date);
 * `capLeft(rule)` gives the cents left in a capped rule's period on the order date.
 */
export function quoteOrder(
  input: OrderQuoteInput,
  rates: readonly PortalRate[],
  capLeft: (rule: EarnRule) => Cents | undefined,
): OrderQuote {
  const warnings: string[] = [];
  const price = Math.max(0, input.price_cents);
  const { gift_cents: gift, charged_cents: charged } = splitPayment(price, input.giftcard_cents);
  let rate: PortalRate | undefined;
  let portalCents = 0;
  let cardCents = 0;
  if (input.portal) {
    rate = validRate(rates, input.portal, input.date, input.channel);
    const where = input.channel === 'online' ? '' : ` (${input.channel.replace('_', '-')})`;
    if (!rate) {
      warnings.push(`${input.portal} has no rate for ${input.retailer_name ?? 'this retailer'}${where} on ${input.date}: expected cash back is $0.00 (record one with "perk rate set").`);
    } else if (input.portal_excludes?.some((c) => input.chain.includes(c))) {
      const excluded = input.portal_excludes.find((c) => input.chain.includes(c)) as string;
      warnings.push(`${input.portal} pays no cash back on ${excluded.replace(/_/g, ' ')} (excluded): expected $0.00 from the rate.`);
    } else if (input.promo_voids_portal) {
      warnings.push(
        `${(input.voiding_codes ?? []).join(', ') || 'A promo code'} is not listed on ${input.portal} and may void its ${describeRate(rate)} cash back: expected $0.00 from the rate.`,
      );
    } else {
      portalCents = cashBack(rate, price);
    }
    const card = input.card;
    if (card?.pays_via && card.pays_via === input.portal && charged > 0) {
      const base = Math.max(0, charged - (input.statement_credit_cents ?? 0));
      const purchase: PurchaseContext = {
        chain: input.chain,
        // The portal's own card bonus (`via: portal`) needs the portal to credit the order (SPEC 9.7).
        vias: [portalCents > 0 ? input.portal : undefined, input.via].filter((v): v is string => typeof v === 'string' && v !== ''),
        date: input.date,
      };
      const earn = computeEarn(card, base, purchase, capLeft);
      cardCents = card.currency === 'USD' ? earn.units : 0;
      for (const rule of earn.exhausted) {
        // Only the order that uses up the cap is worth a warning; later ones just earn the next rule.
        if (rule.cap_cents !== undefined && (capLeft(rule) ?? 0) > 0) {
          warnings.push(`This order reaches the ${formatCents(rule.cap_cents)} ${rule.cap_period ?? 'year'} cap of ${card.id}'s ${rule.multiplier}x rule.`);
        }
      }
    }
  }
  return {
    price_cents: price,
    giftcard_cents: gift,
    charged_cents: charged,
    rate,
    portal_cents: portalCents,
    card_cents: cardCents,
    expected_cents: portalCents + cardCents,
    warnings,
  };
}

/**
 * Cap use of capped earn rules, kept up to date as orders are added, so a bulk import asks the database
 * once per (card, rule, period) instead of once per row. `spendOf(card, rule, periodStart)` is what the
 * card's rule (its index in `card.earn`) counted in the cap period starting that day (`Store.capSpend`);
 * `chainOf` gives a category's chain.
 */
export class CapTracker {
  private readonly used = new Map<string, Cents>();

  constructor(
    private readonly spendOf: (card: string, rule: number, periodStart: IsoDate) => Cents,
    private readonly chainOf: (category: string) => readonly string[],
  ) {}

  private key(card: Card, rule: EarnRule, date: IsoDate): string | undefined {
    const window = capWindow(rule, date);
    return window && `${card.id}\u0000${card.earn.indexOf(rule)}\u0000${window.start}`;
  }

  /** `capLeft` for `card` on `date`, as `computeEarn` wants it. */
  capLeft(card: Card, date: IsoDate): (rule: EarnRule) => Cents | undefined {
    return (rule) => {
      if (rule.cap_cents === undefined) return undefined;
      const key = this.key(card, rule, date);
      let used = key === undefined ? 0 : this.used.get(key);
      if (used === undefined) {
        used = capUseOf(rule, date, (start) => this.spendOf(card.id, card.earn.indexOf(rule), start))?.used_cents ?? 0;
        this.used.set(key as string, used);
      }
      return Math.max(0, rule.cap_cents - used);
    };
  }

  /** Count a newly saved order toward the caps already read. */
  record(
    card: Card,
    order: Pick<Order, 'date' | 'category' | 'portal' | 'via' | 'charged_cents' | 'status' | 'portal_credited' | 'expected_cents' | 'actual_cents'>,
  ): void {
    if (!counts(order)) return;
    const purchase = { chain: this.chainOf(order.category), vias: orderVias(order), date: order.date };
    for (const rule of card.earn) {
      if (rule.cap_cents === undefined) continue;
      const key = this.key(card, rule, order.date);
      const used = key === undefined ? undefined : this.used.get(key);
      if (used !== undefined && ruleMatches(rule, purchase)) this.used.set(key as string, used + order.charged_cents);
    }
  }
}

/** Whether a portal payout is still to come: never without a portal (SPEC 6 statuses are the portal's), nor once settled. */
export function awaitingPayout(order: Pick<Order, 'portal' | 'status'>): boolean {
  return Boolean(order.portal) && order.status === 'pending';
}

/** How much less than expected a confirmed order was credited (0 when not confirmed, not credited, or in full). */
export function shortCredit(order: Pick<Order, 'status' | 'expected_cents' | 'actual_cents'>): Cents {
  if (order.status !== 'confirmed' || order.actual_cents === null || order.actual_cents === undefined) return 0;
  return Math.max(0, order.expected_cents - order.actual_cents);
}

/**
 * Cash back of the orders that count (not ineligible): credited, else expected — in dollars, so orders
 * at a miles portal (SPEC 11.4, whose amounts are miles: `balanceCurrency`) are left out when `portals`
 * are given.
 */
export function cashBackTotal(
  orders: ReadonlyArray<Pick<Order, 'status' | 'actual_cents' | 'expected_cents' | 'portal'>>,
  portals: ReadonlyArray<Pick<Portal, 'id' | 'payout_options' | 'default_payout'>> = [],
): Cents {
  const miles = new Set(portals.filter((p) => balanceCurrency(p) !== 'USD').map((p) => p.id));
  return orders.filter((o) => counts(o) && !(o.portal && miles.has(o.portal))).reduce((s, o) => s + orderCashBack(o), 0);
}

/** An order as `perk order list` shows it: with what needs action, and whether a payout is still to come. */
export interface ListedOrder extends Order {
  flags: OrderFlag[];
  /** Whether a portal payout is still to come: false without a portal (nothing to confirm) or when settled. */
  awaiting_payout: boolean;
}

// ---- needs action ---------------------------------------------------------------------------------

export type OrderFlagCode = 'overdue' | 'short' | 'ineligible';

export interface OrderFlag {
  code: OrderFlagCode;
  message: string;
}

/**
 * What needs the user's attention on an order: still pending after its confirmation window (`window`,
 * days after the order date, or after the trip's end for travel; ask the portal), credited less than
 * expected, or ineligible.
 */
export function orderFlags(
  order: Pick<Order, 'date' | 'status' | 'expected_cents' | 'actual_cents' | 'portal' | 'trip_end'> & { promos?: readonly string[] | undefined },
  window: readonly [number, number] | undefined,
  today: IsoDate,
): OrderFlag[] {
  const flags: OrderFlag[] = [];
  // Overdue only when there is cash back to wait for: an order whose promo voided it ($0.00 expected
  // with a promo) is not. ($0.00 without a promo is a rate perk did not know: the portal may still pay.)
  const voided = order.expected_cents === 0 && (order.promos?.length ?? 0) > 0;
  if (order.status === 'pending' && order.portal && window && !voided) {
    // A travel order's window counts from the trip's end (SPEC 9.11).
    const due = addDays(windowStart(order), window[1]);
    if (due < today) flags.push({ code: 'overdue', message: `overdue since ${due}: ask the portal` });
  }
  const short = shortCredit(order);
  if (short > 0) flags.push({ code: 'short', message: `credited ${formatCents(short)} less than expected` });
  if (order.status === 'ineligible') flags.push({ code: 'ineligible', message: 'ineligible: no cash back' });
  return flags;
}

/** Why a change of status or confirmation date is refused. */
export type StatusChangeProblem = 'date_while_pending' | 'before_date' | 'after_today';

/**
 * A change of status and/or confirmation date of an order or bonus: pending clears the confirmation
 * date (and takes none); confirmed keeps an earlier confirmation date unless given one, else today;
 * ineligible keeps whatever date it had. A confirmation date cannot precede the record's own date, and
 * a date given cannot be after today.
 */
export function statusChange(
  current: { date: IsoDate; status: OrderStatus; confirmed_on?: IsoDate | null | undefined },
  wanted: { status?: OrderStatus | undefined; date?: IsoDate | undefined },
  today: IsoDate,
): { status: OrderStatus; confirmed_on: IsoDate | null } | { problem: StatusChangeProblem; date: IsoDate } {
  const status = wanted.status ?? current.status;
  let confirmed_on: IsoDate | null;
  if (status === 'pending') {
    if (wanted.date !== undefined) return { problem: 'date_while_pending', date: wanted.date };
    confirmed_on = null;
  } else if (status === 'confirmed') {
    confirmed_on = wanted.date ?? (current.status === 'confirmed' ? current.confirmed_on : null) ?? today;
  } else {
    confirmed_on = wanted.date ?? current.confirmed_on ?? null;
  }
  if (confirmed_on && confirmed_on < current.date) return { problem: 'before_date', date: confirmed_on };
  if (wanted.date !== undefined && wanted.date > today) return { problem: 'after_today', date: wanted.date };
  return { status, confirmed_on };
}

/**
 * The status and confirmation date of an order logged after the fact (a row of `perk order import`):
 * the status given, else confirmed when a confirmation date is given, else pending. A date is checked as
 * `statusChange` checks it (not while pending, not before the order, not after today); a row that gives
 * no confirmation date has none (perk does not know when the portal confirmed it).
 */
export function importedStatus(
  date: IsoDate,
  wanted: { status?: OrderStatus | undefined; confirmed_on?: IsoDate | undefined },
  today: IsoDate,
): ReturnType<typeof statusChange> {
  const status = wanted.status ?? (wanted.confirmed_on !== undefined ? 'confirmed' : 'pending');
  if (wanted.confirmed_on === undefined) return { status, confirmed_on: null };
  return statusChange({ date, status: 'pending', confirmed_on: null }, { status, date: wanted.confirmed_on }, today);
}

/** Why `perk order set|confirm` refuses a change (besides statusChange's date problems). */
export type OrderChangeProblem = StatusChangeProblem | 'nothing' | 'pending_with_cashback' | 'no_portal';

/**
 * An order after a change of status, credited amount and/or confirmation date (statusChange for the
 * status and date). Refused: a payout status on an order without a portal (only ineligible applies to
 * it); no change at all; pending with a credited amount (nothing is credited while pending). Back to
 * pending, the credited amount goes too.
 */
export function changeOrder<T extends Order>(
  order: T,
  wanted: { status?: OrderStatus | undefined; date?: IsoDate | undefined; cashback?: Cents | undefined },
  today: IsoDate,
): { order: T } | { problem: OrderChangeProblem; date?: IsoDate | undefined } {
  if (!order.portal && wanted.status !== undefined && wanted.status !== 'ineligible') return { problem: 'no_portal' };
  if (wanted.status === undefined && wanted.date === undefined && wanted.cashback === undefined) return { problem: 'nothing' };
  if (wanted.status === 'pending' && wanted.cashback !== undefined) return { problem: 'pending_with_cashback' };
  const change = statusChange(order, wanted, today);
  if ('problem' in change) return change;
  const next: T = { ...order, ...change };
  if (wanted.status === 'pending') next.actual_cents = null;
  if (wanted.cashback !== undefined) next.actual_cents = wanted.cashback;
  return { order: next };
}
