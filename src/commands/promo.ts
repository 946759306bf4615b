/** `perk promo add/list` (SPEC section 8): store promo codes and show what is left of them. */
import { safeText } from '../ui/safe-text.js';
import type { Ctx } from '../context.js';
import { formatCents, parseRate } from '../core/money.js';
import { promoStatus, promoStatusLabel, type PromoStatus } from '../core/promo-status.js';
import { normalizePromoCode } from '../core/promos.js';
import type { Promo } from '../core/types.js';
import { UsageError } from '../errors.js';
import { parseAmountArg, parseCountArg, parseDateArg, printJson, resolveRetailer } from './shared.js';

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

const CODE_RE = /^[A-Z0-9][A-Z0-9._-]{0,63}$/;

/** `$10.00 off` or `10% off`. */
export function describeDiscount(p: Promo): string {
  return p.kind === 'percent' ? `${p.percent ?? 0}% off` : `${formatCents(p.amount_cents ?? 0)} off`;
}

/** `$10.00 off a $50.00+ order` / `10% off`. */
export function describePromo(p: Promo): string {
  const off = describeDiscount(p);
  return p.min_purchase_cents ? `${off} a ${formatCents(p.min_purchase_cents)}+ order` : off;
}

/** `2026-11-01 to 2026-11-30`, `until 2026-12-31`, `from 2026-11-25`, `any time`. */
export function describeDates(p: Promo): string {
  if (p.from && p.to) return `${p.from} to ${p.to}`;
  if (p.to) return `until ${p.to}`;
  if (p.from) return `from ${p.from}`;
  return 'any time';
}

export async function runPromoAdd(options: PromoAddOptions, ctx: Ctx): Promise<Promo> {
  const code = normalizePromoCode(options.code);
  if (!CODE_RE.test(code)) {
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
  if (!rows.length) {
    ctx.out(retailer ? `No promo codes for ${safeText(retailer.name)}.` : 'No promo codes stored.');
    ctx.out('Add one: perk promo add macys SAVE10 --amount 10 --min 50 --to 2026-12-31');
    return rows;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const colorStatus = (s: PromoStatus) => {
    const label = promoStatusLabel(s);
    return s === 'active' ? c.green(label) : s === 'not_started' ? c.yellow(label) : c.dim(label);
  };
  ctx.out(
    renderTable(
      ['retailer', 'code', 'discount', 'minimum', 'dates', 'uses left', 'portal-safe', 'status'],
      rows.map((r) => [
        r.retailer,
        safeText(r.code),
        describeDiscount(r),
        r.min_purchase_cents ? formatCents(r.min_purchase_cents) : '',
        describeDates(r),
        `${r.uses_left} of ${r.max_uses ?? 1}`,
        r.portal_safe ? 'yes' : 'no',
        colorStatus(r.status),
      ]),
      // Narrow terminals: dates and discount are shortened, then portal-safe, uses left, minimum and dates
      // are left out.
      { tty: ctx.tty, width: ctx.width, align: ['left', 'left', 'right', 'right', 'left', 'right', 'left', 'left'], cut: [4, 2], drop: [6, 5, 3, 4] },
    ),
  );
  return rows;
}
