/** OrderResolver: what `order add` and each `order import` row name, looked up (cached) for core/order-entry.ts, and saved. */
import type { IsoDate } from '../../core/dates.js';
import type { Cents } from '../../core/money.js';
import { FieldError, resolveOrder, type OrderLookups, type OrderRequest, type ResolvedOrder } from '../../core/order-entry.js';
import { CapTracker } from '../../core/orders.js';
import { counts } from '../../core/order-status.js';
import { categoryChains } from '../../core/caps.js';
import type { Card, EarnRule, GiftCard, Offer, Portal, PortalRate, Promo, Retailer } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import { resolveRetailer } from '../shared.js';

export { FieldError, type OrderRequest, type ResolvedOrder } from '../../core/order-entry.js';

const promoKey = (promo: Pick<Promo, 'retailer' | 'code'>) => `${promo.retailer}\u0000${promo.code}`;

/** The value for `key`, read with `load` the first time only. */
function cached<K, V>(map: Map<K, V>, key: K, load: () => V): V {
  if (!map.has(key)) map.set(key, load());
  return map.get(key) as V;
}

/**
 * Turns order requests into orders (core/order-entry.ts resolveOrder), with everything it reads cached
 * so a bulk import costs a few queries per retailer, not per row. Uses of offers and promos and gift-card
 * balances are tracked as orders are saved, so rows of one import consume them in turn.
 */
export class OrderResolver implements OrderLookups {
  private readonly retailerByText = new Map<string, Retailer>();
  private readonly cardById = new Map<string, Card | null>();
  private readonly portalById = new Map<string, Portal | null>();
  /** Each category's chain (itself, then its ancestors), from the category table read once. */
  private readonly chains: (id: string) => readonly string[];
  private readonly knownCategories: ReadonlySet<string>;
  private readonly ratesByRetailer = new Map<string, PortalRate[]>();
  private readonly offerById = new Map<string, Offer | null>();
  private readonly offerUseCount = new Map<string, number>();
  private readonly promoUseCount = new Map<string, number>();
  private readonly giftCardsByRetailer = new Map<string, GiftCard[]>();
  private allPromos: Promo[] | undefined;
  private readonly caps: CapTracker;

  constructor(
    private readonly store: Store,
    private readonly today: IsoDate,
  ) {
    const categories = store.categories();
    this.chains = categoryChains(categories);
    this.knownCategories = new Set(categories.map((c) => c.id));
    this.caps = new CapTracker((card, rule, periodStart) => store.capSpend(card, rule, periodStart), this.chains);
  }

  chain(category: string): readonly string[] | undefined {
    return this.knownCategories.has(category) ? this.chains(category) : undefined;
  }

  retailer(text: string): Retailer {
    let r = this.retailerByText.get(text);
    if (!r) {
      try {
        r = resolveRetailer(this.store, text);
      } catch (error) {
        if (error instanceof UsageError) throw new FieldError('retailer', error.message.replace(/\.$/, ''), error.hint);
        throw error;
      }
      this.retailerByText.set(text, r);
    }
    return r;
  }

  card(id: string): Card {
    const c = cached(this.cardById, id, () => this.store.card(id) ?? null);
    if (!c) throw new FieldError('card', `unknown card "${id}"`, 'Run "perk cards" to list the catalog.');
    return c;
  }

  portal(id: string): Portal {
    const p = cached(this.portalById, id, () => this.store.portal(id) ?? null);
    if (!p) {
      const ids = this.store.portals().map((x) => x.id);
      throw new FieldError('portal', `unknown portal "${id}"`, `Known portals: ${ids.join(', ') || 'none'}.`);
    }
    return p;
  }

  rates(retailer: string): PortalRate[] {
    return cached(this.ratesByRetailer, retailer, () => this.store.ratesForRetailer(retailer));
  }

  offer(id: string): Offer {
    const o = cached(this.offerById, id, () => this.store.offer(id) ?? null);
    if (!o) throw new FieldError('offer', `unknown offer "${id}"`, 'Run "perk offers" to list them.');
    return o;
  }

  offerUses(id: string): number {
    return cached(this.offerUseCount, id, () => this.store.offerUses(id));
  }

  promos(): Promo[] {
    this.allPromos ??= this.store.promos();
    return this.allPromos;
  }

  promoUses(promo: Promo): number {
    return cached(this.promoUseCount, promoKey(promo), () => this.store.promoUses(promo.retailer, promo.code));
  }

  giftCards(retailer: string): GiftCard[] {
    // Copies: balances are spent here as orders are resolved, before they are saved.
    return cached(this.giftCardsByRetailer, retailer, () => this.store.giftCards(retailer).map((x) => ({ ...x })));
  }

  capLeft(card: Card, date: IsoDate): (rule: EarnRule) => Cents | undefined {
    return this.caps.capLeft(card, date);
  }

  /** Validate a request and compute the order it makes (nothing is written). */
  resolve(req: OrderRequest): ResolvedOrder {
    return resolveOrder(req, this, this.today);
  }

  /** Save a resolved order (inside the caller's transaction) and count what it consumed. */
  save(resolved: ResolvedOrder): number {
    const id = this.store.saveOrder(resolved.order);
    const o = resolved.order;
    if (counts(o)) {
      if (o.offer) this.offerUseCount.set(o.offer, this.offerUses(o.offer) + 1);
      for (const p of resolved.promos) this.promoUseCount.set(promoKey(p.promo), this.promoUses(p.promo) + 1);
      if (resolved.card) this.caps.record(resolved.card, o);
    }
    if (resolved.giftcards.length) {
      this.store.saveOrderGiftCards(id, resolved.giftcards.map((g) => ({ giftcard: g.id, cents: g.used_cents })));
      const stored = this.giftCards(o.retailer);
      for (const g of resolved.giftcards) {
        this.store.setGiftCardBalance(g.id, g.balance_after_cents);
        const card = stored.find((s) => s.id === g.id);
        if (card) card.balance_cents = g.balance_after_cents;
      }
    }
    return id;
  }
}
