/**
 * The repository layer: typed reads and writes over the schema. Statements are prepared once per
 * store; every write path runs inside `store.write(fn)` (one immediate transaction).
 */
import type { Cents } from '../core/money.js';
import { COUNTED_STATUSES } from '../core/order-status.js';
import type { PayoutOrder } from '../core/payouts.js';
import type { Bonus, Channel, GiftCard, Order, OrderStatus, Watch } from '../core/types.js';
import { COUNTED_SQL, type Row } from './store-core.js';
import { OfferStore } from './store-offers.js';

/**
 * The Store: orders, portal bonuses, watches and cap use, over the layers it extends: store-offers.ts
 * (wallet, offers, promos, gift cards, config), store-rates.ts, store-catalog.ts and store-core.ts (the
 * connection, the prepared statements and the write transaction).
 */
export class Store extends OfferStore {
  // ---- orders -----------------------------------------------------------------------------------

  private orderFromRow(r: Row): Order {
    return {
      id: r.id as number,
      date: r.date as string,
      retailer: r.retailer as string,
      amount_cents: r.amount_cents as number,
      category: r.category as string,
      card: r.card as string | null,
      portal: r.portal as string | null,
      channel: r.channel as Channel,
      via: r.via as string | null,
      offer: r.offer as string | null,
      promos: JSON.parse(r.promos as string) as string[],
      giftcard: r.giftcard as string | null,
      giftcard_cents: r.giftcard_cents as number,
      charged_cents: r.charged_cents as number,
      expected_cents: r.expected_cents as number,
      actual_cents: r.actual_cents as number | null,
      status: r.status as OrderStatus,
      confirmed_on: r.confirmed_on as string | null,
      note: r.note as string | null,
      trip_end: r.trip_end as string | null,
      portal_credited: r.portal_credited === 1,
    };
  }

  /** Insert (id omitted or 0) or replace an order by id; returns its id (no `portal_credited`: credited when it expects cash back). */
  saveOrder(o: Omit<Order, 'id'> & { id?: number | undefined }): number {
    return this.atomically(() => {
      // Its cap totals: the order as it was out, as it is in (cap-totals.ts).
      const before = o.id ? this.caps.storedOrder(o.id) : undefined;
      const id = this.writeOrder(o);
      if (before) this.caps.order(before, -1);
      this.caps.order(
        {
          card: o.card ?? null,
          date: o.date,
          category: o.category,
          portal: o.portal ?? null,
          via: o.via ?? null,
          charged_cents: o.charged_cents,
          status: o.status,
          portal_credited: o.portal_credited ?? o.expected_cents > 0,
          expected_cents: o.expected_cents,
          actual_cents: o.actual_cents ?? null,
        },
        1,
      );
      return id;
    });
  }

  private writeOrder(o: Omit<Order, 'id'> & { id?: number | undefined }): number {
    const info = this.stmt(
      `INSERT INTO orders (id, date, retailer, amount_cents, category, card, portal, channel, via, offer, promos, giftcard,
         giftcard_cents, charged_cents, expected_cents, actual_cents, status, confirmed_on, note, trip_end, portal_credited)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET date = excluded.date, retailer = excluded.retailer, amount_cents = excluded.amount_cents,
         category = excluded.category, card = excluded.card, portal = excluded.portal, channel = excluded.channel,
         via = excluded.via, offer = excluded.offer, promos = excluded.promos, giftcard = excluded.giftcard,
         giftcard_cents = excluded.giftcard_cents, charged_cents = excluded.charged_cents,
         expected_cents = excluded.expected_cents, actual_cents = excluded.actual_cents, status = excluded.status,
         confirmed_on = excluded.confirmed_on, note = excluded.note, trip_end = excluded.trip_end,
         portal_credited = excluded.portal_credited`,
    ).run(
      o.id ? o.id : null,
      o.date,
      o.retailer,
      o.amount_cents,
      o.category,
      o.card ?? null,
      o.portal ?? null,
      o.channel,
      o.via ?? null,
      o.offer ?? null,
      JSON.stringify(o.promos),
      o.giftcard ?? null,
      o.giftcard_cents,
      o.charged_cents,
      o.expected_cents,
      o.actual_cents ?? null,
      o.status,
      o.confirmed_on ?? null,
      o.note ?? null,
      o.trip_end ?? null,
      (o.portal_credited ?? o.expected_cents > 0) ? 1 : 0,
    );
    return o.id ? o.id : Number(info.lastInsertRowid);
  }

  order(id: number): Order | undefined {
    const r = this.stmt('SELECT * FROM orders WHERE id = ?').get(id) as Row | undefined;
    return r ? this.orderFromRow(r) : undefined;
  }

  /** Remove an order and its gift-card spend records. */
  removeOrder(id: number): boolean {
    return this.atomically(() => {
      const before = this.caps.storedOrder(id);
      this.stmt('DELETE FROM order_giftcards WHERE order_id = ?').run(id);
      const removed = this.stmt('DELETE FROM orders WHERE id = ?').run(id).changes > 0;
      if (before) this.caps.order(before, -1);
      return removed;
    });
  }

  /** What an order took from each gift card, in spending order (none for orders before migration 3). */
  orderGiftCards(orderId: number): Array<{ giftcard: string; cents: Cents }> {
    return this.stmt('SELECT giftcard, cents FROM order_giftcards WHERE order_id = ? ORDER BY rowid').all(orderId) as Array<{
      giftcard: string;
      cents: Cents;
    }>;
  }

  /** Record what an order took from each gift card (replacing any earlier record of that order). */
  saveOrderGiftCards(orderId: number, uses: ReadonlyArray<{ giftcard: string; cents: Cents }>): void {
    this.stmt('DELETE FROM order_giftcards WHERE order_id = ?').run(orderId);
    const insert = this.stmt('INSERT INTO order_giftcards (order_id, giftcard, cents) VALUES (?, ?, ?)');
    for (const u of uses) if (u.cents > 0) insert.run(orderId, u.giftcard, u.cents);
  }

  orders(filter: { status?: OrderStatus; since?: string; until?: string; portal?: string; card?: string } = {}): Order[] {
    const conditions: [string, unknown][] = [
      ['status = ?', filter.status],
      ['date >= ?', filter.since],
      ['date <= ?', filter.until],
      ['portal = ?', filter.portal],
      ['card = ?', filter.card],
    ];
    const given = conditions.filter(([, value]) => value);
    const where = given.map(([condition]) => condition);
    const args = given.map(([, value]) => value);
    const sql = `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY date, id`;
    return (this.stmt(sql).all(...args) as Row[]).map((r) => this.orderFromRow(r));
  }

  /**
   * What a payout plan needs of a portal's orders (those that count: core/order-status.ts), one light row
   * each — no promos to parse — so `order add` and `perk payout` stay quick on a long log.
   */
  payoutOrders(portal: string): PayoutOrder[] {
    return this.stmt(
      `SELECT id, date, portal, channel, category, status, confirmed_on, trip_end, expected_cents, actual_cents
       FROM orders WHERE portal = ? AND status IN (${COUNTED_SQL}) ORDER BY date, id`,
    ).all(portal, ...COUNTED_STATUSES) as PayoutOrder[];
  }

  ordersForPortal(portal: string): Order[] {
    return (this.stmt('SELECT * FROM orders WHERE portal = ? ORDER BY date, id').all(portal) as Row[]).map((r) => this.orderFromRow(r));
  }

  // ---- bonuses ----------------------------------------------------------------------------------

  private bonusFromRow(r: Row): Bonus {
    return {
      id: r.id as number,
      portal: r.portal as string,
      amount_cents: r.amount_cents as number,
      date: r.date as string,
      status: r.status as OrderStatus,
      confirmed_on: r.confirmed_on as string | null,
      note: r.note as string | null,
    };
  }

  saveBonus(b: Omit<Bonus, 'id'> & { id?: number | undefined }): number {
    const info = this.stmt(
      `INSERT INTO bonuses (id, portal, amount_cents, date, status, confirmed_on, note) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET portal = excluded.portal, amount_cents = excluded.amount_cents, date = excluded.date,
         status = excluded.status, confirmed_on = excluded.confirmed_on, note = excluded.note`,
    ).run(b.id ? b.id : null, b.portal, b.amount_cents, b.date, b.status, b.confirmed_on ?? null, b.note ?? null);
    return b.id ? b.id : Number(info.lastInsertRowid);
  }

  bonuses(portal?: string): Bonus[] {
    const rows = portal
      ? (this.stmt('SELECT * FROM bonuses WHERE portal = ? ORDER BY date, id').all(portal) as Row[])
      : (this.stmt('SELECT * FROM bonuses ORDER BY date, id').all() as Row[]);
    return rows.map((r) => this.bonusFromRow(r));
  }

  bonus(id: number): Bonus | undefined {
    const r = this.stmt('SELECT * FROM bonuses WHERE id = ?').get(id) as Row | undefined;
    return r ? this.bonusFromRow(r) : undefined;
  }

  removeBonus(id: number): boolean {
    return this.stmt('DELETE FROM bonuses WHERE id = ?').run(id).changes > 0;
  }

  // ---- orders/payouts ---------------------------------------------------------------------------

  /** Portals that have any order or bonus, sorted by id. */
  portalsWithActivity(): string[] {
    return (
      this.stmt(
        `SELECT portal FROM orders WHERE portal IS NOT NULL UNION SELECT portal FROM bonuses ORDER BY portal`,
      ).all() as Row[]
    ).map((r) => r.portal as string);
  }

  /** Number of orders in the log. */
  orderCount(): number {
    return (this.stmt('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
  }

  /** One stored gift card by id (no code: only its last four characters and hash are stored). */
  giftCardById(id: string): GiftCard | undefined {
    return this.stmt('SELECT * FROM giftcards WHERE id = ?').get(id) as GiftCard | undefined;
  }

  // ---- watches (SPEC 11.3) ----------------------------------------------------------------------

  /** Add a watch, or change the target of the one on the same retailer and amount; returns its id. */
  saveWatch(w: Omit<Watch, 'id'>): number {
    return (
      this.stmt(
        `INSERT INTO watches (retailer, target_percent, amount_cents, created) VALUES (?, ?, ?, ?)
         ON CONFLICT(retailer, amount_cents) DO UPDATE SET target_percent = excluded.target_percent
         RETURNING id`,
      ).get(w.retailer, w.target_percent, w.amount_cents, w.created) as { id: number }
    ).id;
  }

  watches(): Watch[] {
    return this.stmt('SELECT id, retailer, target_percent, amount_cents, created FROM watches ORDER BY retailer, amount_cents').all() as Watch[];
  }

  removeWatch(id: number): boolean {
    return this.stmt('DELETE FROM watches WHERE id = ?').run(id).changes > 0;
  }

  // ---- caps ----

  /**
   * What a card's capped rule (its index in the card's earn rules) has counted in the cap period that
   * starts on `periodStart`: one row of the running totals the store keeps as orders and transactions
   * are written (cap-totals.ts), so the cost does not grow with the log.
   */
  capSpend(card: string, rule: number, periodStart: string): Cents {
    this.caps.flush(); // what this transaction wrote so far
    const row = this.stmt('SELECT spend_cents FROM cap_spend WHERE card = ? AND rule = ? AND period_start = ?').get(card, rule, periodStart) as
      | { spend_cents: number }
      | undefined;
    return row?.spend_cents ?? 0;
  }
}
