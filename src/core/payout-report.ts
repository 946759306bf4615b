/**
 * What `perk payout next|forecast|history` report per portal (SPEC section 6, 9.2, 9.9, 9.10): each
 * portal's plan in the currency it pays (an MR payout needs an MR card, as in the stack), its upcoming
 * payouts as `--json` prints them, and its past ones. The plan itself is payout-plan.ts.
 */
import { LAST_DATE, type IsoDate } from './dates.js';
import { compareIds } from './ids.js';
import { centsToUnits, type Cents, type Units } from './money.js';
import { isOnRequest } from './payout-calendar.js';
import { payoutCurrency } from './payout-currency.js';
import type { PayoutItem } from './payout-items.js';
import { planPayouts, type PayoutPlan, type PlanOptions, type UpcomingPayout } from './payout-plan.js';
import type { PayoutSchedule, Portal } from './types.js';
import { unitsPerCent, type Holdings } from './wallet.js';

export interface PortalPlan {
  portal: Portal;
  currency: string;
  plan: PayoutPlan;
  /** Why the payout currency is not the configured one (an MR payout without an MR card). */
  note?: string | undefined;
  /** Units of `currency` paid per cent of cash back, for this wallet and config (SPEC 9.2). */
  perCent: number;
}

/** The user's side of a plan: config, the currencies of the cards held (SPEC 5 step 3) and the holdings (SPEC 9.2). */
export interface PlanHolder {
  config: Readonly<Record<string, string>>;
  held: readonly string[];
  wallet: Holdings;
}

/** One portal's payouts from its `items` (orders and bonuses), in the currency it pays this user. */
export function portalPlan(portal: Portal, items: readonly PayoutItem[], holder: PlanHolder, options: PlanOptions): PortalPlan {
  const currency = payoutCurrency(portal, holder.config, holder.held);
  const wanted = payoutCurrency(portal, holder.config);
  const note =
    currency === wanted ? undefined : `${portal.name} pays ${wanted} only to ${wanted} cardholders and your wallet has no ${wanted} card: shown in ${currency}.`;
  const perCent = unitsPerCent(portal, currency, holder.wallet, holder.config) ?? 0;
  return { portal, currency, plan: planPayouts(portal.payout, items, options), note, perCent };
}

/** The portals with activity (in their order), then — given `all` — every other portal: the active ones first. */
export function portalsInOrder(active: readonly Portal[], all?: readonly Portal[]): Portal[] {
  if (!all) return [...active];
  const shown = new Set(active.map((p) => p.id));
  return [...active, ...all.filter((p) => !shown.has(p.id))];
}

/**
 * One upcoming payout as `perk payout next --json` prints it (SPEC section 6). `date` is null for an
 * on-request portal whose expected balance does not reach the minimum (SPEC 9.10).
 */
export interface PayoutView
  extends Pick<UpcomingPayout, 'date' | 'confirmed_cents' | 'expected_cents' | 'possible_cents' | 'minimum_cents' | 'will_pay' | 'likely_pay'> {
  portal: string;
  currency: string;
  units: Units;
}

/** A PayoutView with, on the likely path, what the payout pays (0 below the minimum) and carries over (SPEC 9.9). */
export interface UpcomingView extends PayoutView, Pick<UpcomingPayout, 'carried_in_cents' | 'paid_cents' | 'carried_cents'> {}

/** Every upcoming payout of the plans, portal by portal; units are of the expected amount. */
export function upcomingViews(list: readonly PortalPlan[]): UpcomingView[] {
  return list.flatMap(({ portal, currency, plan, perCent }) =>
    plan.upcoming.map((u) => ({
      portal: portal.id,
      date: u.date,
      currency,
      confirmed_cents: u.confirmed_cents,
      expected_cents: u.expected_cents,
      possible_cents: u.possible_cents,
      minimum_cents: u.minimum_cents,
      will_pay: u.will_pay,
      likely_pay: u.likely_pay,
      units: centsToUnits(u.expected_cents, perCent),
      carried_in_cents: u.carried_in_cents,
      paid_cents: u.paid_cents,
      carried_cents: u.carried_cents,
    })),
  );
}

/** Exactly the SPEC fields, in the SPEC order (upcomingViews makes them in that order). */
export function specView(u: UpcomingView): PayoutView {
  const { carried_in_cents: _carriedIn, paid_cents: _paid, carried_cents: _carried, ...spec } = u;
  return spec;
}

/** By date (an on-request balance that never reaches its minimum, with no date, last), then portal. */
export function byPayoutDate(a: Pick<PayoutView, 'date' | 'portal'>, b: Pick<PayoutView, 'date' | 'portal'>): number {
  const da = a.date ?? LAST_DATE;
  const db = b.date ?? LAST_DATE;
  return da < db ? -1 : da > db ? 1 : a.portal.localeCompare(b.portal);
}

/** Whether a payout might pay: something possible that reaches the minimum. */
export function mayPay(u: Pick<PayoutView, 'possible_cents' | 'minimum_cents'>): boolean {
  return u.possible_cents > 0 && u.possible_cents >= u.minimum_cents;
}

/** Whether a payout pays: yes (confirmed reaches the minimum), likely (expected does), maybe (possible does) or no. */
export function paysWord(u: PayoutView): 'yes' | 'likely' | 'maybe' | 'no' {
  if (u.will_pay) return 'yes';
  if (u.likely_pay) return 'likely';
  return mayPay(u) ? 'maybe' : 'no';
}

/** A calendar that pays more often than quarterly (a forecast shows only its dates with something possible). */
export function paysMoreThanQuarterly(schedule: PayoutSchedule): boolean {
  return !isOnRequest(schedule) && new Set(schedule.months).size > 4;
}

export interface PastPayoutView {
  portal: string;
  date: IsoDate;
  currency: string;
  /** Confirmed and unpaid before the date (carry-over included). */
  total_cents: Cents;
  paid: boolean;
  paid_cents: Cents;
  carried_cents: Cents;
  /** Units paid, in today's payout currency. */
  units: Units;
}

/** The past payouts of the plans, by date then portal. */
export function historyViews(list: readonly PortalPlan[]): PastPayoutView[] {
  return list
    .flatMap(({ portal, currency, plan, perCent }) =>
      plan.history.map((h) => ({
        portal: portal.id,
        date: h.date,
        currency,
        total_cents: h.total_cents,
        paid: h.paid,
        paid_cents: h.paid_cents,
        carried_cents: h.carried_cents,
        units: centsToUnits(h.paid_cents, perCent),
      })),
    )
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.portal, b.portal)));
}
