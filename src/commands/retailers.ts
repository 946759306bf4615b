import type { Ctx } from '../context.js';
import { nearest } from '../core/match.js';
import { parseRate } from '../core/money.js';
import { describeRate, isStale, validRates } from '../core/rates.js';
import type { Channel, PortalRate, Retailer } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { parseDateArg, printJson, requirePortal, resolveRetailer } from './shared.js';

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

export async function runRetailers(options: RetailersOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const found = findRetailers(store, options.search?.trim());
  const withRates = found.map((r) => ({ ...r, rates: validRatesAllChannels(store.ratesForRetailer(r.id), ctx.today) }));
  if (ctx.json) {
    printJson(ctx, { date: ctx.today, retailers: withRates });
    return;
  }
  if (!found.length) {
    ctx.out(`No retailer matches "${safeText(options.search ?? '')}".`);
    return;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  ctx.out(
    renderTable(
      ['retailer', 'name', 'category', `rates on ${ctx.today}`],
      withRates.map((r) => [
        r.id,
        safeText(r.name),
        r.category,
        r.rates
          .map((rate) => {
            const text = `${rate.portal} ${describeRate(rate)}${rate.channel ? ` (${rate.channel.replace('_', '-')})` : ''}`;
            return isStale(rate, ctx.today) ? c.yellow(`${text} (as of ${rate.as_of})`) : text;
          })
          .join(', ') || c.dim('no portal rate'),
      ]),
      // Narrow terminals: the rates and the name are shortened, then the name and the category left out.
      { tty: ctx.tty, width: ctx.width, cut: [3, 1], drop: [1, 2] },
    ),
  );
}

function validRatesAllChannels(rates: PortalRate[], today: string): PortalRate[] {
  return (['online', 'in_store', 'dining'] as Channel[]).flatMap((ch) => validRates(rates, today, ch));
}

export interface RateSetOptions {
  retailer: string;
  rate: string;
  portal: string;
  from?: string | undefined;
  to?: string | undefined;
  channel: Channel;
}

export async function runRateSet(options: RateSetOptions, ctx: Ctx): Promise<PortalRate> {
  const store = ctx.store();
  const value = parseRate(options.rate);
  if (!value) throw new UsageError(`The rate must be a percent such as 6% or 6, or a flat amount such as $15 (got "${options.rate}").`);
  const retailer = resolveRetailer(store, options.retailer);
  const portal = requirePortal(store, options.portal);
  const from = options.from === undefined ? ctx.today : parseDateArg(options.from, 'from');
  const to = options.to === undefined ? undefined : parseDateArg(options.to, 'to');
  if (to !== undefined && to < from) throw new UsageError(`--to (${to}) is before --from (${from}).`);
  const rate: PortalRate = { portal: portal.id, retailer: retailer.id, ...value, from, as_of: ctx.today };
  if (to) rate.to = to;
  if (options.channel !== 'online') rate.channel = options.channel;
  store.write(() => store.upsertRate(rate));
  if (ctx.json) printJson(ctx, { rate });
  else ctx.out(`${safeText(portal.name)} ${describeRate(rate)} at ${safeText(retailer.name)} from ${from}${to ? ` to ${to}` : ''}${rate.channel ? ` (${rate.channel})` : ''}.`);
  return rate;
}
