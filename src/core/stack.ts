/**
 * The stack (SPEC section 5): every way to pay for one purchase — card × {no portal, each portal with a
 * valid rate, each click-through offer} — with its promo discounts, portal reward, card-linked offer and
 * card earn, each valued by its redemption path, ranked by total value. Pure: the shell reads the
 * database and passes everything in, including `date`.
 */
import { compareIds } from './ids.js';
import { periodBounds, type IsoDate } from './dates.js';
import { computeEarn } from './earn.js';
import { centsToUnits, effectiveRate, formatCents, formatRatePercent, formatUnits, type Cents, type Units } from './money.js';
import { applicableOffers, bestOffer, offerExpiresWithin, type OfferReward } from './offers.js';
import { PAYOUT_NEEDS_CARD } from './payouts.js';
import { evaluatePromos, type AppliedPromo, type PromoEvaluation } from './promos.js';
import { cashBack, describeRate, isMilesRate, isStale, validRates } from './rates.js';
import type { Card, Channel, Currency, EarnRule, Offer, Portal, PortalRate, Promo, Retailer } from './types.js';
import { pathValueCents, resolvePath, skippedPathNote, USD, type PathResolution } from './valuation.js';
import { unitsPerCent, type Holdings } from './wallet.js';

/** An offer ending within this many days of the purchase gets a warning. */
export const OFFER_EXPIRY_WARNING_DAYS = 7;


export type ComponentSource = 'portal' | 'card' | 'offer' | 'promo';

export interface StackComponent {
  source: ComponentSource;
  id: string;
  currency: string;
  units: Units;
  value_cents: Cents;
}

export interface StackOption {
  rank: number;
  card: string;
  /** The shopping portal crediting the order; null for none (also for a click-through offer). */
  portal: string | null;
  /** The portal's payout currency; null without a portal. */
  payout: string | null;
  /** Promo codes used by this option. */
  promos: string[];
  charged_cents: Cents;
  components: StackComponent[];
  total_value_cents: Cents;
  effective_rate: number;
  warnings: string[];
  // ---- additions to the SPEC shape ----
  /** The portal rate, e.g. "10%" or "$25.00"; null without a portal. */
  rate: string | null;
  /** The card-linked offer used, if any. */
  offer: string | null;
  /** The click-through offer (Capital One Offers) crediting the order instead of a portal, if any. */
  click_through: string | null;
  /** Gift-card balance spent before charging the card. */
  gift_card_cents: Cents;
  /** One line for people: "Rakuten 6% as 1,200 MR ($24.00) + Amex Offer $25.00 + 175 MR ($3.50) = $52.50, 26.3%". */
  explanation: string;
}

export interface StackInput {
  date: IsoDate;
  retailer: Retailer;
  /** Original pre-tax subtotal, cents. */
  amount_cents: Cents;
  /** The purchase category (`--category` or the retailer's). */
  category: string;
  /** `category` followed by its ancestors. */
  chain: readonly string[];
  channel: Channel;
  /** The cards to compare (the wallet, `--card`, or the whole catalog for an empty wallet). */
  cards: readonly Card[];
  /** Currencies of the cards the user holds (for payouts that need one, e.g. MR). */
  heldCurrencies: readonly string[];
  /** The cards the user holds (the catalog for an empty wallet), for paths and payout units that require one. */
  held?: Pick<Holdings, 'cards'> | undefined;
  portals: readonly Portal[];
  /** The retailer's rates (any portal, channel and date). */
  rates: readonly PortalRate[];
  /** `--portal <id>` (only that portal) or `--no-portal` (false); undefined = every option. */
  portal?: string | false | undefined;
  /** The retailer's card-linked offers. */
  offers: readonly Offer[];
  offerUses: (offer: Offer) => number;
  /** `--promo` codes as typed. */
  promoCodes: readonly string[];
  /** The retailer's stored promos. */
  promos: readonly Promo[];
  promoUses: (promo: Promo) => number;
  /** Gift-card balance to spend first (`--gift-card`), 0 otherwise. */
  giftCardBalanceCents: Cents;
  /** `--via <portal>`: an issuer travel portal the purchase is booked through. */
  via?: string | undefined;
  /** `--payout <currency>`. */
  payout?: string | undefined;
  config: Readonly<Record<string, string>>;
  currencies: readonly Currency[];
  /** `--path CUR=path` overrides. */
  pathOverrides: Readonly<Record<string, string>>;
  /** Cents left on `date` in a capped rule's period for `card` (undefined for an uncapped rule). */
  capLeft: (card: Card, rule: EarnRule) => Cents | undefined;
}

export interface StackResult {
  date: IsoDate;
  retailer: { id: string; name: string; category: string };
  amount_cents: Cents;
  /** Additions: the category and channel used, promo outcome and notes for people. */
  category: string;
  channel: Channel;
  promos: { applied: Array<{ code: string; discount_cents: Cents; portal_safe: boolean }>; rejected: Array<{ code: string; reason: string; message: string }> };
  notes: string[];
  /** The redemption path used for each points currency in the options. */
  paths: Array<{ currency: string; path: string; cpp: number }>;
  options: StackOption[];
}

interface PortalPlan {
  portal: Portal;
  rate: PortalRate;
  /** The category of the purchase the portal excludes (SPEC 9.8), if any: it pays nothing. */
  excluded: string | undefined;
  /** describeRate(rate): "6%" or "$25.00". */
  rateText: string;
  payout: string;
  factor: number;
  warnings: string[];
}

/** units × factor (units paid per cent), rounded once. */
const ISSUER_OFFER_NAMES: Record<string, string> = {
  amex: 'Amex Offer',
  chase: 'Chase Offer',
  capital_one: 'Capital One Offer',
  bilt: 'Bilt Offer',
};

function offerName(offer: Offer): string {
  return ISSUER_OFFER_NAMES[offer.issuer] ?? `${offer.issuer} offer`;
}

/**
 * The payout currency of a portal: --payout > config portal.<id>.payout > default_payout, checked. A
 * miles rate (SPEC 11.4) pays in the portal's only payout currency, whatever was asked.
 */
function planPayout(portal: Portal, rate: PortalRate, input: StackInput, notes: Set<string>): { payout: string; factor: number; warnings: string[] } {
  if (isMilesRate(rate)) return { payout: portal.default_payout, factor: 1, warnings: [] };
  const warnings: string[] = [];
  let wanted = input.payout ?? input.config[`portal.${portal.id}.payout`] ?? portal.default_payout;
  if (portal.payout_options[wanted] === undefined) {
    notes.add(`${portal.name} does not pay in ${wanted}; its options use ${portal.default_payout}.`);
    wanted = portal.default_payout;
  }
  if (PAYOUT_NEEDS_CARD.has(wanted) && !input.heldCurrencies.includes(wanted)) {
    const fallback = portal.payout_options.USD !== undefined ? 'USD' : portal.default_payout;
    warnings.push(`${portal.name} pays ${wanted} only to ${wanted} cardholders and your wallet has no ${wanted} card: valued as ${fallback}`);
    wanted = fallback;
  }
  return { payout: wanted, factor: unitsPerCent(portal, wanted, input.held, input.config) ?? 1, warnings };
}

interface Variant {
  plan: PortalPlan | undefined;
  clickThrough: Offer | undefined;
  promos: PromoEvaluation;
  /** The portal's cash back is voided by a code that is not portal-safe. */
  voided: AppliedPromo[];
}

const CHANNELS: ReadonlyArray<{ channel: Channel; label: string; flag: string }> = [
  { channel: 'online', label: 'online', flag: '--online' },
  { channel: 'in_store', label: 'in-store', flag: '--in-store' },
  { channel: 'dining', label: 'dining', flag: '--dining' },
];

/**
 * Notes naming the retailer's rates valid on the date in channels other than the stack's, with the best
 * rate of each and the flag that uses it (SPEC 9.3).
 */
export function otherChannelNotes(input: Pick<StackInput, 'rates' | 'date' | 'channel' | 'portals' | 'retailer' | 'amount_cents'>): string[] {
  const names = new Map(input.portals.map((p) => [p.id, p.name]));
  const notes: string[] = [];
  for (const { channel, label, flag } of CHANNELS) {
    if (channel === input.channel) continue;
    const rates = validRates(input.rates, input.date, channel).filter((r) => names.has(r.portal));
    const best = rates
      .map((rate) => ({ rate, cash: cashBack(rate, input.amount_cents) }))
      .sort((a, b) => b.cash - a.cash || compareIds(a.rate.portal, b.rate.portal))[0];
    if (!best) continue;
    const article = /^[aeiou]/.test(label) ? 'an' : 'a';
    notes.push(`${input.retailer.name} also has ${article} ${label} rate: ${names.get(best.rate.portal)} ${describeRate(best.rate)} (add ${flag} to use it).`);
  }
  return notes;
}

/** The cards that can book through an issuer travel portal: an earn rule whose `via` is it (SPEC 9.4). */
export function cardsBookingVia(cards: readonly Card[], via: string): Card[] {
  return cards.filter((c) => c.earn.some((r) => r.via === via));
}

export function computeStack(input: StackInput): StackResult {
  const notes = new Set<string>();
  // A booking at an issuer travel portal is not a purchase at the retailer (SPEC 9.4): only the cards that
  // can book there, with no shopping portal, card-linked offer or promo code.
  if (input.via !== undefined) {
    if (input.promoCodes.length) notes.add(`Promo codes do not apply to a booking through ${input.via}: ignored.`);
    if (input.chain.includes('travel_agency')) {
      notes.add(
        `${input.retailer.name} is a travel site: a booking through ${input.via} earns by what you book, so add --category hotel, airfare or car_rental.`,
      );
    }
    input = { ...input, cards: cardsBookingVia(input.cards, input.via), portal: false, offers: [], promoCodes: [] };
  } else {
    for (const note of otherChannelNotes(input)) notes.add(note);
  }
  const currencyByCode = new Map(input.currencies.map((c) => [c.code, c]));
  // Each currency's path is resolved once per stack: for valuing components and for `paths`.
  const pathMemo = new Map<string, PathResolution>();
  const pathOf = (cur: Currency): PathResolution => {
    let resolution = pathMemo.get(cur.code);
    if (resolution === undefined) pathMemo.set(cur.code, (resolution = resolvePath(cur, input.config, input.pathOverrides, input.held)));
    return resolution;
  };
  const valueOf = (currency: string, units: Units): Cents => {
    if (currency === 'USD') return units;
    const cur = currencyByCode.get(currency);
    if (!cur) {
      notes.add(`No valuation for ${currency}: valued at 1 cent per unit.`);
      return pathValueCents(units, USD.paths.cash ?? 1);
    }
    const known = pathMemo.has(currency);
    const resolution = pathOf(cur);
    if (!known && resolution.skipped) notes.add(skippedPathNote(resolution.skipped));
    return pathValueCents(units, resolution.choice.value);
  };
  const money = (currency: string, units: Units, value: Cents) =>
    currency === 'USD' ? formatCents(value) : `${formatUnits(units)} ${currency} (${formatCents(value)})`;

  // Promos: every valid code; for portals also only the portal-safe ones (a code that is not
  // portal-safe voids the portal's cash back, so both ways are computed and ranked on their merits).
  const purchase = { retailer: input.retailer.id, subtotal_cents: input.amount_cents, date: input.date };
  const allPromos = evaluatePromos({ ...purchase, codes: input.promoCodes, promos: input.promos, usesOf: input.promoUses });
  const unsafe = allPromos.applied.filter((a) => !a.portal_safe);
  const safePromos = unsafe.length
    ? evaluatePromos({
        ...purchase,
        codes: allPromos.applied.filter((a) => a.portal_safe).map((a) => a.code),
        promos: input.promos,
        usesOf: input.promoUses,
      })
    : allPromos;
  for (const r of allPromos.rejected) notes.add(`Promo ${r.message}.`);

  const portalById = new Map(input.portals.map((p) => [p.id, p]));
  const plans: PortalPlan[] = [];
  if (input.portal !== false) {
    for (const rate of validRates(input.rates, input.date, input.channel)) {
      const portal = portalById.get(rate.portal);
      if (!portal || (input.portal !== undefined && rate.portal !== input.portal)) continue;
      const payout = planPayout(portal, rate, input, notes);
      const warnings = [...payout.warnings];
      const excluded = portal.excludes?.find((c) => input.chain.includes(c));
      if (isStale(rate, input.date)) {
        warnings.push(`${portal.name} rate ${describeRate(rate)} was last checked on ${rate.as_of} (stale): update it with perk rate set`);
      }
      plans.push({ portal, rate, excluded, rateText: describeRate(rate), payout: payout.payout, factor: payout.factor, warnings });
    }
    if (input.portal !== undefined && !plans.length) {
      const name = portalById.get(input.portal)?.name ?? input.portal;
      notes.add(`${name} has no ${input.channel === 'online' ? '' : `${input.channel} `}rate for ${input.retailer.name} on ${input.date}; showing options without a portal.`);
    }
  }
  const onlyPortal = input.portal !== undefined && input.portal !== false && plans.length > 0;

  const options: StackOption[] = [];
  const memo: Memo = { portal: new Map(), card: new Map() };
  for (const card of input.cards) {
    const variants: Variant[] = [];
    if (!onlyPortal) {
      variants.push({ plan: undefined, clickThrough: undefined, promos: allPromos, voided: [] });
      // Click-through offers credit an online order like a portal: each is its own no-portal option.
      // With a code that is not portal-safe it would earn nothing, which is the plain no-portal option
      // above, so only the variant without such codes is added.
      if (input.channel === 'online') {
        const charged = Math.max(0, safePromos.price_cents - Math.min(input.giftCardBalanceCents, safePromos.price_cents));
        const clicks = applicableOffers(
          input.offers,
          { card: card.id, retailer: input.retailer.id, date: input.date, charged_cents: charged },
          input.offerUses,
          card.currency,
          true,
        );
        for (const c of clicks) variants.push({ plan: undefined, clickThrough: c.offer, promos: safePromos, voided: [] });
      }
    }
    for (const plan of plans) {
      if (unsafe.length) variants.push({ plan, clickThrough: undefined, promos: allPromos, voided: unsafe });
      variants.push({ plan, clickThrough: undefined, promos: safePromos, voided: [] });
    }
    for (const v of variants) options.push(buildOption(card, v, input, valueOf, money, memo));
  }

  sortOptions(options);
  options.forEach((o, i) => (o.rank = i + 1));
  return {
    date: input.date,
    retailer: { id: input.retailer.id, name: input.retailer.name, category: input.retailer.category },
    amount_cents: input.amount_cents,
    category: input.category,
    channel: input.channel,
    promos: {
      applied: allPromos.applied.map((a) => ({ code: a.code, discount_cents: a.discount_cents, portal_safe: a.portal_safe })),
      rejected: allPromos.rejected.map((r) => ({ code: r.code, reason: r.reason, message: r.message })),
    },
    notes: [...notes],
    paths: usedPaths(options, currencyByCode, pathOf),
    options,
  };
}

/**
 * Best first: total value, fewer warnings, then card, portal and click-through ids (compareIds), more
 * promos. The few distinct ids are ranked once with compareIds and the options compared by those ranks:
 * the same order as comparing the ids themselves (the sort is stable), at a fraction of the cost when
 * an empty wallet makes hundreds of options.
 */
function sortOptions(options: StackOption[]): void {
  const rankOf = (ids: Iterable<string>): Map<string, number> => {
    const sorted = [...new Set(ids)].sort(compareIds);
    const ranks = new Map<string, number>();
    let rank = 0;
    sorted.forEach((id, i) => ranks.set(id, i > 0 && compareIds(sorted[i - 1] as string, id) !== 0 ? ++rank : rank));
    return ranks;
  };
  const cards = rankOf(options.map((o) => o.card));
  const portals = rankOf(options.map((o) => o.portal ?? ''));
  const clicks = rankOf(options.map((o) => o.click_through ?? ''));
  const keyed = options.map((o) => ({
    o,
    value: o.total_value_cents,
    warnings: o.warnings.length,
    card: cards.get(o.card) as number,
    portal: portals.get(o.portal ?? '') as number,
    click: clicks.get(o.click_through ?? '') as number,
    promos: o.promos.length,
  }));
  keyed.sort(
    (a, b) =>
      b.value - a.value ||
      a.warnings - b.warnings ||
      a.card - b.card ||
      a.portal - b.portal ||
      a.click - b.click ||
      b.promos - a.promos,
  );
  keyed.forEach((k, i) => (options[i] = k.o));
}

/** The path of each currency the options earn (not USD), by code; resolved by the stack's memo (pathOf). */
function usedPaths(options: readonly StackOption[], currencies: ReadonlyMap<string, Currency>, pathOf: (cur: Currency) => PathResolution): StackResult['paths'] {
  const used = new Set<string>();
  for (const o of options) for (const c of o.components) if (c.currency !== 'USD') used.add(c.currency);
  return [...used].sort().flatMap((code) => {
    const cur = currencies.get(code);
    if (!cur) return [];
    const choice = pathOf(cur).choice;
    return [{ currency: code, path: choice.path, cpp: choice.cpp }];
  });
}

/** A component of an option with its line in the explanation. */
interface Part {
  component: StackComponent;
  label: string;
}

/**
 * Parts shared by many options, worked out once per computeStack: the portal reward of a plan (the same
 * for every card) and the card side of a card (the same for every portal, see cardSide). Options hold
 * the same component objects; a StackResult is read, never changed.
 */
interface Memo {
  portal: Map<PortalPlan, Map<string | number, { part: Part; warnings: string[] }>>;
  card: Map<Card, { vias: ReadonlySet<string>; sides: Map<string | number, CardSide> }>;
}

type ValueOf = (currency: string, units: Units) => Cents;
type Money = (currency: string, units: Units, value: Cents) => string;

function part(c: Omit<StackComponent, 'value_cents'>, valueOf: ValueOf, label: (value: Cents) => string): Part {
  const value_cents = valueOf(c.currency, c.units);
  return { component: { ...c, value_cents }, label: label(value_cents) };
}

/** One option, ranked 0 until the options are sorted. */
function buildOption(card: Card, v: Variant, input: StackInput, valueOf: ValueOf, money: Money, memo: Memo): StackOption {
  const price = v.promos.price_cents;
  const gift = Math.min(Math.max(0, input.giftCardBalanceCents), price);
  const charged = price - gift;
  const warnings: string[] = [];
  const parts: Part[] = [];

  // Step 2: the promo discounts are part of the option's value.
  for (const a of v.promos.applied) {
    parts.push(part({ source: 'promo', id: a.code, currency: 'USD', units: a.discount_cents }, valueOf, (value) => `${a.code} ${formatCents(value)} off`));
  }

  // Step 3: the portal reward, on the price after promos, in the payout currency.
  const plan = v.plan;
  // The portal credits the order when it pays something on it (SPEC 9.7): not voided, excluded or zero.
  let credited = false;
  if (plan) {
    const reward = portalReward(plan, price, v.voided, valueOf, money, memo);
    warnings.push(...reward.warnings);
    parts.push(reward.part);
    credited = reward.part.component.units > 0;
  }

  // The click-through offer in place of a portal (a reward, not a statement credit).
  if (v.clickThrough) {
    const offerPurchase = { card: card.id, retailer: input.retailer.id, date: input.date, charged_cents: charged };
    const ct = applicableOffers([v.clickThrough], offerPurchase, input.offerUses, card.currency, true)[0];
    if (ct) {
      if (offerExpiresWithin(ct.offer, input.date, OFFER_EXPIRY_WARNING_DAYS)) warnings.push(expiryWarning(ct.offer));
      if (ct.offer.added === false) warnings.push(notAddedWarning(ct.offer));
      parts.push(
        part({ source: 'offer', id: ct.offer.id, currency: ct.currency, units: ct.units }, valueOf, (value) =>
          [offerName(ct.offer), describeOffer(ct.offer), money(ct.currency, ct.units, value)].filter(Boolean).join(' '),
        ),
      );
    }
  }

  // Steps 5–6: the best card-linked offer and the card earn (see cardSide).
  const side = cardSide(card, charged, plan, credited, input, valueOf, money, memo);
  warnings.push(...side.warnings);
  parts.push(...side.parts);

  const components = parts.map((p) => p.component);
  const total = components.reduce((s, c) => s + c.value_cents, 0);
  const labels = parts.length ? parts.map((p) => p.label).join(' + ') : 'nothing';
  return {
    rank: 0,
    card: card.id,
    portal: plan?.portal.id ?? null,
    payout: plan?.payout ?? null,
    promos: v.promos.applied.map((a) => a.code),
    charged_cents: charged,
    components,
    total_value_cents: total,
    effective_rate: effectiveRate(total, input.amount_cents),
    warnings,
    rate: plan ? plan.rateText : null,
    offer: side.reward?.offer.id ?? null,
    click_through: v.clickThrough?.id ?? null,
    gift_card_cents: gift,
    explanation: `${labels} = ${formatCents(total)}, ${formatRatePercent(total, input.amount_cents)}`,
  };
}

/** The portal reward of a plan on `price` (zero when a promo code voids it), with its warnings. */
function portalReward(plan: PortalPlan, price: Cents, voided: readonly AppliedPromo[], valueOf: ValueOf, money: Money, memo: Memo) {
  // Keyed by the price alone when no promo code voids the reward (the usual case).
  const key = voided.length ? JSON.stringify([price, voided.map((a) => a.code)]) : price;
  let rewards = memo.portal.get(plan);
  if (!rewards) memo.portal.set(plan, (rewards = new Map()));
  const known = rewards.get(key);
  if (known) return known;

  const warnings = [...plan.warnings];
  const cash = voided.length || plan.excluded !== undefined ? 0 : cashBack(plan.rate, price);
  // A miles rate already pays units of the payout currency (miles per dollar), not cents.
  const units = isMilesRate(plan.rate) ? cash : centsToUnits(cash, plan.factor);
  const rateLabel = isMilesRate(plan.rate) ? describeRate(plan.rate, { long: true }) : plan.rateText;
  if (plan.excluded !== undefined) {
    warnings.push(`${plan.portal.name} pays no cash back on ${plan.excluded.replace(/_/g, ' ')} (excluded): counted as $0`);
  } else if (voided.length) {
    const codes = voided.map((a) => a.code).join(', ');
    warnings.push(`promo ${codes} is not listed on ${plan.portal.name} and may void its cash back: counted as $0`);
  }
  const reward = {
    part: part({ source: 'portal', id: plan.portal.id, currency: plan.payout, units }, valueOf, (value) =>
      plan.excluded !== undefined
        ? `${plan.portal.name} ${plan.rateText} excluded ($0.00)`
        : voided.length
        ? `${plan.portal.name} ${plan.rateText} voided ($0.00)`
        : plan.payout === 'USD'
          ? `${plan.portal.name} ${plan.rateText} ${formatCents(value)}`
          : `${plan.portal.name} ${rateLabel} as ${money(plan.payout, units, value)}`,
    ),
    warnings,
  };
  rewards.set(key, reward);
  return reward;
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
function cardSide(
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

function describeOffer(offer: Offer): string {
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
function notAddedWarning(offer: Offer): string {
  return `add ${offer.id} to ${offer.card} before you pay`;
}

function expiryWarning(offer: Offer): string {
  return `offer ${offer.id} expires on ${offer.to}: add it to the card and use it before then`;
}
