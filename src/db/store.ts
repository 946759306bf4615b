/**
 * The repository layer: typed reads and writes over the schema. Statements are prepared once per
 * store; every write path runs inside `store.write(fn)` (one immediate transaction).
 */
import type { Statement, Transaction } from 'better-sqlite3';
import type { Cents } from '../core/money.js';
import type { PayoutOrder } from '../core/payouts.js';
import { CAP_SQL } from './migrations.js';
import type { Db } from './open.js';
import type {
  Bonus,
  Card,
  Category,
  Channel,
  Currency,
  GiftCard,
  Offer,
  Order,
  OrderStatus,
  Portal,
  PortalRate,
  Promo,
  Retailer,
  Watch,
} from '../core/types.js';

type Row = Record<string, unknown>;

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Rates per statement of `upsertRates` (9 parameters each, well under SQLite's limit of 32,766). */
const RATE_BATCH = 32;
const RATE_COLUMNS = 9;
const RATE_BATCH_SQL = `INSERT INTO rates (portal, retailer, channel, from_date, to_date, percent, flat_cents, units_per_dollar, as_of) VALUES ${Array.from(
  { length: RATE_BATCH },
  () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)',
).join(', ')}
  ON CONFLICT(retailer, portal, channel, from_date) DO UPDATE SET to_date = excluded.to_date, percent = excluded.percent,
    flat_cents = excluded.flat_cents, units_per_dollar = excluded.units_per_dollar, as_of = excluded.as_of`;
/**
 * The same for the usual shape of a portal's list — a percent or a flat amount, online, no dates but
 * `as_of` — with the defaults written into the statement: 5 parameters a row instead of 9. Binding
 * parameters is most of what an upsert costs better-sqlite3 (half of a 400,000-rate load).
 */
const RATE_PLAIN_BATCH_SQL = `INSERT INTO rates (portal, retailer, channel, from_date, to_date, percent, flat_cents, units_per_dollar, as_of) VALUES ${Array.from(
  { length: RATE_BATCH },
  () => "(?, ?, 'online', '', NULL, ?, ?, NULL, ?)",
).join(', ')}
  ON CONFLICT(retailer, portal, channel, from_date) DO UPDATE SET to_date = excluded.to_date, percent = excluded.percent,
    flat_cents = excluded.flat_cents, units_per_dollar = excluded.units_per_dollar, as_of = excluded.as_of`;
/**
 * A rate of that shape (RATE_PLAIN_BATCH_SQL writes it exactly as upsertRate would): no dates, online,
 * and not a miles rate (SPEC 11.4: its units_per_dollar needs the full statement).
 */
const isPlainRate = (r: PortalRate): boolean =>
  r.from === undefined && r.to === undefined && (r.channel === undefined || r.channel === 'online') && r.units_per_dollar === undefined;
const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export class Store {
  private readonly statements = new Map<string, Statement>();

  /** The store's one transaction function (see write). */
  private tx: Transaction<(f: () => unknown) => unknown> | undefined;

  /** A category was added or moved since cap totals were last rebuilt (see upsertCategory). */
  private capTreeChanged = false;

  constructor(readonly db: Db) {}

  /** A prepared statement, prepared once per store. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Run `fn` in one immediate (write-locking) transaction; a throw rolls everything back. */
  write<T>(fn: () => T): T {
    // One transaction function for the store (each db.transaction() prepares nine statements).
    this.tx ??= this.db.transaction((f: () => unknown) => {
      const result = f();
      if (this.capTreeChanged) this.rebuildCaps();
      return result;
    });
    try {
      return this.tx.immediate(fn) as T;
    } finally {
      // Committed: rebuilt above; rolled back: the category tree is as it was.
      if (!this.db.inTransaction) this.capTreeChanged = false;
    }
  }

  close(): void {
    this.db.close();
  }

  // ---- categories -------------------------------------------------------------------------------

  upsertCategory(c: Category): void {
    const before = this.stmt('SELECT parent FROM categories WHERE id = ?').get(c.id) as { parent: string | null } | undefined;
    const parent = orNull(c.parent);
    if (before?.parent === parent) return;
    this.stmt('INSERT INTO categories (id, parent) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET parent = excluded.parent').run(
      c.id,
      parent,
    );
    // The category tree changed: cap totals are rebuilt once, at the end of the transaction (write).
    this.capTreeChanged = true;
    if (!this.db.inTransaction) this.write(() => undefined);
  }

  categories(): Category[] {
    return (this.stmt('SELECT id, parent FROM categories ORDER BY id').all() as Row[]).map((r) => ({
      id: r.id as string,
      parent: orUndef(r.parent as string | null),
    }));
  }

  hasCategory(id: string): boolean {
    return this.stmt('SELECT 1 FROM categories WHERE id = ?').get(id) !== undefined;
  }

  // ---- currencies -------------------------------------------------------------------------------

  upsertCurrency(c: Currency): void {
    this.stmt(
      `INSERT INTO currencies (code, name, paths, default_path) VALUES (?, ?, ?, ?)
       ON CONFLICT(code) DO UPDATE SET name = excluded.name, paths = excluded.paths, default_path = excluded.default_path`,
    ).run(c.code, c.name, JSON.stringify(c.paths), c.default_path);
  }

  private currencyFromRow(r: Row): Currency {
    return {
      code: r.code as string,
      name: r.name as string,
      paths: JSON.parse(r.paths as string) as Currency['paths'],
      default_path: r.default_path as string,
    };
  }

  currencies(): Currency[] {
    return (this.stmt('SELECT * FROM currencies ORDER BY code').all() as Row[]).map((r) => this.currencyFromRow(r));
  }

  currency(code: string): Currency | undefined {
    const r = this.stmt('SELECT * FROM currencies WHERE code = ?').get(code) as Row | undefined;
    return r ? this.currencyFromRow(r) : undefined;
  }

  // ---- portals ----------------------------------------------------------------------------------

  upsertPortal(p: Portal): void {
    this.stmt(
      `INSERT INTO portals (id, name, payout, payout_options, default_payout, confirm_days, excludes) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, payout = excluded.payout, payout_options = excluded.payout_options,
         default_payout = excluded.default_payout, confirm_days = excluded.confirm_days, excludes = excluded.excludes`,
    ).run(
      p.id,
      p.name,
      JSON.stringify(p.payout),
      JSON.stringify(p.payout_options),
      p.default_payout,
      JSON.stringify(p.confirm_days),
      p.excludes?.length ? JSON.stringify(p.excludes) : null,
    );
  }

  private portalFromRow(r: Row): Portal {
    const portal: Portal = {
      id: r.id as string,
      name: r.name as string,
      payout: JSON.parse(r.payout as string) as Portal['payout'],
      payout_options: JSON.parse(r.payout_options as string) as Portal['payout_options'],
      default_payout: r.default_payout as string,
      confirm_days: JSON.parse(r.confirm_days as string) as Portal['confirm_days'],
    };
    if (typeof r.excludes === 'string') portal.excludes = JSON.parse(r.excludes) as string[];
    return portal;
  }

  portals(): Portal[] {
    return (this.stmt('SELECT * FROM portals ORDER BY id').all() as Row[]).map((r) => this.portalFromRow(r));
  }

  portal(id: string): Portal | undefined {
    const r = this.stmt('SELECT * FROM portals WHERE id = ?').get(id) as Row | undefined;
    return r ? this.portalFromRow(r) : undefined;
  }

  // ---- retailers --------------------------------------------------------------------------------

  upsertRetailer(r: Retailer): void {
    const aliases = r.aliases ?? [];
    this.stmt(
      `INSERT INTO retailers (id, name, name_key, category, aliases) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, category = excluded.category,
         aliases = excluded.aliases`,
    ).run(r.id, r.name, r.name.toLowerCase(), r.category, JSON.stringify(aliases));
    this.stmt('DELETE FROM retailer_aliases WHERE retailer = ?').run(r.id);
    const insert = this.stmt('INSERT OR IGNORE INTO retailer_aliases (alias, retailer) VALUES (?, ?)');
    for (const a of aliases) insert.run(a.toLowerCase(), r.id);
  }

  private retailerFromRow(r: Row): Retailer {
    const aliases = JSON.parse(r.aliases as string) as string[];
    return {
      id: r.id as string,
      name: r.name as string,
      category: r.category as string,
      ...(aliases.length ? { aliases } : {}),
    };
  }

  retailer(id: string): Retailer | undefined {
    const r = this.stmt('SELECT * FROM retailers WHERE id = ?').get(id) as Row | undefined;
    return r ? this.retailerFromRow(r) : undefined;
  }

  hasRetailer(id: string): boolean {
    return this.stmt('SELECT 1 FROM retailers WHERE id = ?').get(id) !== undefined;
  }

  retailersByName(text: string): Retailer[] {
    return (this.stmt('SELECT * FROM retailers WHERE name_key = ? ORDER BY id').all(text.toLowerCase()) as Row[]).map((r) =>
      this.retailerFromRow(r),
    );
  }

  retailersByAlias(text: string): Retailer[] {
    return (
      this.stmt(
        'SELECT r.* FROM retailer_aliases a JOIN retailers r ON r.id = a.retailer WHERE a.alias = ? ORDER BY r.id',
      ).all(text.toLowerCase()) as Row[]
    ).map((r) => this.retailerFromRow(r));
  }

  /** Retailers whose id, name or an alias starts with `prefix` (case-insensitive), at most `limit`. */
  retailersByPrefix(prefix: string, limit = 50): Retailer[] {
    const p = prefix.toLowerCase();
    const hi = `${p}\uffff`;
    return (
      this.stmt(
        `SELECT * FROM retailers WHERE id IN (
           SELECT id FROM retailers WHERE id >= @p AND id < @hi
           UNION SELECT id FROM retailers WHERE name_key >= @p AND name_key < @hi
           UNION SELECT retailer FROM retailer_aliases WHERE alias >= @p AND alias < @hi)
         ORDER BY id LIMIT @limit`,
      ).all({ p, hi, limit }) as Row[]
    ).map((r) => this.retailerFromRow(r));
  }

  retailers(): Retailer[] {
    return (this.stmt('SELECT * FROM retailers ORDER BY id').all() as Row[]).map((r) => this.retailerFromRow(r));
  }

  /** The id of every retailer (one scan of the primary key). */
  retailerIds(): string[] {
    return this.stmt('SELECT id FROM retailers').pluck().all() as string[];
  }

  /** Ids, names and aliases of every retailer, for fuzzy suggestions (only used on a miss). */
  retailerKeys(): Array<{ id: string; name: string; aliases: string }> {
    return this.stmt('SELECT id, name, aliases FROM retailers').all() as Array<{ id: string; name: string; aliases: string }>;
  }

  // ---- rates ------------------------------------------------------------------------------------

  upsertRate(r: PortalRate): void {
    this.stmt(
      `INSERT INTO rates (portal, retailer, channel, from_date, to_date, percent, flat_cents, units_per_dollar, as_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(retailer, portal, channel, from_date) DO UPDATE SET to_date = excluded.to_date, percent = excluded.percent,
         flat_cents = excluded.flat_cents, units_per_dollar = excluded.units_per_dollar, as_of = excluded.as_of`,
    ).run(
      r.portal,
      r.retailer,
      r.channel ?? 'online',
      r.from ?? '',
      orNull(r.to),
      orNull(r.percent),
      orNull(r.flat_cents),
      orNull(r.units_per_dollar),
      orNull(r.as_of),
    );
  }

  /**
   * `upsertRate` for each rate, in order, with one statement call per RATE_BATCH rates: a big load
   * spends most of its time crossing into SQLite row by row, and a multi-row upsert is the same rows
   * applied one after another (a later row of the batch updates an earlier one with the same key).
   */
  upsertRates(rates: readonly PortalRate[]): void {
    // In order, RATE_BATCH rows a statement: the plain one when every row of the batch is plain, else
    // the full one; the rows that do not fill a batch one at a time.
    const plainBatch = this.stmt(RATE_PLAIN_BATCH_SQL);
    const batch = this.stmt(RATE_BATCH_SQL);
    const plainArgs: unknown[] = new Array<unknown>(RATE_BATCH * 5);
    const args: unknown[] = new Array<unknown>(RATE_BATCH * RATE_COLUMNS);
    let i = 0;
    for (; i + RATE_BATCH <= rates.length; i += RATE_BATCH) {
      let plain = true;
      for (let k = 0; k < RATE_BATCH && plain; k++) plain = isPlainRate(rates[i + k] as PortalRate);
      for (let k = 0; k < RATE_BATCH; k++) {
        const r = rates[i + k] as PortalRate;
        if (plain) {
          const a = k * 5;
          plainArgs[a] = r.portal;
          plainArgs[a + 1] = r.retailer;
          plainArgs[a + 2] = orNull(r.percent);
          plainArgs[a + 3] = orNull(r.flat_cents);
          plainArgs[a + 4] = orNull(r.as_of);
          continue;
        }
        const a = k * RATE_COLUMNS;
        args[a] = r.portal;
        args[a + 1] = r.retailer;
        args[a + 2] = r.channel ?? 'online';
        args[a + 3] = r.from ?? '';
        args[a + 4] = orNull(r.to);
        args[a + 5] = orNull(r.percent);
        args[a + 6] = orNull(r.flat_cents);
        args[a + 7] = orNull(r.units_per_dollar);
        args[a + 8] = orNull(r.as_of);
      }
      if (plain) plainBatch.run(plainArgs);
      else batch.run(args);
    }
    for (; i < rates.length; i++) this.upsertRate(rates[i] as PortalRate);
  }

  private rateFromRow(r: Row): PortalRate {
    const rate: PortalRate = { portal: r.portal as string, retailer: r.retailer as string };
    if (r.percent !== null) rate.percent = r.percent as number;
    if (r.flat_cents !== null) rate.flat_cents = r.flat_cents as number;
    if (r.units_per_dollar !== null && r.units_per_dollar !== undefined) rate.units_per_dollar = r.units_per_dollar as number;
    if (r.from_date !== '') rate.from = r.from_date as string;
    if (r.to_date !== null) rate.to = r.to_date as string;
    if (r.as_of !== null) rate.as_of = r.as_of as string;
    if (r.channel !== 'online') rate.channel = r.channel as Channel;
    return rate;
  }

  /** Every rate of one retailer (all portals, channels and dates): an index range scan. */
  ratesForRetailer(retailer: string): PortalRate[] {
    return (this.stmt('SELECT * FROM rates WHERE retailer = ? ORDER BY portal, channel, from_date').all(retailer) as Row[]).map(
      (r) => this.rateFromRow(r),
    );
  }

  rates(): PortalRate[] {
    return (this.stmt('SELECT * FROM rates ORDER BY retailer, portal, channel, from_date').all() as Row[]).map((r) =>
      this.rateFromRow(r),
    );
  }

  // ---- cards and wallet -------------------------------------------------------------------------

  upsertCard(c: Card): void {
    this.stmt(
      `INSERT INTO cards (id, issuer, name, currency, annual_fee_cents, base, earn, pays_via, welcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET issuer = excluded.issuer, name = excluded.name, currency = excluded.currency,
         annual_fee_cents = excluded.annual_fee_cents, base = excluded.base, earn = excluded.earn, pays_via = excluded.pays_via,
         welcome = excluded.welcome`,
    ).run(c.id, c.issuer, c.name, c.currency, c.annual_fee_cents, c.base, JSON.stringify(c.earn), c.pays_via ?? null, c.welcome ? JSON.stringify(c.welcome) : null);
  }

  private cardFromRow(r: Row): Card {
    const card: Card = {
      id: r.id as string,
      issuer: r.issuer as string,
      name: r.name as string,
      currency: r.currency as string,
      annual_fee_cents: r.annual_fee_cents as number,
      base: r.base as number,
      earn: JSON.parse(r.earn as string) as Card['earn'],
      pays_via: r.pays_via as string | null,
    };
    if (typeof r.welcome === 'string') card.welcome = JSON.parse(r.welcome) as Card['welcome'];
    return card;
  }

  card(id: string): Card | undefined {
    const r = this.stmt('SELECT * FROM cards WHERE id = ?').get(id) as Row | undefined;
    return r ? this.cardFromRow(r) : undefined;
  }

  hasCard(id: string): boolean {
    return this.stmt('SELECT 1 FROM cards WHERE id = ?').get(id) !== undefined;
  }

  cards(issuer?: string): Card[] {
    const rows = issuer
      ? (this.stmt('SELECT * FROM cards WHERE issuer = ? ORDER BY id').all(issuer) as Row[])
      : (this.stmt('SELECT * FROM cards ORDER BY id').all() as Row[]);
    return rows.map((r) => this.cardFromRow(r));
  }

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

  /** Orders that used `offer` (consumed uses). */
  offerUses(offer: string): number {
    return (this.stmt("SELECT count(*) AS n FROM orders WHERE offer = ? AND status != 'ineligible'").get(offer) as { n: number }).n;
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

  /** Orders at `retailer` that used promo `code`. */
  promoUses(retailer: string, code: string): number {
    return (
      this.stmt(
        `SELECT count(*) AS n FROM orders o, json_each(o.promos) p WHERE o.retailer = ? AND p.value = ? AND o.status != 'ineligible'`,
      ).get(retailer, code) as { n: number }
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
    this.stmt('DELETE FROM order_giftcards WHERE order_id = ?').run(id);
    return this.stmt('DELETE FROM orders WHERE id = ?').run(id).changes > 0;
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
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.status) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.since) {
      where.push('date >= ?');
      args.push(filter.since);
    }
    if (filter.until) {
      where.push('date <= ?');
      args.push(filter.until);
    }
    if (filter.portal) {
      where.push('portal = ?');
      args.push(filter.portal);
    }
    if (filter.card) {
      where.push('card = ?');
      args.push(filter.card);
    }
    const sql = `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY date, id`;
    return (this.stmt(sql).all(...args) as Row[]).map((r) => this.orderFromRow(r));
  }

  /**
   * What a payout plan needs of a portal's orders (ineligible ones left out), one light row each — no
   * promos to parse — so `order add` and `perk payout` stay quick on a long log.
   */
  payoutOrders(portal: string): PayoutOrder[] {
    return this.stmt(
      `SELECT id, date, portal, channel, category, status, confirmed_on, trip_end, expected_cents, actual_cents
       FROM orders WHERE portal = ? AND status != 'ineligible' ORDER BY date, id`,
    ).all(portal) as PayoutOrder[];
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
   * starts on `periodStart`: one row of the running totals the database keeps as orders are written
   * (migration 4), so the cost does not grow with the order log.
   */
  capSpend(card: string, rule: number, periodStart: string): Cents {
    if (this.capTreeChanged) this.rebuildCaps(); // a category changed earlier in this transaction
    const row = this.stmt('SELECT spend_cents FROM cap_spend WHERE card = ? AND rule = ? AND period_start = ?').get(card, rule, periodStart) as
      | { spend_cents: number }
      | undefined;
    return row?.spend_cents ?? 0;
  }

  /** Rebuild the category tree and every cap total from the order log (in a transaction). */
  private rebuildCaps(): void {
    this.db.exec(CAP_SQL.rebuildAll);
    this.capTreeChanged = false;
  }
}
