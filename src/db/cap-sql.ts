/**
 * History: the SQL of migrations 6, 8 and 9, which kept cap use as running totals by triggers. Migration
 * 10 drops those triggers and the tables they used (the store keeps the totals since: cap-totals.ts, with
 * the rule in core/caps.ts `capContributions`); a database at an older version still upgrades through
 * these statements, and a backup at one is checked against them, so they stay as they were.
 */

/*
 * Cap use as running totals (migration 6). A capped earn rule counts a card's non-ineligible orders in its
 * cap period (year, quarter or month) that it matches: category (the rule's or one below it), `via`
 * (the order's portal or travel portal), and the rule's own dates. `cap_spend` holds that sum per card,
 * rule (index in cards.earn) and period start, so a read is one row:
 *   - `cap_rules` is cards.earn's capped rules, `category_tree` each category with its ancestors;
 *   - triggers on orders add an order's charge to every total it counts toward (and take it back on
 *     delete or update), in the transaction that writes the order, whatever writes it;
 *   - a trigger on cards rebuilds a card's rules and totals when its earn rules change;
 *   - a change to the category tree rebuilt everything (`capRebuild`, from Store.upsertCategory):
 *     SQLite allows no recursive query in a trigger.
 * The same statements backfill an existing database in the migration. core/caps.ts `capUse` is the
 * rule as written; tests/db/cap-spend.test.ts holds the totals to it. Migration 6 is built from these
 * helpers: a change to them is a change of schema, so it goes with a new migration that replaces the
 * triggers.
 */

/** Order `o`'s shopping portal credited it (SPEC 9.7; core/caps.ts `portalCredited`, the same rule). */
const portalCredited = (o: string): string => `${o}.portal_credited = 1 AND ${o}.actual_cents IS NOT 0`;

/**
 * Whether the order `o` (a table alias, NEW or OLD) counts toward the cap rule `r`. With `credited`
 * (migration 9 on), a rule whose `via` is the order's shopping portal counts it only when that portal
 * credited it (orders.portal_credited, and no credited amount of 0: see `portalCredited`); a `via` issuer
 * travel portal still matches orders.via.
 */
const capMatches = (o: string, credited = false): string => `${o}.card = r.card AND ${o}.status != 'ineligible'
    AND (r.from_date IS NULL OR ${o}.date >= r.from_date) AND (r.to_date IS NULL OR ${o}.date <= r.to_date)
    AND (r.via IS NULL OR ${credited ? `(r.via = ${o}.portal AND ${portalCredited(o)})` : `r.via = ${o}.portal`} OR r.via = ${o}.via)
    AND (r.category IS NULL OR r.category = ${o}.category
      OR EXISTS (SELECT 1 FROM category_tree t WHERE t.category = ${o}.category AND t.ancestor = r.category))`;

/** The first day of the cap period of rule `r` that contains `${o}.date` (dates are YYYY-MM-DD). */
const periodStart = (o: string): string => `CASE r.period
      WHEN 'month' THEN substr(${o}.date, 1, 8) || '01'
      WHEN 'quarter' THEN substr(${o}.date, 1, 5) || CASE WHEN substr(${o}.date, 6, 2) <= '03' THEN '01'
        WHEN substr(${o}.date, 6, 2) <= '06' THEN '04' WHEN substr(${o}.date, 6, 2) <= '09' THEN '07' ELSE '10' END || '-01'
      ELSE substr(${o}.date, 1, 5) || '01-01' END`;

/** Add `sign` × the charge of order `o` to each total it counts toward. */
const addOrder = (o: string, sign: '+' | '-'): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT r.card, r.rule, ${periodStart(o)}, ${sign}${o}.charged_cents FROM cap_rules r WHERE r.card = ${o}.card AND ${capMatches(o)}
    ON CONFLICT (card, rule, period_start) DO UPDATE SET spend_cents = spend_cents + excluded.spend_cents;`;

/** cards.earn's capped rules as cap_rules rows (`where` narrows the cards, alias c). */
const capRulesOf = (where: string): string => `INSERT INTO cap_rules (card, rule, period, category, via, from_date, to_date)
    SELECT c.id, j.key, COALESCE(json_extract(j.value, '$.cap_period'), 'year'), json_extract(j.value, '$.category'),
      json_extract(j.value, '$.via'), json_extract(j.value, '$.from'), json_extract(j.value, '$.to')
    FROM cards c, json_each(c.earn) j WHERE ${where} AND json_extract(j.value, '$.cap_cents') IS NOT NULL;`;

/** The totals summed from the order log (`where` narrows the rules, alias r). */
const capSpendOf = (where: string): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT r.card, r.rule, ${periodStart('o')}, SUM(o.charged_cents) FROM cap_rules r JOIN orders o ON o.card = r.card
    WHERE ${where} AND ${capMatches('o')} GROUP BY 1, 2, 3;`;

/** Each category with itself and its ancestors (UNION stops at a cycle, as core/caps.ts categoryChains). */
export const categoryTreeOf = `INSERT INTO category_tree (ancestor, category)
    WITH RECURSIVE up(ancestor, category) AS (
      SELECT id, id FROM categories
      UNION SELECT c.parent, up.category FROM up JOIN categories c ON c.id = up.ancestor WHERE c.parent IS NOT NULL)
    SELECT ancestor, category FROM up;`;

export function capTriggers(): string {
  const changed = ['card', 'date', 'category', 'portal', 'via', 'charged_cents', 'status'].map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  return `
      CREATE TRIGGER orders_cap_insert AFTER INSERT ON orders WHEN NEW.card IS NOT NULL AND NEW.status != 'ineligible'
      BEGIN
        ${addOrder('NEW', '+')}
      END;
      CREATE TRIGGER orders_cap_delete AFTER DELETE ON orders WHEN OLD.card IS NOT NULL AND OLD.status != 'ineligible'
      BEGIN
        ${addOrder('OLD', '-')}
      END;
      CREATE TRIGGER orders_cap_update AFTER UPDATE ON orders WHEN ${changed}
      BEGIN
        ${addOrder('OLD', '-')}
        ${addOrder('NEW', '+')}
      END;
      CREATE TRIGGER cards_cap_insert AFTER INSERT ON cards
      BEGIN
        ${capRulesOf('c.id = NEW.id')}
        ${capSpendOf('r.card = NEW.id')}
      END;
      CREATE TRIGGER cards_cap_update AFTER UPDATE OF id, earn ON cards WHEN OLD.id IS NOT NEW.id OR OLD.earn IS NOT NEW.earn
      BEGIN
        DELETE FROM cap_spend WHERE card IN (OLD.id, NEW.id);
        DELETE FROM cap_rules WHERE card IN (OLD.id, NEW.id);
        ${capRulesOf('c.id = NEW.id')}
        ${capSpendOf('r.card = NEW.id')}
      END;
      CREATE TRIGGER cards_cap_delete AFTER DELETE ON cards
      BEGIN
        DELETE FROM cap_spend WHERE card = OLD.id;
        DELETE FROM cap_rules WHERE card = OLD.id;
      END;`;
}

export function capRebuild(): string {
  return `
      DELETE FROM cap_spend;
      DELETE FROM cap_rules;
      DELETE FROM category_tree;
      ${categoryTreeOf}
      ${capRulesOf('1')}
      ${capSpendOf('1')}`;
}

/*
 * Cap use from imported spending (SPEC 10.2, migration 8). A capped rule's total is then its card's
 * imported transactions in the period that it matches (category and dates; a transaction has no portal,
 * so a `via` rule counts none) plus the card's orders that match no imported transaction (same card,
 * same charged amount, posted 0–5 days after the order date). The order triggers above are replaced
 * by ones that count only unmatched orders, and triggers on transactions add and take back both the
 * transaction and the orders its arrival or departure matches or frees. core/caps.ts `capUse` is the
 * rule as written; tests/db/cap-spend.test.ts holds the totals to it.
 */

/** Transaction `t` (NEW, OLD or an alias) posts order `o`: same card and amount, 0–5 days after. */
const posts = (t: string, o: string): string => `${t}.card = ${o}.card AND ${t}.amount_cents = ${o}.charged_cents
    AND ${t}.date >= ${o}.date AND ${t}.date <= date(${o}.date, '+5 days')`;

/** Order `o` matches no imported transaction (`except`: leave one transaction out of the search). */
const unmatched = (o: string, except?: string): string =>
  `NOT EXISTS (SELECT 1 FROM transactions t WHERE ${posts('t', o)}${except ? ` AND t.id != ${except}.id` : ''})`;

/** Add `sign` × order `o` (a single row) to its totals when it matches no transaction. */
const addUnmatchedOrder = (o: string, sign: '+' | '-', credited: boolean): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT r.card, r.rule, ${periodStart(o)}, ${sign}${o}.charged_cents FROM cap_rules r
    WHERE r.card = ${o}.card AND ${capMatches(o, credited)} AND ${unmatched(o)}
    ON CONFLICT (card, rule, period_start) DO UPDATE SET spend_cents = spend_cents + excluded.spend_cents;`;

/** Whether transaction `t` counts toward the cap rule `r`. */
const txnMatches = (t: string): string => `${t}.card = r.card AND r.via IS NULL
    AND (r.from_date IS NULL OR ${t}.date >= r.from_date) AND (r.to_date IS NULL OR ${t}.date <= r.to_date)
    AND (r.category IS NULL OR r.category = ${t}.category
      OR EXISTS (SELECT 1 FROM category_tree ct WHERE ct.category = ${t}.category AND ct.ancestor = r.category))`;

/** Add `sign` × transaction `t` (a single row; refunds are negative) to each total it counts toward. */
const addTxn = (t: string, sign: '+' | '-'): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT r.card, r.rule, ${periodStart(t)}, ${sign}${t}.amount_cents FROM cap_rules r WHERE r.card = ${t}.card AND ${txnMatches(t)}
    ON CONFLICT (card, rule, period_start) DO UPDATE SET spend_cents = spend_cents + excluded.spend_cents;`;

/** Add `sign` × each order that `t` posts and that satisfies `where` (o: the order). */
const addPostedOrders = (t: string, sign: '+' | '-', where: string, credited: boolean): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT r.card, r.rule, ${periodStart('o')}, ${sign}o.charged_cents FROM orders o JOIN cap_rules r ON r.card = o.card
    WHERE o.card = ${t}.card AND o.charged_cents = ${t}.amount_cents AND o.date <= ${t}.date AND o.date >= date(${t}.date, '-5 days')
      AND ${capMatches('o', credited)} AND ${where}
    ON CONFLICT (card, rule, period_start) DO UPDATE SET spend_cents = spend_cents + excluded.spend_cents;`;

/** The totals from unmatched orders and transactions (`where` narrows the rules, alias r). */
const capSpendWithTxnsOf = (where: string, credited: boolean): string => `INSERT INTO cap_spend (card, rule, period_start, spend_cents)
    SELECT card, rule, period_start, SUM(spend) FROM (
      SELECT r.card, r.rule, ${periodStart('o')} AS period_start, o.charged_cents AS spend FROM cap_rules r JOIN orders o ON o.card = r.card
        WHERE ${where} AND ${capMatches('o', credited)} AND ${unmatched('o')}
      UNION ALL
      SELECT r.card, r.rule, ${periodStart('x')}, x.amount_cents FROM cap_rules r JOIN transactions x ON x.card = r.card
        WHERE ${where} AND ${txnMatches('x')})
    WHERE 1 GROUP BY 1, 2, 3;`;

/**
 * The cap triggers from migration 8 on. `credited` (migration 9): an order counts toward a `via` shopping
 * portal rule only when that portal credited it, so its flag and credited amount are watched too, and
 * migration 8's transaction triggers are replaced along with the rest.
 */
export function spendCapTriggers(credited: boolean): string {
  const columns = ['card', 'date', 'category', 'portal', 'via', 'charged_cents', 'status', ...(credited ? ['portal_credited', 'actual_cents'] : [])];
  const changed = columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  const moved = ['card', 'date', 'amount_cents'].map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
  const drops = credited ? ['transactions_cap_insert', 'transactions_cap_delete', 'transactions_cap_update'] : [];
  return `
      ${['orders_cap_insert', 'orders_cap_delete', 'orders_cap_update', 'cards_cap_insert', 'cards_cap_update', ...drops].map((t) => `DROP TRIGGER ${t};`).join('\n      ')}
      CREATE TRIGGER orders_cap_insert AFTER INSERT ON orders WHEN NEW.card IS NOT NULL AND NEW.status != 'ineligible'
      BEGIN
        ${addUnmatchedOrder('NEW', '+', credited)}
      END;
      CREATE TRIGGER orders_cap_delete AFTER DELETE ON orders WHEN OLD.card IS NOT NULL AND OLD.status != 'ineligible'
      BEGIN
        ${addUnmatchedOrder('OLD', '-', credited)}
      END;
      CREATE TRIGGER orders_cap_update AFTER UPDATE ON orders WHEN ${changed}
      BEGIN
        ${addUnmatchedOrder('OLD', '-', credited)}
        ${addUnmatchedOrder('NEW', '+', credited)}
      END;
      CREATE TRIGGER transactions_cap_insert AFTER INSERT ON transactions WHEN NOT EXISTS (SELECT 1 FROM cap_defer)
      BEGIN
        ${addTxn('NEW', '+')}
        ${addPostedOrders('NEW', '-', unmatched('o', 'NEW'), credited)}
      END;
      CREATE TRIGGER transactions_cap_delete AFTER DELETE ON transactions
      BEGIN
        ${addTxn('OLD', '-')}
        ${addPostedOrders('OLD', '+', unmatched('o'), credited)}
      END;
      CREATE TRIGGER transactions_cap_update AFTER UPDATE OF card, date, amount_cents, category ON transactions
      WHEN ${moved} OR OLD.category IS NOT NEW.category
      BEGIN
        ${addTxn('OLD', '-')}
        ${addTxn('NEW', '+')}
        ${addPostedOrders('OLD', '+', unmatched('o'), credited)}
        ${addPostedOrders('NEW', '-', `${unmatched('o', 'NEW')} AND NOT (${posts('OLD', 'o')})`, credited)}
      END;
      CREATE TRIGGER cards_cap_insert AFTER INSERT ON cards
      BEGIN
        ${capRulesOf('c.id = NEW.id')}
        ${capSpendWithTxnsOf('r.card = NEW.id', credited)}
      END;
      CREATE TRIGGER cards_cap_update AFTER UPDATE OF id, earn ON cards WHEN OLD.id IS NOT NEW.id OR OLD.earn IS NOT NEW.earn
      BEGIN
        DELETE FROM cap_spend WHERE card IN (OLD.id, NEW.id);
        DELETE FROM cap_rules WHERE card IN (OLD.id, NEW.id);
        ${capRulesOf('c.id = NEW.id')}
        ${capSpendWithTxnsOf('r.card = NEW.id', credited)}
      END;`;
}

export function spendCapRebuild(credited: boolean): string {
  return `
      DELETE FROM cap_spend;
      DELETE FROM cap_rules;
      DELETE FROM category_tree;
      ${categoryTreeOf}
      ${capRulesOf('1')}
      ${capSpendWithTxnsOf('1', credited)}`;
}

/*
 * Whether the shopping portal credited an order (SPEC 9.7 with 5.6; migration 9): `order add` and
 * `order import` record it from the quote (the portal's own cash back is above 0: not voided by a promo
 * that is not portal-safe, not in a category it excludes, not a zero or missing rate). Orders written
 * before count as credited when they expected cash back, unless their category is one the portal now
 * excludes or one of their promos is known not to be portal-safe (a `pays_via` card's earn is part of
 * the expected amount, so that alone would count an excluded order).
 */
export const creditedBackfill = `UPDATE orders SET portal_credited = CASE
      WHEN portal IS NULL OR expected_cents <= 0 THEN 0
      WHEN EXISTS (SELECT 1 FROM portals p, json_each(CASE WHEN json_valid(p.excludes) THEN p.excludes ELSE '[]' END) e
        JOIN category_tree t ON t.ancestor = e.value WHERE p.id = orders.portal AND t.category = orders.category) THEN 0
      WHEN EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(orders.promos) THEN orders.promos ELSE '[]' END) pc
        JOIN promos pr ON pr.retailer = orders.retailer AND upper(pr.code) = upper(pc.value) WHERE pr.portal_safe = 0) THEN 0
      ELSE 1 END;`;
