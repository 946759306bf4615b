/** `perk offers` (card-linked offers, soonest expiry first, with uses left) and `perk offer add`. */
import type { Ctx } from '../context.js';
import { describeOffer, listedOffers, offerStatus, type OfferStatus } from '../core/offers.js';
import type { Card, Offer } from '../core/types.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { parseAmountArg, parseCountArg, parseDateArg, printJson, requireCard, resolveRetailer, view } from './shared.js';

export interface OffersOptions {
  expiring?: string | undefined;
  card?: string | undefined;
  all?: boolean | undefined;
}

export interface OfferView extends Offer {
  status: OfferStatus;
  uses_left: number;
  days_left?: number;
  description: string;
}

function listOffers(options: OffersOptions, ctx: Ctx): { views: OfferView[]; within: number | undefined; card: Card | undefined } {
  const store = ctx.store();
  const within = options.expiring === undefined ? undefined : parseCountArg(options.expiring, 'expiring', 3650);
  const card = options.card === undefined ? undefined : requireCard(store, options.card);
  const currencyOf = new Map(store.cards().map((c) => [c.id, c.currency]));
  const all: OfferView[] = store
    .offers()
    .filter((o) => card === undefined || o.card === card.id)
    .map((o) => {
      const standing = offerStatus(o, ctx.today, store.offerUses(o.id));
      return { ...o, added: o.added !== false, ...standing, description: describeOffer(o, currencyOf.get(o.card) ?? 'points') };
    });
  return { views: listedOffers(all, { all: options.all, within }), within, card };
}

/** What `perk offers --json` prints; also the MCP tool `offers` (commands/mcp). */
export function offersJson(options: OffersOptions, ctx: Ctx): { date: string; offers: OfferView[] } {
  return { date: ctx.today, offers: listOffers(options, ctx).views };
}

export async function runOffers(options: OffersOptions, ctx: Ctx): Promise<OfferView[]> {
  if (ctx.json) {
    const doc = offersJson(options, ctx);
    printJson(ctx, doc);
    return doc.offers;
  }
  const { views, within, card } = listOffers(options, ctx);
  const store = ctx.store();
  const retailerName = new Map<string, string>();
  const nameOf = (id: string) => {
    let name = retailerName.get(id);
    if (name === undefined) retailerName.set(id, (name = store.retailer(id)?.name ?? id));
    return name;
  };
  const { renderOffers } = await import('../ui/catalog-view.js');
  ctx.out(renderOffers(views, { within, all: options.all, card: card?.id, retailerName: nameOf }, view(ctx)));
  return views;
}

export interface OfferAddOptions {
  id: string;
  card: string;
  retailer: string;
  kind: string;
  issuer?: string | undefined;
  min?: string | undefined;
  credit?: string | undefined;
  percent?: string | undefined;
  maxCredit?: string | undefined;
  points?: string | undefined;
  pointsPerDollar?: string | undefined;
  maxPoints?: string | undefined;
  uses?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  clickThrough?: boolean | undefined;
  /** `--not-added`: the offer is on the issuer's page but not yet added to the card (SPEC 9.6). */
  notAdded?: boolean | undefined;
}

const KIND_FLAGS: Record<string, string> = {
  credit: '--credit',
  percent: '--percent',
  points: '--points',
  points_per_dollar: '--points-per-dollar',
};

function parseNumberArg(text: string, flag: string, max: number): number {
  const n = Number(text.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(text.trim()) || !(n > 0 && n <= max)) {
    throw new UsageError(`--${flag} must be a number greater than 0 and at most ${max} (got "${text}").`);
  }
  return n;
}

function parseWholeArg(text: string, flag: string): number {
  const clean = text.replace(/,/g, '');
  if (!/^\d+$/.test(clean) || Number(clean) < 1 || Number(clean) > 1e9) {
    throw new UsageError(`--${flag} must be a whole number of points such as 5000 (got "${text}").`);
  }
  return Number(clean);
}

/** Add (or replace, by id) a card-linked offer you enrolled in. */
export async function runOfferAdd(options: OfferAddOptions, ctx: Ctx): Promise<Offer> {
  const { offerSchema, ID_RE } = await import('../load/schemas.js');
  const store = ctx.store();
  if (!ID_RE.test(options.id)) {
    throw new UsageError(`The offer id must be lower-case letters, digits, ".", "_" or "-" (got "${options.id}").`, 'For example: amex-macys-25.');
  }
  const kind = options.kind;
  if (!(kind in KIND_FLAGS)) throw new UsageError(`--kind must be one of ${Object.keys(KIND_FLAGS).join(', ')} (got "${kind}").`);
  const card = requireCard(store, options.card);
  const retailer = resolveRetailer(store, options.retailer);
  const offer: Offer = {
    id: options.id,
    issuer: options.issuer ?? card.issuer,
    card: card.id,
    retailer: retailer.id,
    kind: kind as Offer['kind'],
    max_uses: options.uses === undefined ? 1 : parseCountArg(options.uses, 'uses'),
  };
  if (options.min !== undefined) offer.min_spend_cents = parseAmountArg(options.min, '--min');
  if (options.credit !== undefined) offer.credit_cents = parseAmountArg(options.credit, '--credit');
  if (options.percent !== undefined) offer.percent = parseNumberArg(options.percent, 'percent', 100);
  if (options.maxCredit !== undefined) offer.max_credit_cents = parseAmountArg(options.maxCredit, '--max-credit');
  if (options.points !== undefined) offer.points = parseWholeArg(options.points, 'points');
  if (options.pointsPerDollar !== undefined) offer.points_per_dollar = parseNumberArg(options.pointsPerDollar, 'points-per-dollar', 1000);
  if (options.maxPoints !== undefined) offer.max_points = parseWholeArg(options.maxPoints, 'max-points');
  if (options.from !== undefined) offer.from = parseDateArg(options.from, 'from');
  if (options.to !== undefined) offer.to = parseDateArg(options.to, 'to');
  if (options.clickThrough) offer.click_through = true;
  if (options.notAdded) offer.added = false;
  if (offer.from && offer.to && offer.to < offer.from) throw new UsageError(`--to (${offer.to}) is before --from (${offer.from}).`);
  const needed = KIND_FLAGS[kind] as string;
  const checked = offerSchema.safeParse(offer);
  if (!checked.success) {
    throw new UsageError(`A "${kind}" offer needs ${needed}.`, `For example: perk offer add ${offer.id} --card ${card.id} --retailer ${retailer.id} --kind ${kind} ${needed} 25`);
  }
  const replaced = store.offer(offer.id) !== undefined;
  store.write(() => store.upsertOffer(offer));
  if (ctx.json) {
    printJson(ctx, { offer });
    return offer;
  }
  ctx.out(
    `${replaced ? 'Updated' : 'Added'} ${offer.id}: ${describeOffer(offer, card.currency)} at ${safeText(retailer.name)} with ${card.id}` +
      `${offer.to ? `, until ${offer.to}` : ''}, ${offer.max_uses} use${offer.max_uses === 1 ? '' : 's'}.`,
  );
  if (offer.added === false) ctx.out(`Add it to ${card.id} on the issuer's site before you pay: perk counts it with that warning until then.`);
  return offer;
}
