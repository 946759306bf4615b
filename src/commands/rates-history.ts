/**
 * `perk rates history <retailer> [--portal <id>]` (SPEC 11.2): every dated rate of a retailer as a
 * table, and how the rate valid each day moved as a line chart (core/rates-history.ts, ui/fresh-data-view.ts).
 */
import type { Ctx } from '../context.js';
import { rateHistory, type RateHistoryRow } from '../core/rates-history.js';
import { printJson, requirePortal, resolveRetailer } from './shared.js';

export interface RatesHistoryOptions {
  retailer: string;
  portal?: string | undefined;
}

export async function runRatesHistory(options: RatesHistoryOptions, ctx: Ctx): Promise<RateHistoryRow[]> {
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  if (options.portal !== undefined) requirePortal(store, options.portal);
  const history = rateHistory({
    rates: store.ratesForRetailer(retailer.id),
    portal: options.portal,
    today: ctx.today,
    portals: store.portals(),
    currencies: store.currencies(),
    config: store.config(),
  });
  if (ctx.json) printJson(ctx, { retailer: retailer.id, date: ctx.today, rates: history.rows, series: history.series });
  else ctx.out((await import('../ui/fresh-data-view.js')).renderRatesHistory({ ...history, name: retailer.name, portal: options.portal, today: ctx.today }, ctx));
  return history.rows;
}
