/** The card side of the stack: the card-linked offer chosen and the card earn, memoised per card, and offer labels. */
import { periodBounds } from './dates.js';
import { computeEarn } from './earn.js';
import { centsToUnits, formatCents, type Cents } from './money.js';
import { applicableOffers, bestOffer, offerExpiresWithin, type OfferReward } from './offers.js';
import type { PortalMemo, PortalPlan } from './stack-portal.js';
import { part, type Money, type Part, type StackInput, type ValueOf } from './stack-types.js';
import type { Card, EarnRule, Offer } from './types.js';

/** An offer ending within this many days of the purchase gets a warning. */
export const OFFER_EXPIRY_WARNING_DAYS = 7;

const ISSUER_OFFER_NAMES: Record<string, string> = {
  amex: 'Amex Offer',
  chase: 'Chase Offer',
  capital_one: 'Capital One Offer',
  bilt: 'Bilt Offer',
};

export function offerName(offer: Offer): string {
  return ISSUER_OFFER_NAMES[offer.issuer] ?? `${offer.issuer} offer`;
}

/**
 * Parts shared by many options, worked out once per computeStack: the portal reward of a plan (the same
 * for every card) and the card side of a card (the same for every portal, see cardSide). Options hold
 * the same component objects; a StackResult is read, never changed.
 */
export interface Memo {
  portal: PortalMemo;
  card: Map<Card, { vias: ReadonlySet<string>; sides: Map<string | number, CardSide> }>;
}

/** The card side of an option: the card-linked offer chosen and the card earn, as parts, and their warnings. */
interface CardSide {
  reward: OfferReward | undefined;
  parts: Part[];
  warnings: string[];
}

/**
 * The best card-linked offer (judged by the total it leads to, with its effect on the card earn) and
 * the card earn on the charged amount minus any statement credit (SPEC section 5 steps 5–6).
 * It depends on the card, the charged amount, the travel portals its earn rules name (the option's
 * portal and --via) and, for a card that pays through the portal, that portal; everything else (date,
 * category, caps, offers) is the same for the whole stack. So it is worked out once per card and key:
 * a wallet of 12 cards and 20 portals is 12 × 21 options, but about 12 card sides.
 */
export function cardSide(
  card: Card,
  charged: Cents,
  plan: PortalPlan | undefined,
  credited: boolean,
  input: StackInput,
  valueOf: ValueOf,
  money: Money,
  memo: Memo,
): CardSide {
  let known = memo.card.get(card);
  if (!known) {
    const vias = new Set(card.earn.map((rule) => rule.via).filter((v): v is string => typeof v === 'string'));
    memo.card.set(card, (known = { vias, sides: new Map() }));
  }
  const via = plan !== undefined && card.pays_via === plan.portal.id && card.currency === 'USD' ? plan : undefined;
  // The travel portals of this purchase that the card's earn rules name (usually none), and the key:
  // the charged amount alone for a card without `via` rules that does not pay through this portal.
  // A shopping portal's own card bonus (`via: P`) needs P to credit the order (SPEC 9.7).
  const named = known.vias.size
    ? [credited ? plan?.portal.id : undefined, input.via].filter((v): v is string => v !== undefined && known.vias.has(v))
    : [];
  const key = named.length || via ? JSON.stringify([charged, named, via ? via.portal.id : null]) : charged;
  const sides = known.sides;
  const found = sides.get(key);
  if (found) return found;

  const capLeft = (rule: EarnRule) => input.capLeft(card, rule);
  const earnFor = (reward: OfferReward | undefined) => {
    const base = Math.max(0, charged - (reward?.statement_credit_cents ?? 0));
    const earn = computeEarn(card, base, { chain: input.chain, vias: named, date: input.date }, capLeft);
    const currency = via ? via.payout : card.currency;
    const units = via ? centsToUnits(earn.units, via.factor) : earn.units;
    return { earn, currency, units, value: valueOf(currency, units) };
  };
  const offerPurchase = { card: card.id, retailer: input.retailer.id, date: input.date, charged_cents: charged };
  const candidates = [undefined, ...applicableOffers(input.offers, offerPurchase, input.offerUses, card.currency, false)].map((reward) => {
    const e = earnFor(reward);
    return { reward, e, score: e.value + (reward ? valueOf(reward.currency, reward.units) : 0) };
  });
  const chosen = bestOffer(candidates)!;
  const parts: Part[] = [];
  const warnings: string[] = [];
  const r = chosen.reward;
  if (r) {
    if (offerExpiresWithin(r.offer, input.date, OFFER_EXPIRY_WARNING_DAYS)) warnings.push(expiryWarning(r.offer));
    if (r.offer.added === false) warnings.push(notAddedWarning(r.offer));
    parts.push(part({ source: 'offer', id: r.offer.id, currency: r.currency, units: r.units }, valueOf, (value) => `${offerName(r.offer)} ${money(r.currency, r.units, value)}`));
  }
  const { earn, currency, units } = chosen.e;
  for (const rule of earn.exhausted) {
    const left = capLeft(rule);
    if (left === undefined || left <= 0) continue;
    const { end } = periodBounds(input.date, rule.cap_period ?? 'year');
    warnings.push(
      `this purchase uses up ${card.id}'s ${rule.multiplier}x ${rule.category ?? 'everything'} cap: ${formatCents(left)} left of ${formatCents(rule.cap_cents ?? 0)} until ${end}; the rest earns less`,
    );
  }
  parts.push(
    part({ source: 'card', id: card.id, currency, units }, valueOf, (value) => {
      if (via) {
        return currency === 'USD' ? `card bonus via ${via.portal.name} ${formatCents(value)}` : `card bonus via ${via.portal.name} ${money(currency, units, value)}`;
      }
      return currency === 'USD' ? `card cash back ${formatCents(value)}` : money(currency, units, value);
    }),
  );
  const side = { reward: r, parts, warnings };
  sides.set(key, side);
  return side;
}

export function describeOffer(offer: Offer): string {
  switch (offer.kind) {
    case 'percent':
      return `${offer.percent ?? 0}%`;
    case 'points_per_dollar':
      return `+${offer.points_per_dollar ?? 0}x`;
    default:
      return '';
  }
}

/** SPEC 9.6: an offer not yet added to the card is counted, with this warning. */
export function notAddedWarning(offer: Offer): string {
  return `add ${offer.id} to ${offer.card} before you pay`;
}

export function expiryWarning(offer: Offer): string {
  return `offer ${offer.id} expires on ${offer.to}: add it to the card and use it before then`;
}
