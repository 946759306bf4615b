/**
 * Migration 1: the tables of data format v1 (SPEC 3) as perk first created them. Frozen like every
 * migration: a later change of schema is a new migration in migrations.ts.
 */
export const INITIAL_SCHEMA = `
      CREATE TABLE categories (
        id TEXT PRIMARY KEY,
        parent TEXT
      ) STRICT;

      CREATE TABLE currencies (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        paths TEXT NOT NULL,          -- JSON: path -> cpp | {cpp, fee…} | {tiers}
        default_path TEXT NOT NULL
      ) STRICT;

      CREATE TABLE portals (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        payout TEXT NOT NULL,         -- JSON: {months, day, minimum_cents}
        payout_options TEXT NOT NULL, -- JSON: currency -> units per cent
        default_payout TEXT NOT NULL,
        confirm_days TEXT NOT NULL    -- JSON: [min, max] | {channel: [min, max]}
      ) STRICT;

      CREATE TABLE retailers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,       -- lower-cased name, for lookup by name
        category TEXT NOT NULL,
        aliases TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE INDEX retailers_name_key ON retailers(name_key);

      CREATE TABLE retailer_aliases (
        alias TEXT NOT NULL,          -- lower-cased
        retailer TEXT NOT NULL,
        PRIMARY KEY (alias, retailer)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX retailer_aliases_retailer ON retailer_aliases(retailer);

      CREATE TABLE rates (
        portal TEXT NOT NULL,
        retailer TEXT NOT NULL,
        channel TEXT NOT NULL DEFAULT 'online',
        from_date TEXT NOT NULL DEFAULT '',   -- '' = no start (oldest)
        to_date TEXT,
        percent REAL,
        flat_cents INTEGER,
        as_of TEXT,
        PRIMARY KEY (retailer, portal, channel, from_date)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE cards (
        id TEXT PRIMARY KEY,
        issuer TEXT NOT NULL,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        annual_fee_cents INTEGER NOT NULL,
        base REAL NOT NULL,
        earn TEXT NOT NULL,           -- JSON array of earn rules
        pays_via TEXT
      ) STRICT;

      CREATE TABLE offers (
        id TEXT PRIMARY KEY,
        issuer TEXT NOT NULL,
        card TEXT NOT NULL,
        retailer TEXT NOT NULL,
        kind TEXT NOT NULL,
        min_spend_cents INTEGER,
        credit_cents INTEGER,
        percent REAL,
        max_credit_cents INTEGER,
        points INTEGER,
        points_per_dollar REAL,
        max_points INTEGER,
        max_uses INTEGER NOT NULL DEFAULT 1,
        from_date TEXT,
        to_date TEXT,
        click_through INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX offers_retailer ON offers(retailer);
      CREATE INDEX offers_card ON offers(card);

      CREATE TABLE promos (
        code TEXT NOT NULL,
        retailer TEXT NOT NULL,
        kind TEXT NOT NULL,
        amount_cents INTEGER,
        percent REAL,
        min_purchase_cents INTEGER,
        from_date TEXT,
        to_date TEXT,
        max_uses INTEGER NOT NULL DEFAULT 1,
        portal_safe INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (retailer, code)
      ) STRICT;

      CREATE TABLE giftcards (
        id TEXT PRIMARY KEY,
        retailer TEXT NOT NULL,
        balance_cents INTEGER NOT NULL,
        last4 TEXT NOT NULL,
        code_hash TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE INDEX giftcards_retailer ON giftcards(retailer);

      CREATE TABLE wallet (
        card TEXT PRIMARY KEY
      ) STRICT;

      CREATE TABLE config (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        retailer TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        category TEXT NOT NULL,
        card TEXT,
        portal TEXT,
        channel TEXT NOT NULL DEFAULT 'online',
        via TEXT,
        offer TEXT,
        promos TEXT NOT NULL DEFAULT '[]',    -- JSON array of promo codes
        giftcard TEXT,
        giftcard_cents INTEGER NOT NULL DEFAULT 0,
        charged_cents INTEGER NOT NULL,
        expected_cents INTEGER NOT NULL DEFAULT 0,
        actual_cents INTEGER,
        status TEXT NOT NULL DEFAULT 'pending',
        confirmed_on TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX orders_card_date ON orders(card, date);
      CREATE INDEX orders_portal_status ON orders(portal, status);
      CREATE INDEX orders_offer ON orders(offer) WHERE offer IS NOT NULL;
      CREATE INDEX orders_date ON orders(date);
      CREATE INDEX orders_retailer ON orders(retailer, date);

      CREATE TABLE bonuses (
        id INTEGER PRIMARY KEY,
        portal TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        confirmed_on TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX bonuses_portal ON bonuses(portal);
`;
