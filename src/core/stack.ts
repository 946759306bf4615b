/**
 * The stack (SPEC section 5): every way to pay for one purchase — card × {no portal, each portal with a
 * valid rate, each click-through offer} — with its promo discounts, portal reward, card-linked offer and
 * card earn, each valued by its redemption path, ranked by total value. Pure: the shell reads the
 * database and passes everything in, including `date`.
 */
import { splitPayment } from './giftcards.js';
import { effectiveRate, formatCents, formatRatePercent, formatUnits, type Cents, type Units } from './money.js';
import { applicableOffers, offerExpiresWithin } from './offers.js';
import { evaluatePromos, type AppliedPromo, type PromoEvaluation } from './promos.js';
import { cardSide, describeOffer, expiryWarning, notAddedWarning, offerName, OFFER_EXPIRY_WARNING_DAYS, type Memo } from './stack-card.js';
import { cardsBookingVia, otherChannelNotes } from './stack-channels.js';
import { portalPlans, portalReward, type PortalPlan } from './stack-portal.js';
import { sortOptions } from './stack-sort.js';
import { part, type Money, type Part, type StackInput, type StackOption, type StackResult, type ValueOf } from './stack-types.js';
import type { Card, Currency, Offer } from './types.js';
import { pathValueCents, resolvePath, skippedPathNote, USD, type PathResolution } from './valuation.js';

export { OFFER_EXPIRY_WARNING_DAYS } from './stack-card.js';
export { cardsBookingVia, otherChannelNotes } from './stack-channels.js';
export type { ComponentSource, StackComponent, StackInput, StackOption, StackResult } from './stack-types.js';

interface Variant {
  plan: PortalPlan | undefined;
  clickThrough: Offer | undefined;
  promos: PromoEvaluation;
  /** The portal's cash back is voided by a code that is not portal-safe. */
  voided: AppliedPromo[];
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

  const plans = portalPlans(input, notes);
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
        const charged = splitPayment(safePromos.price_cents, input.giftCardBalanceCents).charged_cents;
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


/** One option, ranked 0 until the options are sorted. */
function buildOption(card: Card, v: Variant, input: StackInput, valueOf: ValueOf, money: Money, memo: Memo): StackOption {
  const price = v.promos.price_cents;
  const { gift_cents: gift, charged_cents: charged } = splitPayment(price, input.giftCardBalanceCents);
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
