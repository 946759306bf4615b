/**
 * Numbered, forward-only migrations. Each runs in its own transaction and is recorded in
 * `schema_migrations`; the applied list must be a prefix of this one, and a database that has a
 * version we do not know was written by a newer perk and is refused.
 */
import {
  capRebuild,
  capTriggers,
  categoryTreeOf,
  creditedBackfill,
  spendCapRebuild,
  spendCapTriggers,
} from './cap-sql.js';
import { CapTotals } from './cap-totals.js';
import type { Db } from './open.js';
import { INITIAL_SCHEMA } from './schema-v1.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Run after `sql`, in the same transaction (what SQL alone cannot do). */
  run?: (db: Db) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: INITIAL_SCHEMA,
  },
  {
    version: 2,
    name: 'covering index for cap spend',
    // Cap use (Store.capSpend) sums a card's spend in a cap period, filtered by category and portal or
    // travel portal; with every column in the index that query never touches the table.
    sql: `
      CREATE INDEX orders_card_spend ON orders(card, date, status, category, portal, via, charged_cents);
      DROP INDEX orders_card_date;
    `,
  },
  {
    version: 3,
    name: 'gift-card spend per card of an order',
    // An order paid from several gift cards (orders.giftcard names the first) records what it took
    // from each, so `order remove` gives each its own share back. Orders written before this version
    // have no rows here; their whole gift-card amount goes back to orders.giftcard, as before.
    sql: `
      CREATE TABLE order_giftcards (
        order_id INTEGER NOT NULL,
        giftcard TEXT NOT NULL,
        cents INTEGER NOT NULL CHECK (cents > 0),
        PRIMARY KEY (order_id, giftcard)
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'offers added to the card, portal exclusions',
    // SPEC 9.6: an offer must be added to the card before paying (existing offers count as added).
    // SPEC 9.8: the categories a portal pays nothing on, a JSON array (NULL: none).
    sql: `
      ALTER TABLE offers ADD COLUMN added INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE portals ADD COLUMN excludes TEXT;
    `,
  },
  {
    version: 5,
    name: 'trip end of a travel order',
    // A travel booking confirms within the portal's window counted from the trip's end (SPEC 9.11).
    // Orders written before this version have none: their window counts from the order date, as before.
    sql: `
      ALTER TABLE orders ADD COLUMN trip_end TEXT;
    `,
  },
  {
    version: 6,
    name: 'cap use kept as running totals',
    // Cap use is read as one row per capped rule, whatever the size of the order log (SQL in cap-sql.ts; since migration 10 kept by the store, cap-totals.ts).
    sql: `
      CREATE TABLE category_tree (
        ancestor TEXT NOT NULL,       -- a category, its parent, its parent's parent…
        category TEXT NOT NULL,
        PRIMARY KEY (category, ancestor)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE cap_rules (
        card TEXT NOT NULL,
        rule INTEGER NOT NULL,        -- index of the rule in cards.earn
        period TEXT NOT NULL,         -- year | quarter | month
        category TEXT,                -- null: any category
        via TEXT,
        from_date TEXT,
        to_date TEXT,
        PRIMARY KEY (card, rule)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE cap_spend (
        card TEXT NOT NULL,
        rule INTEGER NOT NULL,
        period_start TEXT NOT NULL,   -- first day of the cap period
        spend_cents INTEGER NOT NULL,
        PRIMARY KEY (card, rule, period_start)
      ) STRICT, WITHOUT ROWID;

      ${capTriggers()}

      ${capRebuild()}
    `,
  },
  {
    version: 7,
    name: 'miles rates, watches',
    // SPEC 11.4: an airline shopping portal pays miles per dollar (units_per_dollar instead of percent
    // or flat_cents). SPEC 11.3: watches, a target for the best stacked return at a retailer.
    sql: `
      ALTER TABLE rates ADD COLUMN units_per_dollar REAL;
      CREATE TABLE watches (
        id INTEGER PRIMARY KEY,
        retailer TEXT NOT NULL,
        target_percent REAL NOT NULL,
        amount_cents INTEGER NOT NULL,
        created TEXT NOT NULL,
        UNIQUE (retailer, amount_cents)
      ) STRICT;
    `,
  },
  {
    version: 8,
    name: 'imported spending, cap use from it, welcome bonuses',
    // SPEC 10.1: transactions imported from issuer exports (charges positive, refunds and credits
    // negative), identified by card, date, amount, description and occurrence number so a re-import adds
    // nothing. SPEC 10.2: cap totals count them and only the orders they do not post (above).
    // SPEC 10.4: a catalog card's welcome offer (JSON) and the day a wallet card was opened.
    sql: `
      CREATE TABLE transactions (
        id INTEGER PRIMARY KEY,
        card TEXT NOT NULL,
        date TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        description TEXT NOT NULL,
        occurrence INTEGER NOT NULL,  -- 1 for the first row with this card, date, amount and description in its file
        issuer_category TEXT,
        category TEXT NOT NULL,
        category_set INTEGER NOT NULL DEFAULT 0,  -- set by perk spend set: a re-import keeps it
        source TEXT,
        -- The identity of a row (a re-import adds nothing). Its order also finds the transactions that
        -- post an order (same card, a few days later, same amount: checked in the index) without a second
        -- index, and keeps a statement's rows, which come in date order, appended rather than scattered.
        UNIQUE (card, date, amount_cents, description, occurrence)
      ) STRICT;

      CREATE TABLE cap_defer (
        since_id INTEGER NOT NULL     -- a bulk import is adding transactions above this id (see spendBulkAdd)
      ) STRICT;

      ALTER TABLE cards ADD COLUMN welcome TEXT;
      ALTER TABLE wallet ADD COLUMN opened TEXT;

      ${spendCapTriggers(false)}

      ${spendCapRebuild(false)}
    `,
  },
  {
    version: 9,
    name: 'cap use of a portal card bonus counts only the orders the portal credited',
    // SPEC 9.7 with 5.6: a rule whose `via` is a shopping portal earns only on orders that portal
    // credits, so only those use its cap. orders.portal_credited records it (above); the cap triggers and
    // totals are rebuilt with it, and the covering index carries the two columns the rule reads.
    sql: `
      ALTER TABLE orders ADD COLUMN portal_credited INTEGER NOT NULL DEFAULT 0 CHECK (portal_credited IN (0, 1));
      DELETE FROM category_tree;
      ${categoryTreeOf}
      ${creditedBackfill}
      DROP INDEX orders_card_spend;
      CREATE INDEX orders_card_spend ON orders(card, date, status, category, portal, via, portal_credited, actual_cents, charged_cents);

      ${spendCapTriggers(true)}

      ${spendCapRebuild(true)}
    `,
  },
  {
    version: 10,
    name: 'cap use totals kept by the store, the rule in core',
    // Issue #12: which totals an order or a transaction counts toward is decided by core/caps.ts
    // (capContributions), not by SQL; the store applies it in the transaction of every write
    // (cap-totals.ts). The triggers and the tables only they used go; cap_spend stays, rebuilt by core.
    sql: `
      DROP TRIGGER orders_cap_insert;
      DROP TRIGGER orders_cap_delete;
      DROP TRIGGER orders_cap_update;
      DROP TRIGGER transactions_cap_insert;
      DROP TRIGGER transactions_cap_delete;
      DROP TRIGGER transactions_cap_update;
      DROP TRIGGER cards_cap_insert;
      DROP TRIGGER cards_cap_update;
      DROP TRIGGER cards_cap_delete;
      DROP TABLE cap_rules;
      DROP TABLE category_tree;
      DROP TABLE cap_defer;
    `,
    run: (db) => new CapTotals((sql) => db.prepare(sql)).rebuild(),
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
