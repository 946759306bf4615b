/**
 * `perk order add|list|confirm|set|remove|import`: the order log. The rules (expected cash back, what
 * needs action, promos, offers, gift cards) live in src/core; this module resolves what the user typed
 * into records, writes in one transaction and prints.
 */
import { safeText } from '../ui/safe-text.js';
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { isIsoDate, type IsoDate } from '../core/dates.js';
import { spendGiftCards } from '../core/giftcards.js';
import { formatCents, parseAmountToCents, type Cents } from '../core/money.js';
import { offerReward, offerRejection, type OfferRejection } from '../core/offers.js';
import { CapTracker, isOrderStatus, orderFlags, parseChannel, quoteOrder, type OrderFlag, type OrderQuote } from '../core/orders.js';
import { categoryChains, isTravelCategory, TRAVEL, TRAVEL_PORTAL_RE } from '../core/caps.js';
import { confirmWindow, isOnRequest, orderCashBack, orderPayoutTiming, payoutItems, PAYOUT_HORIZON, type OrderPayoutTiming } from '../core/payouts.js';
import { evaluatePromos, type AppliedPromo } from '../core/promos.js';
import { describeRate, stackChannel } from '../core/rates.js';
import type { Card, Channel, GiftCard, Offer, Order, OrderStatus, Portal, PortalRate, Promo, Retailer } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { balanceFormatter, channelOption, parseAmountArg, parseDateArg, printJson, requireCard, requirePortal, resolveRetailer, withStatus } from './shared.js';

// ---- resolving an order request -------------------------------------------------------------------

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
  giftcards: Array<{ id: string; used_cents: Cents; balance_after_cents: Cents }>;
  offer?: Offer | undefined;
  portal?: Portal | undefined;
  card?: Card | undefined;
}

const MAX_NOTE = 2000;

/** The value for `key`, read with `load` the first time only. */
function cached<K, V>(map: Map<K, V>, key: K, load: () => V): V {
  if (!map.has(key)) map.set(key, load());
  return map.get(key) as V;
}

/**
 * Turns order requests into orders, with everything it reads cached so a bulk import costs a few
 * queries per retailer, not per row. Uses of offers and promos and gift-card balances are tracked as
 * orders are saved, so rows of one import consume them in turn.
 */
export class OrderResolver {
  private readonly retailers = new Map<string, Retailer>();
  private readonly cards = new Map<string, Card | null>();
  private readonly portals = new Map<string, Portal | null>();
  /** Each category's chain (itself, then its ancestors), from the category table read once. */
  private readonly chains: (id: string) => readonly string[];
  private readonly knownCategories: ReadonlySet<string>;
  private readonly rates = new Map<string, PortalRate[]>();
  private readonly offers = new Map<string, Offer | null>();
  private readonly offerUses = new Map<string, number>();
  private readonly promoUses = new Map<string, number>();
  private readonly giftCards = new Map<string, GiftCard[]>();
  private allPromos: Promo[] | undefined;
  readonly caps: CapTracker;

  constructor(
    private readonly store: Store,
    private readonly today: IsoDate,
  ) {
    const categories = store.categories();
    this.chains = categoryChains(categories);
    this.knownCategories = new Set(categories.map((c) => c.id));
    this.caps = new CapTracker((card, rule, periodStart) => store.capSpend(card, rule, periodStart), this.chains);
  }

  /** The category followed by its ancestors; undefined for an unknown category. */
  chainOf(category: string): readonly string[] | undefined {
    return this.knownCategories.has(category) ? this.chains(category) : undefined;
  }

  private retailer(text: string): Retailer {
    let r = this.retailers.get(text);
    if (!r) {
      try {
        r = resolveRetailer(this.store, text);
      } catch (error) {
        if (error instanceof UsageError) throw new FieldError('retailer', error.message.replace(/\.$/, ''), error.hint);
        throw error;
      }
      this.retailers.set(text, r);
    }
    return r;
  }

  private card(id: string): Card {
    const c = cached(this.cards, id, () => this.store.card(id) ?? null);
    if (!c) throw new FieldError('card', `unknown card "${id}"`, 'Run "perk cards" to list the catalog.');
    return c;
  }

  private portal(id: string): Portal {
    const p = cached(this.portals, id, () => this.store.portal(id) ?? null);
    if (!p) {
      const ids = this.store.portals().map((x) => x.id);
      throw new FieldError('portal', `unknown portal "${id}"`, `Known portals: ${ids.join(', ') || 'none'}.`);
    }
    return p;
  }

  private ratesOf(retailer: string): PortalRate[] {
    return cached(this.rates, retailer, () => this.store.ratesForRetailer(retailer));
  }

  private offer(id: string): Offer {
    const o = cached(this.offers, id, () => this.store.offer(id) ?? null);
    if (!o) throw new FieldError('offer', `unknown offer "${id}"`, 'Run "perk offers" to list them.');
    return o;
  }

  private usesOfOffer(id: string): number {
    return cached(this.offerUses, id, () => this.store.offerUses(id));
  }

  private usesOfPromo(promo: Promo): number {
    return cached(this.promoUses, `${promo.retailer}\u0000${promo.code}`, () => this.store.promoUses(promo.retailer, promo.code));
  }

  private giftCardsAt(retailer: string): GiftCard[] {
    // Copies: balances are spent here as orders are resolved, before they are saved.
    return cached(this.giftCards, retailer, () => this.store.giftCards(retailer).map((x) => ({ ...x })));
  }

  /** Validate a request and compute the order it makes (nothing is written). */
  resolve(req: OrderRequest): ResolvedOrder {
    const retailer = this.retailer(req.retailer);
    const amount = parseAmountToCents(req.amount);
    if (amount === null || amount <= 0 || amount > 1e11) {
      throw new FieldError('amount', `expected an amount in dollars such as 120, 120.50 or $1,234.56 (got "${req.amount}")`);
    }
    const date = req.date === undefined || req.date === '' ? this.today : req.date;
    if (!isIsoDate(date)) throw new FieldError('date', `expected a real date written YYYY-MM-DD (got "${date}")`);
    const category = req.category || retailer.category;
    const chain = this.chainOf(category);
    if (!chain) throw new FieldError('category', `unknown category "${category}"`, 'Categories are listed in data/README.md (e.g. dining, travel, airfare).');
    const channel = stackChannel(req.channel, chain);

    let offer: Offer | undefined;
    let cardId = req.card || undefined;
    if (req.offer) {
      offer = this.offer(req.offer);
      // The offer is on one card: it names the card when --card is not given.
      cardId ??= offer.card;
    }
    const card = cardId ? this.card(cardId) : undefined;
    const portal = req.portal ? this.portal(req.portal) : undefined;
    const via = req.via || undefined;
    if (via !== undefined && !TRAVEL_PORTAL_RE.test(via)) {
      throw new FieldError('via', `expected an issuer travel portal such as amex_travel, chase_travel or c1_travel (got "${via}")`);
    }
    // A booking made on an issuer travel portal is not a purchase at the retailer (SPEC 9.4): no shopping
    // portal, card-linked offer or promo code, and only a card that earns through that travel portal.
    if (via !== undefined) {
      if (portal) throw new FieldError('via', `a booking through ${via} is not a purchase at ${retailer.name}, so ${portal.id} cannot credit it`, 'Log it with --via or with --portal, not both.');
      if (offer) throw new FieldError('via', `a booking through ${via} is not a purchase at ${retailer.name}, so offer ${offer.id} does not apply`);
      if ((req.promos ?? []).some((c) => c.trim())) throw new FieldError('via', `promo codes do not apply to a booking through ${via}`);
      if (card && !card.earn.some((r) => r.via === via)) {
        throw new FieldError('via', `${card.id} cannot book through ${via}: none of its earn rules does`, 'Pick a card that books there (perk card <id> shows its rules).');
      }
    }
    if (offer?.click_through && portal) {
      throw new FieldError(
        'offer',
        `${offer.id} is a click-through offer, which competes with ${portal.id} for the same order: only one of them credits it`,
        'Log the order with either the offer or the portal.',
      );
    }

    // Promos: each valid code takes its discount off the original subtotal; an invalid one is an error.
    let price = amount;
    let applied: AppliedPromo[] = [];
    let voids = false;
    const codes = (req.promos ?? []).map((c) => c.trim()).filter(Boolean);
    if (codes.length) {
      this.allPromos ??= this.store.promos();
      const evaluation = evaluatePromos({
        codes,
        retailer: retailer.id,
        subtotal_cents: amount,
        date,
        promos: this.allPromos,
        usesOf: (p) => this.usesOfPromo(p),
      });
      const bad = evaluation.rejected[0];
      if (bad) throw new FieldError('promo', bad.message, 'See "perk promo list".');
      applied = evaluation.applied;
      price = evaluation.price_cents;
      voids = Boolean(portal) && evaluation.voids_portal;
    }

    // Gift cards at this retailer are spent first; the rest is charged to the card.
    let giftcards: ResolvedOrder['giftcards'] = [];
    if (req.giftCard) {
      const stored = this.giftCardsAt(retailer.id);
      const spend = spendGiftCards(stored, price);
      if (spend.used === 0) {
        throw new FieldError('gift_card', `no gift-card balance is stored for ${retailer.name}`, 'Add one with "perk giftcard add".');
      }
      giftcards = spend.perCard;
    }
    const giftCents = giftcards.reduce((s, g) => s + g.used_cents, 0);
    const charged = price - giftCents;

    let statementCredit = 0;
    if (offer) {
      if (!card) throw new FieldError('offer', `${offer.id} needs the card it is on (${offer.card})`);
      const reason = offerRejection(offer, { card: card.id, retailer: retailer.id, date, charged_cents: charged }, this.usesOfOffer(offer.id));
      if (reason) throw new FieldError('offer', offerProblem(offer, reason, card.id, retailer, date, charged, this.usesOfOffer(offer.id)));
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
      portal ? this.ratesOf(retailer.id) : [],
      card ? this.caps.capLeft(card, date) : () => undefined,
    );

    // Travel confirms after the trip (SPEC 9.11): the trip's end, for a travel category only.
    let tripEnd: IsoDate | null = null;
    if (req.tripEnd !== undefined && req.tripEnd !== '') {
      if (!isIsoDate(req.tripEnd)) throw new FieldError('trip_end', `expected a real date written YYYY-MM-DD (got "${req.tripEnd}")`);
      if (!chain.includes(TRAVEL)) {
        throw new FieldError('trip_end', `a trip end is only for travel, and ${category} is not travel or under it`, 'Give --category travel (or airfare, hotel, …) for a booking.');
      }
      if (req.tripEnd < date) throw new FieldError('trip_end', `the trip ends ${req.tripEnd}, before the order date ${date}`);
      tripEnd = req.tripEnd;
    }

    const note = req.note === undefined || req.note === '' ? null : req.note;
    if (note !== null && note.length > MAX_NOTE) throw new FieldError('note', `the note is longer than ${MAX_NOTE} characters`);

    // After the fact (import): a status, confirmation date and what was credited.
    let status: OrderStatus = req.status ?? 'pending';
    let confirmedOn: IsoDate | null = null;
    if (req.confirmedOn) {
      if (!isIsoDate(req.confirmedOn)) throw new FieldError('confirmed_on', `expected a real date written YYYY-MM-DD (got "${req.confirmedOn}")`);
      if (req.confirmedOn < date) throw new FieldError('confirmed_on', `${req.confirmedOn} is before the order date ${date}`);
      if (req.confirmedOn > this.today) throw new FieldError('confirmed_on', `${req.confirmedOn} is after today (${this.today})`);
      if (req.status === 'pending') throw new FieldError('confirmed_on', 'a pending order has no confirmation date');
      confirmedOn = req.confirmedOn;
      if (!req.status) status = 'confirmed';
    }
    let actual: Cents | null = null;
    if (req.cashback !== undefined && req.cashback !== '') {
      actual = parseAmountToCents(req.cashback);
      if (actual === null) throw new FieldError('cashback', `expected an amount in dollars such as 12.34 (got "${req.cashback}")`);
    }

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
      actual_cents: actual,
      status,
      confirmed_on: confirmedOn,
      note,
      trip_end: tripEnd,
    };
    return { order, retailer, quote, promos: applied, giftcards, offer, portal, card };
  }

  /** Save a resolved order (inside the caller's transaction) and count what it consumed. */
  save(resolved: ResolvedOrder): number {
    const id = this.store.saveOrder(resolved.order);
    const o = resolved.order;
    if (o.status !== 'ineligible') {
      if (o.offer) this.offerUses.set(o.offer, this.usesOfOffer(o.offer) + 1);
      for (const p of resolved.promos) {
        const key = `${p.promo.retailer}\u0000${p.promo.code}`;
        this.promoUses.set(key, (this.promoUses.get(key) ?? 0) + 1);
      }
      if (resolved.card) this.caps.record(resolved.card, o);
    }
    if (resolved.giftcards.length) {
      this.store.saveOrderGiftCards(id, resolved.giftcards.map((g) => ({ giftcard: g.id, cents: g.used_cents })));
      const stored = this.giftCardsAt(o.retailer);
      for (const g of resolved.giftcards) {
        this.store.setGiftCardBalance(g.id, g.balance_after_cents);
        const card = stored.find((s) => s.id === g.id);
        if (card) card.balance_cents = g.balance_after_cents;
      }
    }
    return id;
  }
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

// ---- order add ------------------------------------------------------------------------------------

export interface OrderAddOptions {
  retailer: string;
  amount: string;
  date?: string | undefined;
  card?: string | undefined;
  portal?: string | undefined;
  offer?: string | undefined;
  category?: string | undefined;
  promo?: string[] | undefined;
  giftCard?: boolean | undefined;
  online?: boolean | undefined;
  inStore?: boolean | undefined;
  dining?: boolean | undefined;
  via?: string | undefined;
  note?: string | undefined;
  tripEnd?: string | undefined;
}

const FLAG_OF: Record<string, string> = {
  retailer: 'the retailer',
  amount: 'the amount',
  date: '--date',
  card: '--card',
  portal: '--portal',
  offer: '--offer',
  category: '--category',
  promo: '--promo',
  gift_card: '--gift-card',
  via: '--via',
  note: '--note',
  trip_end: '--trip-end',
};

function flagError(error: FieldError): UsageError {
  const what = FLAG_OF[error.field] ?? `--${error.field}`;
  // "unknown card …" reads as a sentence; "amex-macys-25 has …" starts with an id and keeps its case.
  const message = /^[a-z]+\s/.test(error.message) ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : error.message;
  return new UsageError(`${message} (${what}).`, error.hint);
}

export interface OrderAddResult {
  order: Order;
  expected: { rate: string | null; portal_cents: Cents; card_cents: Cents; expected_cents: Cents };
  promos: Array<{ code: string; discount_cents: Cents; portal_safe: boolean }>;
  giftcards: Array<{ id: string; used_cents: Cents; balance_after_cents: Cents }>;
  /** When the portal should confirm it and the payout it is likely in (null without a portal). */
  confirm_by: IsoDate | null;
  payout: IsoDate | null;
  warnings: string[];
}

/** `perk order add … --json`: logs the order and returns what it prints; also the MCP tool `order_add`. */
export function orderAddJson(options: OrderAddOptions, ctx: Ctx): OrderAddResult {
  return addOrder(options, ctx).out;
}

export async function runOrderAdd(options: OrderAddOptions, ctx: Ctx): Promise<OrderAddResult> {
  const { out, resolved, order, timing, portal } = addOrder(options, ctx);
  if (ctx.json) {
    printJson(ctx, out);
    return out;
  }
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const parts = [`${formatCents(order.amount_cents)} at ${safeText(resolved.retailer.name)} on ${order.date}`];
  if (order.card) parts.push(`with ${order.card}`);
  if (order.portal) parts.push(`through ${order.portal}`);
  ctx.out(`Logged order ${c.bold(String(order.id))}: ${parts.join(' ')}.`);
  if (resolved.promos.length) {
    ctx.out(`  promos: ${resolved.promos.map((p) => `${p.code} −${formatCents(p.discount_cents)}`).join(', ')} → price ${formatCents(resolved.quote.price_cents)}`);
  }
  if (order.giftcard_cents) {
    ctx.out(`  gift card: ${formatCents(order.giftcard_cents)} (${resolved.giftcards.map((g) => `${g.id} left ${formatCents(g.balance_after_cents)}`).join(', ')}); charged ${formatCents(order.charged_cents)}`);
  }
  if (order.offer) ctx.out(`  offer: ${order.offer}`);
  if (order.portal) {
    const pieces = [`${formatCents(resolved.quote.portal_cents)}${out.expected.rate ? ` (${out.expected.rate})` : ''}`];
    if (resolved.quote.card_cents) pieces.push(`${formatCents(resolved.quote.card_cents)} ${order.card} earn`);
    const money = balanceFormatter(portal ? [portal] : []);
    pieces[0] = `${money(order.portal, resolved.quote.portal_cents)}${out.expected.rate ? ` (${out.expected.rate})` : ''}`;
    ctx.out(`  expected cash back: ${c.green(money(order.portal, order.expected_cents))}${pieces.length > 1 || resolved.quote.card_cents ? ` = ${pieces.join(' + ')}` : out.expected.rate ? ` (${out.expected.rate})` : ''}`);
    if (timing && portal) {
      const trip = order.trip_end ? ` (counted from the trip's end, ${order.trip_end})` : '';
      ctx.out(c.dim(`  should confirm by ${timing.confirm_by}${trip}; ${payoutSentence(portal, timing)}`));
    }
  }
  for (const w of out.warnings) ctx.err(`${c.yellow('warning:')} ${safeText(w)}`);
  return out;
}

function addOrder(
  options: OrderAddOptions,
  ctx: Ctx,
): { out: OrderAddResult; resolved: ResolvedOrder; order: Order; timing: ReturnType<typeof orderPayoutTiming> | undefined; portal: Portal | undefined } {
  const channel = channelOption(options);
  if (options.date !== undefined) parseDateArg(options.date, 'date');
  if (options.tripEnd !== undefined) parseDateArg(options.tripEnd, 'trip-end');
  if (options.amount !== undefined) parseAmountArg(options.amount, 'The amount');
  const store = ctx.store();
  const resolver = new OrderResolver(store, ctx.today);
  const request: OrderRequest = {
    retailer: options.retailer,
    amount: options.amount,
    date: options.date,
    card: options.card,
    portal: options.portal,
    offer: options.offer,
    category: options.category,
    promos: options.promo ?? [],
    giftCard: options.giftCard,
    channel,
    via: options.via,
    note: options.note,
    tripEnd: options.tripEnd,
  };
  const result = store.write(() => {
    let resolved: ResolvedOrder;
    try {
      resolved = resolver.resolve(request);
    } catch (error) {
      if (error instanceof FieldError) throw flagError(error);
      throw error;
    }
    const id = resolver.save(resolved);
    const order = store.order(id) as Order;
    // The payout that likely pays it, with everything of the portal already in the log (SPEC 9.9);
    // computed inside the transaction: should it fail, the order is not saved either.
    const portal = resolved.portal;
    const isTravel = isTravelCategory(store.categories());
    const timing = portal
      ? orderPayoutTiming(portal, order, payoutItems(portal, store.payoutOrders(portal.id), store.bonuses(portal.id), isTravel), isTravel(order.category), ctx.today)
      : undefined;
    return { resolved, order, timing, portal };
  });
  const { resolved, order, timing, portal } = result;
  const warnings = [...resolved.quote.warnings];
  const out: OrderAddResult = {
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
    warnings,
  };
  return { out, resolved, order, timing, portal };
}

/** When the order is likely paid, or plainly why it is not (a balance below the minimum). */
function payoutSentence(portal: Portal, timing: OrderPayoutTiming): string {
  const onRequest = isOnRequest(portal.payout);
  if (timing.payout) return `likely paid ${timing.payout}${onRequest ? ` (${portal.name} pays on request: ask for it then)` : ''}`;
  if (timing.why === 'confirms_later') return `paid after the next ${PAYOUT_HORIZON} payouts`;
  const minimum = formatCents(portal.payout.minimum_cents);
  return onRequest
    ? `not paid until the ${portal.name} balance reaches ${minimum}`
    : `not paid in the next ${PAYOUT_HORIZON} payouts: not paid until the ${portal.name} balance reaches ${minimum}`;
}

// ---- order list -----------------------------------------------------------------------------------

export interface OrderListOptions {
  status?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  portal?: string | undefined;
  card?: string | undefined;
}

export interface ListedOrder extends Order {
  flags: OrderFlag[];
  /** Whether a portal payout is still to come: false without a portal (nothing to confirm) or when settled. */
  awaiting_payout: boolean;
}

function parseStatus(text: string, flag: string): OrderStatus {
  if (!isOrderStatus(text)) throw new UsageError(`--${flag} must be pending, confirmed or ineligible (got "${text}").`);
  return text;
}

/** Flags of orders, with each portal's confirmation windows looked up once. */
function flagger(store: Store, today: IsoDate): (o: Order) => OrderFlag[] {
  const portals = new Map(store.portals().map((p) => [p.id, p]));
  const isTravel = isTravelCategory(store.categories());
  return (o) => {
    const portal = o.portal ? portals.get(o.portal) : undefined;
    const window = portal ? confirmWindow(portal.confirm_days, o.channel, isTravel(o.category)) : undefined;
    return orderFlags(o, window, today);
  };
}

export async function runOrderList(options: OrderListOptions, ctx: Ctx): Promise<ListedOrder[]> {
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const since = options.since === undefined ? undefined : parseDateArg(options.since, 'since');
  const until = options.until === undefined ? undefined : parseDateArg(options.until, 'until');
  if (since && until && until < since) throw new UsageError(`--until (${until}) is before --since (${since}).`);
  const store = ctx.store();
  if (options.portal !== undefined) requirePortal(store, options.portal);
  if (options.card !== undefined) requireCard(store, options.card);
  const flagsOf = flagger(store, ctx.today);
  // An order without a portal has no payout to wait for: never "pending" (SPEC 6 statuses are the portal's).
  const orders: ListedOrder[] = store
    .orders({ status, since, until, portal: options.portal, card: options.card })
    .filter((o) => status !== 'pending' || o.portal)
    .map((o) => ({ ...o, flags: flagsOf(o), awaiting_payout: Boolean(o.portal) && o.status === 'pending' }));
  if (ctx.json) {
    printJson(ctx, { orders });
    return orders;
  }
  if (!orders.length) {
    ctx.out('No orders match.');
    if (!store.orderCount()) ctx.out('Log one with: perk order add <retailer> <amount> --card <id> --portal <id>');
    return orders;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const money = balanceFormatter(store.portals());
  const rows = orders.map((o) => [
    String(o.id),
    o.date,
    o.retailer,
    formatCents(o.amount_cents),
    o.card ?? '',
    o.portal ?? '',
    o.actual_cents !== null && o.actual_cents !== undefined ? money(o.portal, o.actual_cents) : c.dim(money(o.portal, o.expected_cents)),
    !o.portal && o.status === 'pending'
      ? c.dim('no portal')
      : o.status === 'confirmed'
        ? c.green(`confirmed ${o.confirmed_on ?? ''}`.trim())
        : o.status === 'ineligible'
          ? c.red('ineligible')
          : 'pending',
    o.flags.map((f) => (f.code === 'overdue' ? c.yellow(`! ${f.message}`) : c.red(`! ${f.message}`))).join('; ') || (o.note ? c.dim(safeText(o.note)) : ''),
  ]);
  ctx.out(
    renderTable(['id', 'date', 'retailer', 'amount', 'card', 'portal', 'cash back', 'status', 'action / note'], rows, {
      tty: ctx.tty,
      width: ctx.width,
      align: ['right', 'left', 'left', 'right', 'left', 'left', 'right', 'left', 'left'],
      // Narrow terminals (SPEC 13): the note and the retailer are shortened, then card, portal, date,
      // amount and cash back are left out (perk order list --json or a pipe has them all).
      cut: [8, 2],
      drop: [4, 5, 1, 3, 6],
    }),
  );
  const flagged = orders.filter((o) => o.flags.length).length;
  // A miles portal's balance is miles, not cents: the total is of the cash-back portals only.
  const expected = orders
    .filter((o) => o.status !== 'ineligible' && money(o.portal, 1) === formatCents(1))
    .reduce((s, o) => s + orderCashBack(o), 0);
  ctx.out(
    c.dim(
      `${orders.length.toLocaleString('en-US')} order${orders.length === 1 ? '' : 's'}, ${formatCents(expected)} cash back (credited, else expected)` +
        (flagged ? `; ${flagged} need${flagged === 1 ? 's' : ''} action (marked !)` : ''),
    ),
  );
  return orders;
}

// ---- confirm / set / remove -----------------------------------------------------------------------

function parseOrderId(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`The order id must be a whole number such as 12 (got "${text}").`, 'See "perk order list".');
  }
  return Number(text);
}

function requireOrder(store: Store, id: number): Order {
  const order = store.order(id);
  if (!order) throw new UsageError(`There is no order ${id}.`, 'See "perk order list".');
  return order;
}

export interface OrderSetOptions {
  id: string;
  status?: string | undefined;
  cashback?: string | undefined;
  date?: string | undefined;
}

/** The order after applying a change of status, credited amount or confirmation date. */
function changedOrder(order: Order, options: OrderSetOptions, today: IsoDate): Order {
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const date = options.date === undefined ? undefined : parseDateArg(options.date, 'date');
  const cashback = options.cashback === undefined ? undefined : parseAmountArg(options.cashback, '--cashback', { allowZero: true });
  if (status === undefined && date === undefined && cashback === undefined) {
    throw new UsageError('Nothing to change.', 'Pass --status pending|confirmed|ineligible, --cashback <amount> or --date <YYYY-MM-DD>.');
  }
  if (status === 'pending' && cashback !== undefined) {
    throw new UsageError('--status pending and --cashback cannot go together: a pending order has not been credited yet.', 'Set the credited amount with --status confirmed --cashback <amount>.');
  }
  const next = withStatus(order, 'order', { status, date }, today);
  // Back to pending: nothing has been credited yet, so the credited amount goes too.
  if (status === 'pending') next.actual_cents = null;
  if (cashback !== undefined) next.actual_cents = cashback;
  return next;
}

async function printChanged(ctx: Ctx, after: Order, verb: string): Promise<void> {
  if (ctx.json) {
    printJson(ctx, { order: after });
    return;
  }
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const bits = [`${after.status}${after.status === 'confirmed' && after.confirmed_on ? ` on ${after.confirmed_on}` : ''}`];
  if (after.actual_cents !== null && after.actual_cents !== undefined) bits.push(`credited ${formatCents(after.actual_cents)}`);
  ctx.out(`${verb} order ${c.bold(String(after.id))} (${after.retailer} ${formatCents(after.amount_cents)} on ${after.date}): ${bits.join(', ')}.`);
  if (after.actual_cents !== null && after.actual_cents !== undefined && after.actual_cents < after.expected_cents && after.status === 'confirmed') {
    ctx.err(`${c.yellow('warning:')} credited ${formatCents(after.expected_cents - after.actual_cents)} less than the ${formatCents(after.expected_cents)} expected: ask the portal.`);
  }
}

/** Change one order in a transaction (refused changes write nothing), then say what it is now. */
async function changeOrder(options: OrderSetOptions, ctx: Ctx, verb: string): Promise<Order> {
  const id = parseOrderId(options.id);
  const store = ctx.store();
  const after = store.write(() => {
    const before = requireOrder(store, id);
    if (!before.portal && options.status !== undefined && options.status !== 'ineligible') {
      throw new UsageError(`Order ${id} was not made through a portal: there is no cash back to confirm or wait for.`, 'Only orders with --portal have a payout status.');
    }
    const after = changedOrder(before, options, ctx.today);
    store.saveOrder(after);
    return after;
  });
  await printChanged(ctx, after, verb);
  return after;
}

export function runOrderSet(options: OrderSetOptions, ctx: Ctx): Promise<Order> {
  return changeOrder(options, ctx, 'Updated');
}

export interface OrderConfirmOptions {
  id: string;
  date?: string | undefined;
  cashback?: string | undefined;
}

export function runOrderConfirm(options: OrderConfirmOptions, ctx: Ctx): Promise<Order> {
  return changeOrder({ id: options.id, status: 'confirmed', date: options.date ?? ctx.today, cashback: options.cashback }, ctx, 'Confirmed');
}

export interface OrderRemoveOptions {
  id: string;
}

export async function runOrderRemove(options: OrderRemoveOptions, ctx: Ctx): Promise<Order> {
  const id = parseOrderId(options.id);
  const store = ctx.store();
  const { order, restored } = store.write(() => {
    const order = requireOrder(store, id);
    // Give each gift card what the order took from it. Without a per-card record that agrees with the
    // order (orders from before migration 3, or replaced by a load), its whole gift-card amount goes
    // back to the card it names.
    let uses = store.orderGiftCards(id);
    const agrees = uses[0]?.giftcard === order.giftcard && uses.reduce((s, u) => s + u.cents, 0) === order.giftcard_cents;
    if (!agrees) uses = order.giftcard && order.giftcard_cents > 0 ? [{ giftcard: order.giftcard, cents: order.giftcard_cents }] : [];
    store.removeOrder(id);
    const restored: Array<{ id: string; back_cents: Cents; balance_cents: Cents }> = [];
    for (const use of uses) {
      const card = store.giftCardById(use.giftcard);
      if (!card) continue;
      restored.push({ id: card.id, back_cents: use.cents, balance_cents: card.balance_cents + use.cents });
      store.setGiftCardBalance(card.id, card.balance_cents + use.cents);
    }
    return { order, restored };
  });
  if (ctx.json) {
    // `giftcard`: the first card given back (the shape before orders could draw on several); `giftcards`: all.
    const first = restored[0];
    printJson(ctx, { removed: order, giftcard: first ? { id: first.id, balance_cents: first.balance_cents } : null, giftcards: restored });
    return order;
  }
  ctx.out(`Removed order ${order.id} (${order.retailer} ${formatCents(order.amount_cents)} on ${order.date}).`);
  for (const r of restored) ctx.out(`Gift card ${r.id}: ${formatCents(r.back_cents)} back, balance ${formatCents(r.balance_cents)}.`);
  return order;
}

// ---- order import ---------------------------------------------------------------------------------

/** The columns of `perk order import`: the fields of `order add` (plus status, confirmed_on, cashback). */
export const IMPORT_COLUMNS = [
  'retailer',
  'amount',
  'date',
  'card',
  'portal',
  'offer',
  'category',
  'promo',
  'gift_card',
  'channel',
  'via',
  'note',
  'status',
  'confirmed_on',
  'cashback',
  'trip_end',
] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface OrderImportOptions {
  file: string;
}

export interface OrderImportResult {
  file: string;
  imported: number;
  first_id: number | null;
  last_id: number | null;
  expected_cents: Cents;
  /** Warnings of the rows (at most 100, each naming its line) and how many there were in all. */
  warnings: string[];
  warnings_total: number;
  /** An `order export` CSV (it has ids): how many rows matched an order of that id and replaced it. */
  matched?: number;
}

const MAX_IMPORT_WARNINGS = 100;

function parseBool(cell: string): boolean | undefined {
  const v = cell.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0'].includes(v)) return false;
  return undefined;
}

/** An exported orders CSV, loaded as `perk load --kind orders` does: by id, all or nothing. */
async function importExportedOrders(text: string, file: string, ctx: Ctx): Promise<OrderImportResult> {
  const { readCsv } = await import('../load/read.js');
  const { loadItems } = await import('../load/apply.js');
  const items = readCsv(text, file, 'orders');
  const store = ctx.store();
  const ids = items.map((i) => Number((i.value as { id?: unknown }).id));
  const matched = ids.filter((id) => store.order(id) !== undefined).length;
  loadItems(store, items);
  const orders = ids.map((id) => store.order(id)).filter((o): o is Order => o !== undefined);
  const expected = orders.filter((o) => o.status !== 'ineligible').reduce((s, o) => s + orderCashBack(o), 0);
  const result: OrderImportResult = {
    file,
    imported: items.length,
    first_id: ids.length ? Math.min(...ids) : null,
    last_id: ids.length ? Math.max(...ids) : null,
    expected_cents: expected,
    warnings: [],
    warnings_total: 0,
    matched,
  };
  if (ctx.json) printJson(ctx, result);
  else {
    ctx.out(
      `Imported ${items.length.toLocaleString('en-US')} exported order${items.length === 1 ? '' : 's'} from ${file}: ` +
        `${items.length - matched} added, ${matched} matched by id and updated; ${formatCents(expected)} cash back expected.`,
    );
  }
  return result;
}

/** Read, validate and write every row in one transaction: all or nothing. */
export async function runOrderImport(options: OrderImportOptions, ctx: Ctx): Promise<OrderImportResult> {
  const { LoadError, decodeUtf8, splitCsv } = await import('../load/read.js');
  const file = options.file;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  // The same CSV reader as perk load (its fast path for plain files, csv-parse for the rest).
  const text = decodeUtf8(bytes, file);
  const { records, lines } = splitCsv(text, file);
  const head = records[0];
  if (!head) throw new LoadError(`${file} is empty: expected a header row such as "retailer,amount,date,card,portal".`);
  const header = head.map((h) => h.trim().toLowerCase());
  // The CSV of `perk order export` (= `perk export --kind orders --format csv`) has ids: its orders are
  // matched by id, so importing it again updates them instead of adding copies.
  if (header.includes('id')) return importExportedOrders(text, file, ctx);
  const seen = new Set<string>();
  for (const h of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h)) {
      throw new LoadError(`${file} line 1: unknown column "${h}".`, `Columns: ${IMPORT_COLUMNS.join(', ')} (retailer and amount are required).`);
    }
    if (seen.has(h)) throw new LoadError(`${file} line 1: column "${h}" appears twice.`);
    seen.add(h);
  }
  for (const required of ['retailer', 'amount']) {
    if (!seen.has(required)) throw new LoadError(`${file} line 1: the header has no "${required}" column.`, `Columns: ${IMPORT_COLUMNS.join(', ')}.`);
  }
  const columns = header as ImportColumn[];

  const store = ctx.store();
  const resolver = new OrderResolver(store, ctx.today);
  const total = records.length - 1;
  const bar = !ctx.json && total >= 20_000 && process.stderr.isTTY ? await import('../ui/progress.js') : undefined;
  const progress = bar?.createProgress('Importing', total);
  let result: OrderImportResult;
  try {
    result = store.write(() => {
      let first: number | null = null;
      let last: number | null = null;
      let expected = 0;
      const warnings: string[] = [];
      let warningsTotal = 0;
      for (let r = 1; r < records.length; r++) {
        const record = records[r] as string[];
        const line = lines[r] as number;
        const at = (field: string) => `${file} line ${line}, field "${field}"`;
        if (record.length !== columns.length) {
          throw new LoadError(
            `${file} line ${line} has ${record.length} columns but the header has ${columns.length}.`,
            'Every row needs one value per header column (empty for none).',
          );
        }
        const cell: Partial<Record<ImportColumn, string>> = {};
        columns.forEach((col, i) => {
          cell[col] = (record[i] ?? '').trim();
        });
        const req: OrderRequest = {
          retailer: cell.retailer ?? '',
          amount: cell.amount ?? '',
          date: cell.date || undefined,
          card: cell.card || undefined,
          portal: cell.portal || undefined,
          offer: cell.offer || undefined,
          category: cell.category || undefined,
          promos: (cell.promo ?? '').split('|').map((s) => s.trim()).filter(Boolean),
          via: cell.via || undefined,
          note: cell.note || undefined,
          confirmedOn: cell.confirmed_on || undefined,
          cashback: cell.cashback || undefined,
          tripEnd: cell.trip_end || undefined,
        };
        if (!req.retailer) throw new LoadError(`${at('retailer')}: expected a retailer id, name or alias (the cell is empty).`);
        if (!req.amount) throw new LoadError(`${at('amount')}: expected an amount such as 120.50 (the cell is empty).`);
        if (cell.gift_card) {
          const b = parseBool(cell.gift_card);
          if (b === undefined) throw new LoadError(`${at('gift_card')}: expected true or false (got "${cell.gift_card.slice(0, 40)}").`);
          req.giftCard = b;
        }
        if (cell.channel) {
          const ch = parseChannel(cell.channel);
          if (!ch) throw new LoadError(`${at('channel')}: expected online, in_store or dining (got "${cell.channel.slice(0, 40)}").`);
          req.channel = ch;
        }
        if (cell.status) {
          const s = cell.status.toLowerCase();
          if (!isOrderStatus(s)) throw new LoadError(`${at('status')}: expected pending, confirmed or ineligible (got "${cell.status.slice(0, 40)}").`);
          req.status = s;
        }
        let resolved: ResolvedOrder;
        try {
          resolved = resolver.resolve(req);
        } catch (error) {
          if (error instanceof FieldError) throw new LoadError(`${at(error.field)}: ${error.message}.`, error.hint);
          throw error;
        }
        const id = resolver.save(resolved);
        for (const w of resolved.quote.warnings) {
          if (warnings.length < MAX_IMPORT_WARNINGS) warnings.push(`${file} line ${line}: ${w}`);
          warningsTotal++;
        }
        first ??= id;
        last = id;
        if (resolved.order.status !== 'ineligible') expected += orderCashBack(resolved.order);
        if (progress && r % 2000 === 0) progress.update(r, total);
      }
      return { file, imported: total, first_id: first, last_id: last, expected_cents: expected, warnings, warnings_total: warningsTotal };
    });
  } finally {
    progress?.done();
  }
  if (ctx.json) printJson(ctx, result);
  else {
    ctx.out(
      `Imported ${result.imported.toLocaleString('en-US')} order${result.imported === 1 ? '' : 's'} from ${file}` +
        (result.first_id !== null ? ` (ids ${result.first_id}–${result.last_id}), ${formatCents(result.expected_cents)} cash back expected.` : '.'),
    );
    for (const w of result.warnings.slice(0, 5)) ctx.err(`warning: ${safeText(w)}`);
    if (result.warnings_total > 5) ctx.err(`… and ${(result.warnings_total - 5).toLocaleString('en-US')} more warnings (see --json).`);
  }
  return result;
}
