/**
 * A new order from what was typed (`perk order add`, each `perk order import` row): the rules that say
 * whether it can be logged as asked and what it is (SPEC sections 6, 8, 9.4, 9.6, 9.11). What it names
 * (retailer, card, portal, offer, rates, promos, gift cards, uses, caps) is looked up through
 * `OrderLookups`, which the command implements on the store; nothing here reads or writes the database.
 */
import { LIMITS } from './limits.js';
import { TRAVEL, TRAVEL_PORTAL_RE } from './caps.js';
import { isIsoDate, type IsoDate } from './dates.js';
import { splitPayment, spendGiftCards, type GiftCardSpend } from './giftcards.js';
import { formatCents, parseAmountToCents, type Cents } from './money.js';
import { offerReward, offerRejection, type OfferRejection } from './offers.js';
import { importedStatus, quoteOrder, type OrderQuote } from './orders.js';
import { evaluatePromos, type AppliedPromo } from './promos.js';
import type { OrderPayoutTiming } from './payouts.js';
import { describeRate, stackChannel } from './rates.js';
import type { Card, Channel, EarnRule, GiftCard, Offer, Order, OrderStatus, Portal, PortalRate, Promo, Retailer } from './types.js';

/** The longest note an order or bonus keeps. */
export const MAX_NOTE = LIMITS.note;

/** What `order add` and each `order import` row ask for, as typed. */
export interface OrderRequest {
  retailer: string;
  amount: string;
  date?: string | undefined;
  card?: string | undefined;
  portal?: string | undefined;
  offer?: string | undefined;
  category?: string | undefined;
  promos?: readonly string[] | undefined;
  giftCard?: boolean | undefined;
  channel?: Channel | undefined;
  via?: string | undefined;
  note?: string | undefined;
  /** Import only: a status, confirmation date and credited amount for orders logged after the fact. */
  status?: OrderStatus | undefined;
  confirmedOn?: string | undefined;
  cashback?: string | undefined;
  /** Travel only: the last day of the trip (the portal's confirmation window counts from it). */
  tripEnd?: string | undefined;
}

/** A problem with one field of a request; the caller names the flag, or the file, line and column. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export interface ResolvedOrder {
  order: Omit<Order, 'id'>;
  retailer: Retailer;
  quote: OrderQuote;
  promos: AppliedPromo[];
  giftcards: GiftCardSpend[];
  offer?: Offer | undefined;
  portal?: Portal | undefined;
  card?: Card | undefined;
}

/** What an order names, looked up by the caller; an unknown id throws a FieldError naming its field. */
export interface OrderLookups {
  retailer(text: string): Retailer;
  card(id: string): Card;
  portal(id: string): Portal;
  offer(id: string): Offer;
  /** The category followed by its ancestors; undefined for an unknown category. */
  chain(category: string): readonly string[] | undefined;
  /** The retailer's portal rates (any portal, channel, date). */
  rates(retailer: string): readonly PortalRate[];
  /** Uses of the offer by orders that count (not ineligible). */
  offerUses(id: string): number;
  promos(): readonly Promo[];
  promoUses(promo: Promo): number;
  /** The gift cards stored for the retailer, with their balances now. */
  giftCards(retailer: string): readonly GiftCard[];
  /** `capLeft` for `card` on `date`, as quoteOrder wants it. */
  capLeft(card: Card, date: IsoDate): (rule: EarnRule) => Cents | undefined;
}

const realDate = (text: string) => `expected a real date written YYYY-MM-DD (got "${text}")`;

/**
 * A booking made on an issuer travel portal is not a purchase at the retailer (SPEC 9.4): no shopping
 * portal, card-linked offer or promo code, and only a card that earns through that travel portal.
 */
function checkVia(via: string, retailer: Retailer, portal: Portal | undefined, offer: Offer | undefined, codes: readonly string[], card: Card | undefined): void {
  if (!TRAVEL_PORTAL_RE.test(via)) {
    throw new FieldError('via', `expected an issuer travel portal such as amex_travel, chase_travel or c1_travel (got "${via}")`);
  }
  if (portal) throw new FieldError('via', `a booking through ${via} is not a purchase at ${retailer.name}, so ${portal.id} cannot credit it`, 'Log it with --via or with --portal, not both.');
  if (offer) throw new FieldError('via', `a booking through ${via} is not a purchase at ${retailer.name}, so offer ${offer.id} does not apply`);
  if (codes.length) throw new FieldError('via', `promo codes do not apply to a booking through ${via}`);
  if (card && !card.earn.some((r) => r.via === via)) {
    throw new FieldError('via', `${card.id} cannot book through ${via}: none of its earn rules does`, 'Pick a card that books there (perk card <id> shows its rules).');
  }
}

/** A click-through offer and a portal compete for the same order: only one of them credits it. */
export function clickThroughConflict(offer: Pick<Offer, 'click_through'> | undefined, portal: unknown): boolean {
  return Boolean(offer?.click_through) && Boolean(portal);
}

/** Travel confirms after the trip (SPEC 9.11): the trip's end, for a travel category only, not before the order. */
function tripEndOf(text: string | undefined, date: IsoDate, category: string, chain: readonly string[]): IsoDate | null {
  if (text === undefined || text === '') return null;
  if (!isIsoDate(text)) throw new FieldError('trip_end', realDate(text));
  if (!chain.includes(TRAVEL)) {
    throw new FieldError('trip_end', `a trip end is only for travel, and ${category} is not travel or under it`, 'Give --category travel (or airfare, hotel, …) for a booking.');
  }
  if (text < date) throw new FieldError('trip_end', `the trip ends ${text}, before the order date ${date}`);
  return text;
}

/** After the fact (import): the status and confirmation date (core/orders.ts importedStatus) and what was credited. */
function settlement(req: OrderRequest, date: IsoDate, today: IsoDate): Pick<Order, 'status' | 'confirmed_on' | 'actual_cents'> {
  const confirmedOn = req.confirmedOn || undefined;
  if (confirmedOn !== undefined && !isIsoDate(confirmedOn)) throw new FieldError('confirmed_on', realDate(confirmedOn));
  const status = importedStatus(date, { status: req.status, confirmed_on: confirmedOn }, today);
  if ('problem' in status) {
    const problem = {
      date_while_pending: 'a pending order has no confirmation date',
      before_date: `${status.date} is before the order date ${date}`,
      after_today: `${status.date} is after today (${today})`,
    }[status.problem];
    throw new FieldError('confirmed_on', problem);
  }
  let actual: Cents | null = null;
  if (req.cashback !== undefined && req.cashback !== '') {
    actual = parseAmountToCents(req.cashback);
    if (actual === null) throw new FieldError('cashback', `expected an amount in dollars such as 12.34 (got "${req.cashback}")`);
  }
  return { ...status, actual_cents: actual };
}

/** Validate a request and compute the order it makes (nothing is written; the first problem is thrown). */
export function resolveOrder(req: OrderRequest, lookups: OrderLookups, today: IsoDate): ResolvedOrder {
  const retailer = lookups.retailer(req.retailer);
  const amount = parseAmountToCents(req.amount);
  if (amount === null || amount <= 0 || amount > LIMITS.cents) {
    throw new FieldError('amount', `expected an amount in dollars such as 120, 120.50 or $1,234.56 (got "${req.amount}")`);
  }
  const date = req.date === undefined || req.date === '' ? today : req.date;
  if (!isIsoDate(date)) throw new FieldError('date', realDate(date));
  const category = req.category || retailer.category;
  const chain = lookups.chain(category);
  if (!chain) throw new FieldError('category', `unknown category "${category}"`, 'Categories are listed in data/README.md (e.g. dining, travel, airfare).');
  const channel = stackChannel(req.channel, chain);

  // The offer is on one card: it names the card when --card is not given.
  const offer = req.offer ? lookups.offer(req.offer) : undefined;
  const cardId = req.card || offer?.card;
  const card = cardId ? lookups.card(cardId) : undefined;
  const portal = req.portal ? lookups.portal(req.portal) : undefined;
  const via = req.via || undefined;
  const codes = (req.promos ?? []).map((c) => c.trim()).filter(Boolean);
  if (via !== undefined) checkVia(via, retailer, portal, offer, codes, card);
  if (offer && clickThroughConflict(offer, portal)) {
    throw new FieldError(
      'offer',
      `${offer.id} is a click-through offer, which competes with ${portal?.id} for the same order: only one of them credits it`,
      'Log the order with either the offer or the portal.',
    );
  }

  // Promos: each valid code takes its discount off the original subtotal; an invalid one is an error.
  let price = amount;
  let applied: AppliedPromo[] = [];
  let voids = false;
  if (codes.length) {
    const evaluation = evaluatePromos({ codes, retailer: retailer.id, subtotal_cents: amount, date, promos: lookups.promos(), usesOf: (p) => lookups.promoUses(p) });
    const bad = evaluation.rejected[0];
    if (bad) throw new FieldError('promo', bad.message, 'See "perk promo list".');
    applied = evaluation.applied;
    price = evaluation.price_cents;
    voids = Boolean(portal) && evaluation.voids_portal;
  }

  // Gift cards at this retailer are spent first; the rest is charged to the card.
  let giftcards: GiftCardSpend[] = [];
  if (req.giftCard) {
    const spend = spendGiftCards(lookups.giftCards(retailer.id), price);
    if (spend.used === 0) throw new FieldError('gift_card', `no gift-card balance is stored for ${retailer.name}`, 'Add one with "perk giftcard add".');
    giftcards = spend.perCard;
  }
  const { gift_cents: giftCents, charged_cents: charged } = splitPayment(price, giftcards.reduce((s, g) => s + g.used_cents, 0));

  let statementCredit = 0;
  if (offer) {
    if (!card) throw new FieldError('offer', `${offer.id} needs the card it is on (${offer.card})`);
    const used = lookups.offerUses(offer.id);
    const reason = offerRejection(offer, { card: card.id, retailer: retailer.id, date, charged_cents: charged }, used);
    if (reason) throw new FieldError('offer', offerProblem(offer, reason, card.id, retailer, date, charged, used));
    statementCredit = offerReward(offer, charged, card.currency).statement_credit_cents;
  }

  const quote = quoteOrder(
    {
      date,
      amount_cents: amount,
      price_cents: price,
      giftcard_cents: giftCents,
      promo_voids_portal: voids,
      voiding_codes: applied.filter((a) => !a.portal_safe).map((a) => a.code),
      channel,
      chain,
      retailer_name: retailer.name,
      portal: portal?.id,
      portal_excludes: portal?.excludes,
      via,
      card,
      statement_credit_cents: statementCredit,
    },
    portal ? lookups.rates(retailer.id) : [],
    card ? lookups.capLeft(card, date) : () => undefined,
  );

  const tripEnd = tripEndOf(req.tripEnd, date, category, chain);
  const note = req.note === undefined || req.note === '' ? null : req.note;
  if (note !== null && note.length > MAX_NOTE) throw new FieldError('note', `the note is longer than ${MAX_NOTE} characters`);
  const { status, confirmed_on, actual_cents } = settlement(req, date, today);

  const order: Omit<Order, 'id'> = {
    date,
    retailer: retailer.id,
    amount_cents: amount,
    category,
    card: card?.id ?? null,
    portal: portal?.id ?? null,
    channel,
    via: via ?? null,
    offer: offer?.id ?? null,
    promos: applied.map((a) => a.code),
    giftcard: giftcards[0]?.id ?? null,
    giftcard_cents: giftCents,
    charged_cents: charged,
    expected_cents: quote.expected_cents,
    // The portal credits it when its own cash back is above 0 (SPEC 9.7): what a `via` portal card rule needs.
    portal_credited: quote.portal_cents > 0,
    actual_cents,
    status,
    confirmed_on,
    note,
    trip_end: tripEnd,
  };
  return { order, retailer, quote, promos: applied, giftcards, offer, portal, card };
}

/** What `perk order add --json` prints (also the MCP tool `order_add`). */
export interface OrderAddResult {
  order: Order;
  expected: { rate: string | null; portal_cents: Cents; card_cents: Cents; expected_cents: Cents };
  promos: Array<{ code: string; discount_cents: Cents; portal_safe: boolean }>;
  giftcards: GiftCardSpend[];
  /** When the portal should confirm it and the payout it is likely in (null without a portal). */
  confirm_by: IsoDate | null;
  payout: IsoDate | null;
  warnings: string[];
}

/** The result of logging `resolved` as `order`, with its payout timing (SPEC 9.9) when it has a portal. */
export function orderAdded(resolved: ResolvedOrder, order: Order, timing: OrderPayoutTiming | undefined): OrderAddResult {
  return {
    order,
    expected: {
      rate: resolved.quote.rate ? describeRate(resolved.quote.rate) : null,
      portal_cents: resolved.quote.portal_cents,
      card_cents: resolved.quote.card_cents,
      expected_cents: resolved.quote.expected_cents,
    },
    promos: resolved.promos.map((p) => ({ code: p.code, discount_cents: p.discount_cents, portal_safe: p.portal_safe })),
    giftcards: resolved.giftcards,
    confirm_by: timing?.confirm_by ?? null,
    payout: timing?.payout ?? null,
    warnings: [...resolved.quote.warnings],
  };
}

function offerProblem(offer: Offer, reason: OfferRejection, card: string, retailer: Retailer, date: IsoDate, charged: Cents, used: number): string {
  switch (reason) {
    case 'other_card':
      return `${offer.id} is on ${offer.card}, not ${card}`;
    case 'other_retailer':
      return `${offer.id} is an offer for ${offer.retailer}, not ${retailer.id}`;
    case 'not_started':
      return `${offer.id} starts on ${offer.from ?? '?'} (the order is dated ${date})`;
    case 'expired':
      return `${offer.id} ended on ${offer.to ?? '?'} (the order is dated ${date})`;
    case 'used_up':
      return `${offer.id} has no uses left (${used} of ${offer.max_uses ?? 1} used)`;
    case 'below_minimum':
      return `${offer.id} needs ${formatCents(offer.min_spend_cents ?? 0)} charged to the card (this order charges ${formatCents(charged)})`;
  }
}
