/** Catalog records of the Store: categories, currencies, portals, retailers and cards. */
import type { Card, Category, Currency, Portal, Retailer } from '../core/types.js';
import { orNull, orUndef, type Row, StoreCore } from './store-core.js';

export class CatalogStore extends StoreCore {
  // ---- categories -------------------------------------------------------------------------------

  upsertCategory(c: Category): void {
    const parent = orNull(c.parent);
    this.atomically(() => {
      const before = this.stmt('SELECT parent FROM categories WHERE id = ?').get(c.id) as { parent: string | null } | undefined;
      if (before?.parent === parent) return;
      this.stmt('INSERT INTO categories (id, parent) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET parent = excluded.parent').run(c.id, parent);
      // The category tree changed: cap totals are rebuilt once, at the end of the transaction (write).
      this.caps.categoriesChanged();
    });
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

  // ---- cards -------------------------------------------------------------------------------------

  upsertCard(c: Card): void {
    const earn = JSON.stringify(c.earn);
    this.atomically(() => {
      const before = this.stmt('SELECT earn FROM cards WHERE id = ?').pluck().get(c.id) as string | undefined;
      this.writeCard(c, earn);
      // New earn rules: the card's cap totals are rebuilt at the end of the transaction.
      if (before !== earn) this.caps.cardChanged(c.id);
    });
  }

  private writeCard(c: Card, earn: string): void {
    this.stmt(
      `INSERT INTO cards (id, issuer, name, currency, annual_fee_cents, base, earn, pays_via, welcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET issuer = excluded.issuer, name = excluded.name, currency = excluded.currency,
         annual_fee_cents = excluded.annual_fee_cents, base = excluded.base, earn = excluded.earn, pays_via = excluded.pays_via,
         welcome = excluded.welcome`,
    ).run(c.id, c.issuer, c.name, c.currency, c.annual_fee_cents, c.base, earn, c.pays_via ?? null, c.welcome ? JSON.stringify(c.welcome) : null);
  }

  protected cardFromRow(r: Row): Card {
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
}
