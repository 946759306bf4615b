/** The wallet, card offers, promo codes, gift cards and config in the Store. */
import type { Card, GiftCard, Offer, Promo } from '../core/types.js';
import { COUNTED_STATUSES } from '../core/order-status.js';
import { COUNTED_SQL, orNull, type Row } from './store-core.js';
import { RateStore } from './store-rates.js';

export class OfferStore extends RateStore {
  // ---- wallet ------------------------------------------------------------------------------------

  walletIds(): string[] {
    return (this.stmt('SELECT card FROM wallet ORDER BY card').all() as Row[]).map((r) => r.card as string);
  }

  walletCards(): Card[] {
    return (this.stmt('SELECT c.* FROM wallet w JOIN cards c ON c.id = w.card ORDER BY c.id').all() as Row[]).map((r) =>
      this.cardFromRow(r),
    );
  }

  /** Add a card; `opened` (SPEC 10.4) starts its welcome-bonus window and replaces an earlier date. */
  addToWallet(card: string, opened?: string): void {
    if (opened === undefined) this.stmt('INSERT OR IGNORE INTO wallet (card) VALUES (?)').run(card);
    else this.stmt('INSERT INTO wallet (card, opened) VALUES (?, ?) ON CONFLICT(card) DO UPDATE SET opened = excluded.opened').run(card, opened);
  }

  removeFromWallet(card: string): boolean {
    return this.stmt('DELETE FROM wallet WHERE card = ?').run(card).changes > 0;
  }

  clearWallet(): void {
    this.stmt('DELETE FROM wallet').run();
  }

  // ---- offers -----------------------------------------------------------------------------------

  upsertOffer(o: Offer): void {
    this.stmt(
      `INSERT INTO offers (id, issuer, card, retailer, kind, min_spend_cents, credit_cents, percent, max_credit_cents, points,
         points_per_dollar, max_points, max_uses, from_date, to_date, click_through, added)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET issuer = excluded.issuer, card = excluded.card, retailer = excluded.retailer,
         kind = excluded.kind, min_spend_cents = excluded.min_spend_cents, credit_cents = excluded.credit_cents,
         percent = excluded.percent, max_credit_cents = excluded.max_credit_cents, points = excluded.points,
         points_per_dollar = excluded.points_per_dollar, max_points = excluded.max_points, max_uses = excluded.max_uses,
         from_date = excluded.from_date, to_date = excluded.to_date, click_through = excluded.click_through,
         added = excluded.added`,
    ).run(
      o.id,
      o.issuer,
      o.card,
      o.retailer,
      o.kind,
      orNull(o.min_spend_cents),
      orNull(o.credit_cents),
      orNull(o.percent),
      orNull(o.max_credit_cents),
      orNull(o.points),
      orNull(o.points_per_dollar),
      orNull(o.max_points),
      o.max_uses ?? 1,
      orNull(o.from),
      orNull(o.to),
      o.click_through ? 1 : 0,
      o.added === false ? 0 : 1,
    );
  }

  private offerFromRow(r: Row): Offer {
    const o: Offer = {
      id: r.id as string,
      issuer: r.issuer as string,
      card: r.card as string,
      retailer: r.retailer as string,
      kind: r.kind as Offer['kind'],
      max_uses: r.max_uses as number,
      click_through: r.click_through === 1,
    };
    // Written only when false, so files and exports from before SPEC 9.6 read the same.
    if (r.added === 0) o.added = false;
    for (const k of ['min_spend_cents', 'credit_cents', 'percent', 'max_credit_cents', 'points', 'points_per_dollar', 'max_points'] as const) {
      if (r[k] !== null) o[k] = r[k] as number;
    }
    if (r.from_date !== null) o.from = r.from_date as string;
    if (r.to_date !== null) o.to = r.to_date as string;
    return o;
  }

  offersForRetailer(retailer: string): Offer[] {
    return (this.stmt('SELECT * FROM offers WHERE retailer = ? ORDER BY id').all(retailer) as Row[]).map((r) => this.offerFromRow(r));
  }

  offer(id: string): Offer | undefined {
    const r = this.stmt('SELECT * FROM offers WHERE id = ?').get(id) as Row | undefined;
    return r ? this.offerFromRow(r) : undefined;
  }

  offers(): Offer[] {
    return (this.stmt('SELECT * FROM offers ORDER BY id').all() as Row[]).map((r) => this.offerFromRow(r));
  }

  /** Orders that used `offer` and count (consumed uses; core/order-status.ts). */
  offerUses(offer: string): number {
    return (this.stmt(`SELECT count(*) AS n FROM orders WHERE offer = ? AND status IN (${COUNTED_SQL})`).get(offer, ...COUNTED_STATUSES) as { n: number }).n;
  }

  // ---- promos -----------------------------------------------------------------------------------

  upsertPromo(p: Promo): void {
    this.stmt(
      `INSERT INTO promos (code, retailer, kind, amount_cents, percent, min_purchase_cents, from_date, to_date, max_uses, portal_safe)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(retailer, code) DO UPDATE SET kind = excluded.kind, amount_cents = excluded.amount_cents,
         percent = excluded.percent, min_purchase_cents = excluded.min_purchase_cents, from_date = excluded.from_date,
         to_date = excluded.to_date, max_uses = excluded.max_uses, portal_safe = excluded.portal_safe`,
    ).run(
      p.code,
      p.retailer,
      p.kind,
      orNull(p.amount_cents),
      orNull(p.percent),
      orNull(p.min_purchase_cents),
      orNull(p.from),
      orNull(p.to),
      p.max_uses ?? 1,
      p.portal_safe ? 1 : 0,
    );
  }

  private promoFromRow(r: Row): Promo {
    const p: Promo = {
      code: r.code as string,
      retailer: r.retailer as string,
      kind: r.kind as Promo['kind'],
      max_uses: r.max_uses as number,
      portal_safe: r.portal_safe === 1,
    };
    if (r.amount_cents !== null) p.amount_cents = r.amount_cents as number;
    if (r.percent !== null) p.percent = r.percent as number;
    if (r.min_purchase_cents !== null) p.min_purchase_cents = r.min_purchase_cents as number;
    if (r.from_date !== null) p.from = r.from_date as string;
    if (r.to_date !== null) p.to = r.to_date as string;
    return p;
  }

  promosForRetailer(retailer: string): Promo[] {
    return (this.stmt('SELECT * FROM promos WHERE retailer = ? ORDER BY code').all(retailer) as Row[]).map((r) => this.promoFromRow(r));
  }

  promos(): Promo[] {
    return (this.stmt('SELECT * FROM promos ORDER BY retailer, code').all() as Row[]).map((r) => this.promoFromRow(r));
  }

  /** Orders at `retailer` that used promo `code` and count (core/order-status.ts). */
  promoUses(retailer: string, code: string): number {
    return (
      this.stmt(
        `SELECT count(*) AS n FROM orders o, json_each(o.promos) p WHERE o.retailer = ? AND p.value = ? AND o.status IN (${COUNTED_SQL})`,
      ).get(retailer, code, ...COUNTED_STATUSES) as { n: number }
    ).n;
  }

  // ---- gift cards -------------------------------------------------------------------------------

  upsertGiftCard(g: GiftCard): void {
    this.stmt(
      `INSERT INTO giftcards (id, retailer, balance_cents, last4, code_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET retailer = excluded.retailer, balance_cents = excluded.balance_cents,
         last4 = excluded.last4, code_hash = excluded.code_hash`,
    ).run(g.id, g.retailer, g.balance_cents, g.last4, g.code_hash);
  }

  giftCards(retailer?: string): GiftCard[] {
    const rows = retailer
      ? (this.stmt('SELECT * FROM giftcards WHERE retailer = ? ORDER BY id').all(retailer) as Row[])
      : (this.stmt('SELECT * FROM giftcards ORDER BY retailer, id').all() as Row[]);
    return rows as unknown as GiftCard[];
  }

  giftCardByHash(hash: string): GiftCard | undefined {
    return this.stmt('SELECT * FROM giftcards WHERE code_hash = ?').get(hash) as GiftCard | undefined;
  }

  /** Delete a gift card; returns how many orders were paid with it (they keep their record). */
  removeGiftCard(id: string): number {
    this.stmt('DELETE FROM giftcards WHERE id = ?').run(id);
    const row = this.stmt(
      'SELECT COUNT(*) AS n FROM orders WHERE giftcard = ? OR id IN (SELECT order_id FROM order_giftcards WHERE giftcard = ?)',
    ).get(id, id) as { n: number };
    return row.n;
  }

  setGiftCardBalance(id: string, balance: number): void {
    this.stmt('UPDATE giftcards SET balance_cents = ? WHERE id = ?').run(balance, id);
  }

  // ---- config -----------------------------------------------------------------------------------

  config(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.stmt('SELECT key, value FROM config ORDER BY key').all() as Row[]) out[r.key as string] = r.value as string;
    return out;
  }

  configGet(key: string): string | undefined {
    return (this.stmt('SELECT value FROM config WHERE key = ?').get(key) as Row | undefined)?.value as string | undefined;
  }

  configSet(key: string, value: string): void {
    this.stmt('INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  configUnset(key: string): boolean {
    return this.stmt('DELETE FROM config WHERE key = ?').run(key).changes > 0;
  }
}
