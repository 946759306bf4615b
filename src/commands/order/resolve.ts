/** OrderResolver: what `order add` and each `order import` row typed, validated and priced into an order (written on save). */
import { isIsoDate, type IsoDate } from '../../core/dates.js';
import { spendGiftCards } from '../../core/giftcards.js';
import { formatCents, parseAmountToCents, type Cents } from '../../core/money.js';
import { offerReward, offerRejection, type OfferRejection } from '../../core/offers.js';
import { CapTracker, quoteOrder, type OrderQuote } from '../../core/orders.js';
import { categoryChains, TRAVEL, TRAVEL_PORTAL_RE } from '../../core/caps.js';
import { evaluatePromos, type AppliedPromo } from '../../core/promos.js';
import { stackChannel } from '../../core/rates.js';
import type { Card, Channel, GiftCard, Offer, Order, OrderStatus, Portal, PortalRate, Promo, Retailer } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import { resolveRetailer } from '../shared.js';

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
