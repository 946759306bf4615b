/** `perk promo add/list` (SPEC section 8): store promo codes and show what is left of them. */
import { safeText } from '../ui/safe-text.js';
import type { Ctx } from '../context.js';
import { parseRate } from '../core/money.js';
import { promoStatus, type PromoStatus } from '../core/promo-status.js';
import { describeDates, describePromo, isPromoCode, normalizePromoCode } from '../core/promos.js';
import type { Promo } from '../core/types.js';
import { UsageError } from '../errors.js';
import { parseAmountArg, parseCountArg, parseDateArg, printJson, resolveRetailer, view } from './shared.js';

export interface PromoAddOptions {
  retailer: string;
  code: string;
  amount?: string | undefined;
  percent?: string | undefined;
  min?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  uses?: string | undefined;
  portalSafe?: boolean | undefined;
}

export async function runPromoAdd(options: PromoAddOptions, ctx: Ctx): Promise<Promo> {
  const code = normalizePromoCode(options.code);
  if (!isPromoCode(code)) {
    throw new UsageError(`The promo code must be letters and digits (also . _ -), up to 64 characters (got "${options.code}").`);
  }
  if ((options.amount === undefined) === (options.percent === undefined)) {
    throw new UsageError('Give exactly one of --amount and --percent.', 'e.g. perk promo add macys SAVE10 --amount 10 --min 50');
  }
  const promo: Promo = { code, retailer: '', kind: options.amount !== undefined ? 'amount' : 'percent' };
  if (options.amount !== undefined) promo.amount_cents = parseAmountArg(options.amount, '--amount');
  if (options.percent !== undefined) {
    const rate = parseRate(options.percent);
    if (!rate || !('percent' in rate) || rate.percent <= 0) {
      throw new UsageError(`--percent must be a percent above 0 and at most 100, such as 10 or 10% (got "${options.percent}").`);
    }
    promo.percent = rate.percent;
  }
  if (options.min !== undefined) promo.min_purchase_cents = parseAmountArg(options.min, '--min', { allowZero: true });
  if (options.from !== undefined) promo.from = parseDateArg(options.from, 'from');
  if (options.to !== undefined) promo.to = parseDateArg(options.to, 'to');
  if (promo.from !== undefined && promo.to !== undefined && promo.to < promo.from) {
    throw new UsageError(`--to (${promo.to}) is before --from (${promo.from}).`);
  }
  promo.max_uses = options.uses === undefined ? 1 : parseCountArg(options.uses, 'uses');
  promo.portal_safe = Boolean(options.portalSafe);
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  promo.retailer = retailer.id;
  const replaced = store.write(() => {
    const before = store.promosForRetailer(retailer.id).some((p) => normalizePromoCode(p.code) === code);
    store.upsertPromo(promo);
    return before;
  });
  if (ctx.json) {
    printJson(ctx, { promo, replaced });
    return promo;
  }
  const dates = promo.from || promo.to ? ` (${describeDates(promo)})` : '';
  ctx.out(
    `${replaced ? 'Updated' : 'Added'} ${code} at ${safeText(retailer.name)}: ${describePromo(promo)}${dates}, ` +
      `${promo.max_uses} use${promo.max_uses === 1 ? '' : 's'}${promo.portal_safe ? ', listed on the portal' : ', may void portal cash back'}.`,
  );
  return promo;
}

export interface PromoListOptions {
  retailer?: string | undefined;
}

export interface PromoRow extends Promo {
  status: PromoStatus;
  uses: number;
  uses_left: number;
}

export async function runPromoList(options: PromoListOptions, ctx: Ctx): Promise<PromoRow[]> {
  const store = ctx.store();
  const retailer = options.retailer === undefined ? undefined : resolveRetailer(store, options.retailer);
  const promos = retailer ? store.promosForRetailer(retailer.id) : store.promos();
  const rows: PromoRow[] = promos.map((p) => ({ ...p, ...promoStatus(p, store.promoUses(p.retailer, p.code), ctx.today) }));
  if (ctx.json) {
    printJson(ctx, { date: ctx.today, promos: rows });
    return rows;
  }
  const { renderPromos } = await import('../ui/catalog-view.js');
  ctx.out(renderPromos(rows, retailer?.name, view(ctx)));
  return rows;
}
