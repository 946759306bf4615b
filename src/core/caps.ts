/**
 * Earn rules and caps: which rule applies to a purchase, and how much of a capped rule's period is
 * already used by the order log. The stack and `perk card` share these functions.
 */
import { inWindow, periodBounds, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { counts } from './order-status.js';
import { unmatchedOrders, type SpendTxn } from './spend.js';
import type { Card, Category, EarnRule, Order } from './types.js';

export interface PurchaseContext {
  /** The purchase category followed by its ancestors. */
  chain: readonly string[];
  /** Shopping portal and/or issuer travel portal the purchase goes through. */
  vias: readonly string[];
  date: IsoDate;
}

/**
 * An issuer travel portal named in `via` (`amex_travel`, `chase_travel`, `c1_travel`…), as opposed to a
 * shopping portal id, which must exist in the database.
 */
export const TRAVEL_PORTAL_RE = /^[a-z0-9][a-z0-9._-]*_travel$/;

/** The rule applies: category matches (or none), via matches (or none), date in its window. */
export function ruleMatches(rule: EarnRule, purchase: PurchaseContext): boolean {
  if (rule.category !== undefined && !purchase.chain.includes(rule.category)) return false;
  if (rule.via !== undefined && !purchase.vias.includes(rule.via)) return false;
  return inWindow(purchase.date, rule.from, rule.to);
}

export interface CapUse {
  period_start: IsoDate;
  period_end: IsoDate;
  cap_cents: Cents;
  used_cents: Cents;
  left_cents: Cents;
}

/**
 * Whether the order's shopping portal credited it (SPEC 9.7): recorded by `order add`/`import` from the
 * quote (the portal's own cash back above 0: no voiding promo, no excluded category, a rate above zero;
 * an order written without the flag counts as credited when it expected cash back), and not once a
 * credited amount of 0 is recorded (`order set --cashback 0`). A rule whose `via` is a shopping portal
 * earns, and uses its cap, only on the orders that portal credited; db/migrations.ts holds the same rule.
 */
export function portalCredited(order: Pick<Order, 'portal_credited' | 'expected_cents' | 'actual_cents'>): boolean {
  return (order.portal_credited ?? order.expected_cents > 0) && order.actual_cents !== 0;
}

/** The portal and travel portal an order went through, as a rule's `via` sees them (its portal only when credited). */
export function orderVias(order: Pick<Order, 'portal' | 'via' | 'portal_credited' | 'expected_cents' | 'actual_cents'>): string[] {
  return [portalCredited(order) ? order.portal : undefined, order.via].filter((v): v is string => typeof v === 'string');
}

/** The spend an order puts on its card: what was charged to it. */
export function orderSpend(order: Order): Cents {
  return order.charged_cents;
}

/**
 * Use of a capped rule in the cap period containing `date`, from the log itself (SPEC 10.2): the card's
 * imported transactions in that period that the rule matches (a transaction goes through no portal, so
 * a `via` rule counts none; refunds subtract), plus its non-ineligible orders that the rule matches (a
 * `via` shopping portal only on the orders it credited, `portalCredited`) and no transaction posts (core/spend.ts `posts`), summed and clamped to 0..cap. Undefined for an uncapped
 * rule. This is the rule as written; the commands ask the database for the same sum (`capUseOf` with
 * `Store.capSpend`, a running total), and tests hold the two together.
 */
export function capUse(
  rule: EarnRule,
  orders: readonly Order[],
  chainOf: (category: string) => readonly string[],
  date: IsoDate,
  txns: ReadonlyArray<Pick<SpendTxn, 'card' | 'date' | 'amount_cents' | 'category'>> = [],
): CapUse | undefined {
  if (rule.cap_cents === undefined) return undefined;
  const { start, end } = periodBounds(date, rule.cap_period ?? 'year');
  let used = 0;
  for (const order of unmatchedOrders(orders, txns)) {
    if (!counts(order) || order.date < start || order.date > end) continue;
    if (ruleMatches(rule, { chain: chainOf(order.category), vias: orderVias(order), date: order.date })) used += orderSpend(order);
  }
  for (const t of txns) {
    if (t.date < start || t.date > end) continue;
    if (ruleMatches(rule, { chain: chainOf(t.category), vias: [], date: t.date })) used += t.amount_cents;
  }
  const clamped = Math.max(0, Math.min(used, rule.cap_cents));
  return { period_start: start, period_end: end, cap_cents: rule.cap_cents, used_cents: clamped, left_cents: rule.cap_cents - clamped };
}

/** A card's capped earn rule and its index in `card.earn` (how a running total names the rule). */
export interface CapRule {
  card: string;
  index: number;
  rule: EarnRule;
}

/** A card's capped earn rules. */
export function cappedRules(card: Pick<Card, 'id' | 'earn'>): CapRule[] {
  return card.earn.flatMap((rule, index) => (rule.cap_cents === undefined ? [] : [{ card: card.id, index, rule }]));
}

/** What one entry of the log adds to the running total of a capped rule (`rule`: its index) in one cap period. */
export interface CapContribution {
  card: string;
  rule: number;
  period_start: IsoDate;
  cents: Cents;
}

/** What of an order decides the totals it counts toward. */
export type CapOrder = Pick<Order, 'card' | 'date' | 'category' | 'portal' | 'via' | 'charged_cents' | 'status' | 'portal_credited' | 'expected_cents' | 'actual_cents'>;
/** What of an imported transaction decides the totals it counts toward. */
export type CapTxn = Pick<SpendTxn, 'card' | 'date' | 'amount_cents' | 'category'>;

/**
 * The running totals an entry of the log counts toward, and with what amount: `capUse` summed entry by
 * entry, so the database can keep one total per card, capped rule and cap period (`Store.capSpend`).
 * An order counts its charge when it counts at all (not ineligible, core/order-status.ts) and the rule
 * matches it (category or an ancestor, `via` its credited shopping portal or its travel portal, the rule's own dates); a
 * transaction counts its amount (refunds negative) toward the rules without `via` that match it.
 * `rules` are the capped rules of the entry's card; the period is the rule's year, quarter or month.
 * The caller passes only orders no imported transaction posts (core/spend.ts `unmatchedOrders`).
 */
export function capContributions(
  entry: { order: CapOrder } | { txn: CapTxn },
  rules: readonly CapRule[],
  chainOf: (category: string) => readonly string[],
): CapContribution[] {
  let card: string | null | undefined;
  let cents: Cents;
  let purchase: PurchaseContext;
  if ('order' in entry) {
    const { order } = entry;
    if (!counts(order)) return [];
    card = order.card;
    cents = order.charged_cents;
    purchase = { chain: chainOf(order.category), vias: orderVias(order), date: order.date };
  } else {
    card = entry.txn.card;
    cents = entry.txn.amount_cents;
    purchase = { chain: chainOf(entry.txn.category), vias: [], date: entry.txn.date };
  }
  const out: CapContribution[] = [];
  for (const r of rules) {
    if (r.card !== card || !ruleMatches(r.rule, purchase)) continue;
    out.push({ card, rule: r.index, period_start: periodBounds(purchase.date, r.rule.cap_period ?? 'year').start, cents });
  }
  return out;
}

/**
 * Every contribution of a log (orders and imported transactions; `rulesOf` gives a card's capped
 * rules): the totals rebuilt from scratch.
 */
export function logCapContributions(
  orders: readonly CapOrder[],
  txns: readonly CapTxn[],
  rulesOf: (card: string) => readonly CapRule[],
  chainOf: (category: string) => readonly string[],
): CapContribution[] {
  const out: CapContribution[] = [];
  for (const order of unmatchedOrders(orders, txns)) {
    if (order.card) out.push(...capContributions({ order }, rulesOf(order.card), chainOf));
  }
  for (const c of txnsCapContributions(txns, rulesOf, chainOf)) out.push(c);
  return out;
}

/**
 * What imported transactions add to the running totals: `capContributions` of each, summed. A
 * transaction's contributions depend only on its card, date and category, and are its amount: so the
 * transactions are summed per card, day and category first, and each sum is one entry (a year of
 * statements is a few thousand sums, not 100,000 entries).
 */
export function txnsCapContributions(
  txns: readonly CapTxn[],
  rulesOf: (card: string) => readonly CapRule[],
  chainOf: (category: string) => readonly string[],
): CapContribution[] {
  // card → date → category → cents (nested maps: no key string per transaction).
  const sums = new Map<string, Map<IsoDate, Map<string, Cents>>>();
  // Statements come in date order: most rows have the card and date of the row before.
  let last: { card: string; date: IsoDate; byCategory: Map<string, Cents> } | undefined;
  for (const t of txns) {
    if (last?.date !== t.date || last.card !== t.card) {
      let byDate = sums.get(t.card);
      if (!byDate) sums.set(t.card, (byDate = new Map()));
      let byCategory = byDate.get(t.date);
      if (!byCategory) byDate.set(t.date, (byCategory = new Map()));
      last = { card: t.card, date: t.date, byCategory };
    }
    last.byCategory.set(t.category, (last.byCategory.get(t.category) ?? 0) + t.amount_cents);
  }
  const out: CapContribution[] = [];
  for (const [card, byDate] of sums) {
    const rules = rulesOf(card);
    if (!rules.length) continue;
    for (const [date, byCategory] of byDate) {
      for (const [category, amount_cents] of byCategory) out.push(...capContributions({ txn: { card, date, category, amount_cents } }, rules, chainOf));
    }
  }
  return out;
}

/**
 * The orders that `added` transactions post and that `before` (the transactions already there, at least
 * those that could post them) did not: they stop counting toward caps once the new ones are imported.
 */
export function newlyPosted<O extends Pick<Order, 'card' | 'date' | 'charged_cents'>>(
  orders: readonly O[],
  before: readonly Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>[],
  added: readonly Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>[],
): O[] {
  const open = unmatchedOrders(orders, before);
  const still = new Set(unmatchedOrders(open, added));
  return open.filter((o) => !still.has(o));
}

/** The dates whose spend counts toward a capped rule on `date`: its cap period within its own window. */
export function capWindow(rule: EarnRule, date: IsoDate): { start: IsoDate; end: IsoDate } | undefined {
  const period = periodBounds(date, rule.cap_period ?? 'year');
  const start = rule.from && rule.from > period.start ? rule.from : period.start;
  const end = rule.to && rule.to < period.end ? rule.to : period.end;
  return start <= end ? { start, end } : undefined;
}

/**
 * Use of a capped rule on `date`, with the spend it counted in the cap period summed by `spentIn`, given
 * the period's first day (in perk: the database's running total, `Store.capSpend`, one row whatever the
 * size of the order log). Undefined for an uncapped rule. The same answer as `capUse` over the orders
 * themselves: the total counts only orders inside the rule's own dates, so a period the rule's dates miss
 * has used nothing.
 */
export function capUseOf(rule: EarnRule, date: IsoDate, spentIn: (periodStart: IsoDate) => Cents): CapUse | undefined {
  if (rule.cap_cents === undefined) return undefined;
  const period = periodBounds(date, rule.cap_period ?? 'year');
  const window = capWindow(rule, date);
  const used = window ? Math.max(0, Math.min(spentIn(period.start), rule.cap_cents)) : 0;
  const { start, end } = window ?? period;
  return { period_start: start, period_end: end, cap_cents: rule.cap_cents, used_cents: used, left_cents: rule.cap_cents - used };
}

/** The category whose descendants confirm on a portal's `travel` window. */
export const TRAVEL = 'travel';

/** Whether a category is travel or under it (for a portal's per-channel `travel` confirmation window). */
export function isTravelCategory(categories: readonly Category[]): (id: string) => boolean {
  const chainOf = categoryChains(categories);
  return (id) => chainOf(id).includes(TRAVEL);
}

/**
 * A category's chain (itself, then its ancestors, nearest first) from the whole category list, memoised.
 * An unknown category is its own chain; a cycle in the data stops at the first repeat.
 */
export function categoryChains(categories: readonly Category[]): (id: string) => readonly string[] {
  const parents = new Map(categories.map((c) => [c.id, c.parent]));
  const memo = new Map<string, string[]>();
  return (id) => {
    let chain = memo.get(id);
    if (!chain) {
      chain = [id];
      let parent = parents.get(id);
      while (parent !== undefined && !chain.includes(parent)) {
        chain.push(parent);
        parent = parents.get(parent);
      }
      memo.set(id, chain);
    }
    return chain;
  };
}
