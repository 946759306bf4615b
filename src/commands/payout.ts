/**
 * `perk payout [next] | forecast | history`: each portal's payouts from the order log (SPEC section 6).
 * The rules are in core/payouts.ts and core/payout-report.ts, the views in ui/payouts-view.ts; this
 * module reads the log, calls them and prints.
 */
import type { Ctx } from '../context.js';
import type { IsoDate } from '../core/dates.js';
import { isTravelCategory } from '../core/caps.js';
import { addMonths } from '../core/dates.js';
import { payoutItems, type PlanOptions } from '../core/payouts.js';
import {
  byPayoutDate,
  historyViews,
  portalPlan,
  portalsInOrder,
  specView,
  upcomingViews,
  type PastPayoutView,
  type PayoutView,
  type PortalPlan,
  type UpcomingView,
} from '../core/payout-report.js';
import { holdings } from '../core/wallet.js';
import type { Portal } from '../core/types.js';
import type { Store } from '../db/store.js';
import { print } from '../ui/printout.js';
import { heldCurrencies, parseCountArg, printJson, requirePortal } from './shared.js';

export type { PastPayoutView, PayoutView, UpcomingView };

export interface PayoutOptions {
  portal?: string | undefined;
}

/**
 * `--portal`, else the portals with orders or bonuses (by id) — and, with `all`, every other portal
 * after them (by id): `payout next` shows each portal's next payout (SPEC), the active ones first.
 */
function portalsToShow(store: Store, portal: string | undefined, options: { all?: boolean } = {}): Portal[] {
  if (portal) return [requirePortal(store, portal)];
  const active = store
    .portalsWithActivity()
    .map((id) => store.portal(id))
    .filter((p): p is Portal => p !== undefined);
  return portalsInOrder(active, options.all ? store.portals() : undefined);
}

function plans(store: Store, portals: Portal[], options: PlanOptions): PortalPlan[] {
  const isTravel = isTravelCategory(store.categories());
  // As in the stack: an MR payout needs an MR card in the wallet (the whole catalog for an empty wallet).
  const holder = { config: store.config(), held: heldCurrencies(store), wallet: holdings(store.walletCards(), store.cards()) };
  return portals.map((portal) => portalPlan(portal, payoutItems(portal, store.payoutOrders(portal.id), store.bonuses(portal.id), isTravel), holder, options));
}

function nextPlans(options: PayoutOptions, ctx: Ctx): PortalPlan[] {
  const store = ctx.store();
  return plans(store, portalsToShow(store, options.portal, { all: true }), { today: ctx.today, count: 1 });
}

/** What `perk payout next --json` prints; also the MCP tool `payout_next` (commands/mcp). */
export function payoutNextJson(options: PayoutOptions, ctx: Ctx): { payouts: PayoutView[] } {
  return { payouts: upcomingViews(nextPlans(options, ctx)).map(specView) };
}

export async function runPayoutNext(options: PayoutOptions, ctx: Ctx): Promise<PayoutView[]> {
  if (ctx.json) {
    const doc = payoutNextJson(options, ctx);
    printJson(ctx, doc);
    return doc.payouts;
  }
  const store = ctx.store();
  const list = nextPlans(options, ctx);
  const views = upcomingViews(list);
  const { renderPayoutNext } = await import('../ui/payouts-view.js');
  const noActivity = views.length > 0 && !options.portal && !store.portalsWithActivity().length;
  print(ctx, renderPayoutNext({ list, views, portals: store.portals(), today: ctx.today, noActivity }, ctx));
  return views.map(specView);
}

export interface PayoutForecastOptions extends PayoutOptions {
  quarters?: string | undefined;
}

function forecast(options: PayoutForecastOptions, ctx: Ctx): { quarters: number; until: IsoDate; list: PortalPlan[]; views: UpcomingView[] } {
  const quarters = options.quarters === undefined ? 4 : parseCountArg(options.quarters, 'quarters', 40);
  const until = addMonths(ctx.today, quarters * 3);
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal), { today: ctx.today, until });
  return { quarters, until, list, views: upcomingViews(list).sort(byPayoutDate) };
}

/** What `perk payout forecast --json` prints; also the MCP tool `payout_forecast` (commands/mcp). */
export function payoutForecastJson(
  options: PayoutForecastOptions,
  ctx: Ctx,
): { date: IsoDate; quarters: number; until: IsoDate; payouts: UpcomingView[] } {
  const { quarters, until, views } = forecast(options, ctx);
  return { date: ctx.today, quarters, until, payouts: views };
}

export async function runPayoutForecast(options: PayoutForecastOptions, ctx: Ctx): Promise<UpcomingView[]> {
  if (ctx.json) {
    const doc = payoutForecastJson(options, ctx);
    printJson(ctx, doc);
    return doc.payouts;
  }
  const { quarters, until, list, views } = forecast(options, ctx);
  const { renderPayoutForecast } = await import('../ui/payouts-view.js');
  print(ctx, renderPayoutForecast({ list, views, quarters, until, portals: ctx.store().portals(), today: ctx.today }, ctx));
  return views;
}

export async function runPayoutHistory(options: PayoutOptions, ctx: Ctx): Promise<PastPayoutView[]> {
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal), { today: ctx.today, count: 1 });
  const history = historyViews(list);
  if (ctx.json) printJson(ctx, { date: ctx.today, history });
  else {
    const { renderPayoutHistory } = await import('../ui/payouts-view.js');
    print(ctx, renderPayoutHistory({ list, views: history, portals: store.portals(), today: ctx.today }, ctx));
  }
  return history;
}
