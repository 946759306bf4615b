import type { Ctx } from '../context.js';
import { nearest } from '../core/match.js';
import { parseRate } from '../core/money.js';
import { describeRate, parseMilesRate, rateKindProblem, validRatesAllChannels } from '../core/rates.js';
import { printWatchHits, watchesBefore, type WatchResult } from './watch.js';
import type { Channel, Portal, PortalRate, Retailer } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { parseDateArg, printJson, requirePortal, resolveRetailer, view } from './shared.js';

export interface RetailersOptions {
  search?: string | undefined;
}

function findRetailers(store: Store, search: string | undefined): Retailer[] {
  if (!search) return store.retailers();
  const prefixed = store.retailersByPrefix(search, 200);
  if (prefixed.length) return prefixed;
  const keys = store.retailerKeys().map((r) => ({ id: r.id, keys: [r.id, r.name, ...(JSON.parse(r.aliases) as string[])] }));
  return nearest(search, keys, 10)
    .map((id) => store.retailer(id))
    .filter((r): r is Retailer => r !== undefined);
}

/** What `perk retailers [search] --json` prints; also the MCP tool `retailers` (commands/mcp). */
export function retailersJson(options: RetailersOptions, ctx: Ctx): { date: string; retailers: Array<Retailer & { rates: PortalRate[] }> } {
  const store = ctx.store();
  const found = findRetailers(store, options.search?.trim());
  return { date: ctx.today, retailers: found.map((r) => ({ ...r, rates: validRatesAllChannels(store.ratesForRetailer(r.id), ctx.today) })) };
}

export async function runRetailers(options: RetailersOptions, ctx: Ctx): Promise<void> {
  const listed = retailersJson(options, ctx);
  if (ctx.json) {
    printJson(ctx, listed);
    return;
  }
  const { renderRetailers } = await import('../ui/catalog-view.js');
  ctx.out(renderRetailers(listed, options.search, view(ctx)));
}

export interface RateSetOptions {
  retailer: string;
  rate: string;
  portal: string;
  from?: string | undefined;
  to?: string | undefined;
  channel: Channel;
}

/** `perk rate set … --json`: records the rate and returns what it prints; also the MCP tool `rate_set`. */
export function rateSetJson(options: RateSetOptions, ctx: Ctx): { rate: PortalRate; watches_hit: WatchResult[] } {
  const { rate, hits } = setRate(options, ctx);
  return { rate, watches_hit: hits };
}

export async function runRateSet(options: RateSetOptions, ctx: Ctx): Promise<PortalRate> {
  const { rate, portal, retailer, from, to, hits } = setRate(options, ctx);
  if (ctx.json) {
    printJson(ctx, { rate, watches_hit: hits });
    return rate;
  }
  ctx.out(`${safeText(portal.name)} ${describeRate(rate)} at ${safeText(retailer.name)} from ${from}${to ? ` to ${to}` : ''}${rate.channel ? ` (${rate.channel})` : ''}.`);
  printWatchHits(ctx, hits);
  return rate;
}

function setRate(
  options: RateSetOptions,
  ctx: Ctx,
): { rate: PortalRate; portal: Portal; retailer: Retailer; from: string; to: string | undefined; hits: WatchResult[] } {
  const store = ctx.store();
  const value = parseRate(options.rate) ?? parseMilesRate(options.rate);
  if (!value) throw new UsageError(`The rate must be a percent such as 6% or 6, a flat amount such as $15, or miles such as '5 miles/$' (got "${options.rate}").`);
  const retailer = resolveRetailer(store, options.retailer);
  const portal = requirePortal(store, options.portal);
  const problem = rateKindProblem(portal, 'units_per_dollar' in value);
  if (problem) throw new UsageError(`${problem} (got "${options.rate}").`);
  const from = options.from === undefined ? ctx.today : parseDateArg(options.from, 'from');
  const to = options.to === undefined ? undefined : parseDateArg(options.to, 'to');
  if (to !== undefined && to < from) throw new UsageError(`--to (${to}) is before --from (${from}).`);
  const rate: PortalRate = { portal: portal.id, retailer: retailer.id, ...value, from, as_of: ctx.today };
  if (to) rate.to = to;
  if (options.channel !== 'online') rate.channel = options.channel;
  const watches = watchesBefore(store, ctx, new Set([retailer.id]));
  store.write(() => store.upsertRate(rate));
  return { rate, portal, retailer, from, to, hits: watches.after() };
}
