/**
 * Card-linked offers (SPEC section 5 step 5): whether an offer applies to a purchase (card, retailer,
 * dates, uses left from the order log, minimum spend met by the charged amount) and what it pays.
 * A `credit` or `percent` offer is a statement credit in USD (it lowers the card earn, DOMAIN: a $100
 * purchase with a $20 credit earns on $80); `points` and `points_per_dollar` pay in the card's currency.
 * A `click_through` offer (Capital One Offers) is a shopping program that competes with the portals; what
 * it pays is a reward like a portal's, not a statement credit, so it never lowers the card earn.
 */
import { daysBetween, inWindow, LAST_DATE, type IsoDate } from './dates.js';
import { compareIds } from './ids.js';
import { earnUnits, formatCents, formatUnits, percentOf, type Cents, type Units } from './money.js';
import type { Offer } from './types.js';

export interface OfferPurchase {
  card: string;
  retailer: string;
  date: IsoDate;
  /** The amount charged to the card (after promos and gift-card balance). */
  charged_cents: Cents;
}

export type OfferRejection = 'other_card' | 'other_retailer' | 'not_started' | 'expired' | 'used_up' | 'below_minimum';

export interface OfferReward {
  offer: Offer;
  /** `USD` for credit/percent offers (units are cents), else the card's currency. */
  currency: string;
  units: Units;
  /** The part of the reward that is a statement credit (lowers the card earn); 0 for points and click-through. */
  statement_credit_cents: Cents;
}

/** Uses left: `max_uses` (default 1) minus the uses already in the order log. */
export function offerUsesLeft(offer: Offer, used: number): number {
  return Math.max(0, (offer.max_uses ?? 1) - used);
}

/** Why the offer does not apply to the purchase, or undefined when it does. */
export function offerRejection(offer: Offer, purchase: OfferPurchase, used: number): OfferRejection | undefined {
  if (offer.card !== purchase.card) return 'other_card';
  if (offer.retailer !== purchase.retailer) return 'other_retailer';
  if (offer.from !== undefined && purchase.date < offer.from) return 'not_started';
  if (!inWindow(purchase.date, offer.from, offer.to)) return 'expired';
  if (offerUsesLeft(offer, used) === 0) return 'used_up';
  if (purchase.charged_cents <= 0 || purchase.charged_cents < (offer.min_spend_cents ?? 0)) return 'below_minimum';
  return undefined;
}

/** What an (applicable) offer pays on `charged` cents for a card earning `cardCurrency`. */
export function offerReward(offer: Offer, charged: Cents, cardCurrency: string): OfferReward {
  const credit = (units: Cents): OfferReward => ({
    offer,
    currency: 'USD',
    units,
    statement_credit_cents: offer.click_through ? 0 : units,
  });
  switch (offer.kind) {
    case 'credit':
      // A credit never exceeds what was charged.
      return credit(Math.min(offer.credit_cents ?? 0, Math.max(0, charged)));
    case 'percent': {
      const raw = percentOf(Math.max(0, charged), offer.percent ?? 0);
      return credit(offer.max_credit_cents === undefined ? raw : Math.min(raw, offer.max_credit_cents));
    }
    case 'points':
      return { offer, currency: cardCurrency, units: offer.points ?? 0, statement_credit_cents: 0 };
    case 'points_per_dollar': {
      const raw = earnUnits(Math.max(0, charged), offer.points_per_dollar ?? 0);
      const units = offer.max_points === undefined ? raw : Math.min(raw, offer.max_points);
      return { offer, currency: cardCurrency, units, statement_credit_cents: 0 };
    }
  }
}

/**
 * The offers of `offers` that apply to the purchase, with what each pays; `clickThrough` selects the
 * click-through offers (true) or the plain card-linked ones (false). Sorted by offer id.
 */
export function applicableOffers(
  offers: readonly Offer[],
  purchase: OfferPurchase,
  usesOf: (offer: Offer) => number,
  cardCurrency: string,
  clickThrough: boolean,
): OfferReward[] {
  return offers
    .filter((o) => Boolean(o.click_through) === clickThrough && offerRejection(o, purchase, usesOf(o)) === undefined)
    .sort((a, b) => compareIds(a.id, b.id))
    .map((o) => offerReward(o, purchase.charged_cents, cardCurrency));
}

/**
 * The best of several offer rewards by `score` (e.g. the option total it leads to); ties go to the
 * offer id that sorts first. Undefined when there is none.
 */
export function bestOffer<T extends { reward: OfferReward | undefined; score: number }>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (!best || c.score > best.score) best = c;
    else if (c.score === best.score && (c.reward?.offer.id ?? '') < (best.reward?.offer.id ?? '')) best = c;
  }
  return best;
}

/** The offer ends within `days` days of `date` (inclusive): worth a warning. */
export function offerExpiresWithin(offer: Offer, date: IsoDate, days: number): boolean {
  return offer.to !== undefined && daysBetween(date, offer.to) <= days && daysBetween(date, offer.to) >= 0;
}

export type OfferStatus = 'active' | 'not_started' | 'expired' | 'used_up';

/** An offer's standing on `date`, with uses left and days until it ends (undefined: no end date). */
export function offerStatus(offer: Offer, date: IsoDate, used: number): { status: OfferStatus; uses_left: number; days_left?: number } {
  const uses_left = offerUsesLeft(offer, used);
  const days_left = offer.to === undefined ? undefined : daysBetween(date, offer.to);
  let status: OfferStatus = 'active';
  if (offer.to !== undefined && offer.to < date) status = 'expired';
  else if (uses_left === 0) status = 'used_up';
  else if (offer.from !== undefined && date < offer.from) status = 'not_started';
  return days_left === undefined ? { status, uses_left } : { status, uses_left, days_left };
}

/** What the offer gives, in words: "spend $75.00, get $25.00 back", "10% back up to $15.00", … */
export function describeOffer(offer: Offer, cardCurrency: string): string {
  const money = (c: Cents) => formatCents(c);
  const min = offer.min_spend_cents ? `spend ${money(offer.min_spend_cents)}, ` : '';
  switch (offer.kind) {
    case 'credit':
      return `${min}get ${money(offer.credit_cents ?? 0)} back`;
    case 'percent':
      return `${min}${offer.percent ?? 0}% back${offer.max_credit_cents !== undefined ? ` up to ${money(offer.max_credit_cents)}` : ''}`;
    case 'points':
      return `${min}get ${formatUnits(offer.points ?? 0)} ${cardCurrency}`;
    case 'points_per_dollar':
      return `+${offer.points_per_dollar ?? 0} ${cardCurrency} per $1${offer.max_points !== undefined ? `, up to ${formatUnits(offer.max_points)}` : ''}`;
  }
}

/**
 * Which offers `perk offers` lists (SPEC 9.6): the active and not-yet-started ones (`all`: every one),
 * with `within`, only those ending within that many days (inclusive); soonest expiry first, offers
 * without an end date last, ties by id.
 */
export function listedOffers<T extends Offer & { status: OfferStatus; days_left?: number }>(
  offers: readonly T[],
  options: { all?: boolean | undefined; within?: number | undefined },
): T[] {
  const end = (o: Offer) => o.to ?? LAST_DATE;
  return offers
    .filter((o) => options.all || o.status === 'active' || o.status === 'not_started')
    .filter((o) => options.within === undefined || (o.days_left !== undefined && o.days_left >= 0 && o.days_left <= options.within))
    .sort((a, b) => (end(a) < end(b) ? -1 : end(a) > end(b) ? 1 : 0) || compareIds(a.id, b.id));
}
