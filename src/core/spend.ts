/**
 * Imported spending (SPEC section 10): the transactions of issuer exports, which orders they post,
 * which perk category a transaction gets, and spending summed by category and card. Pure: the
 * command reads files and the database, this decides.
 */
import { addDays, addMonths, type IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { counts } from './order-status.js';
import type { Order, Retailer } from './types.js';

/** A transaction as imported: charges positive, refunds and credits negative. */
export interface SpendTxn {
  id?: number | undefined;
  card: string;
  date: IsoDate;
  amount_cents: Cents;
  description: string;
  /** 1 for the first row with the same card, date, amount and description in its file, then 2, 3… */
  occurrence: number;
  issuer_category?: string | null | undefined;
  category: string;
  /** The category was set by `perk spend set` (a re-import keeps it). */
  category_set?: boolean | undefined;
  source?: string | null | undefined;
}

/** Days after an order's date within which a transaction of the same amount posts it (SPEC 10.2). */
export const POSTING_DAYS = 5;

/** Transaction `t` posts order `o`: same card, same charged amount, dated 0–5 days after the order. */
export function posts(t: Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>, o: Pick<Order, 'card' | 'date' | 'charged_cents'>): boolean {
  return (
    o.card !== null && o.card !== undefined && t.card === o.card && t.amount_cents === o.charged_cents && t.date >= o.date && t.date <= addDays(o.date, POSTING_DAYS)
  );
}

/**
 * The orders that no imported transaction posts (SPEC 10.2): they are spending the imports do not hold
 * yet. A transaction posts every order it matches (two equal orders a day apart are both posted by one
 * charge), which is how the database's cap totals count them too.
 */
export function unmatchedOrders<O extends Pick<Order, 'card' | 'date' | 'charged_cents'>>(
  orders: readonly O[],
  txns: readonly Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>[],
): O[] {
  if (!orders.length) return [];
  // The transactions by card and amount, so each order is checked (`posts`) only against its candidates.
  const byKey = new Map<string, Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>>>();
  for (const t of txns) {
    const key = `${t.card}\u0000${t.amount_cents}`;
    const same = byKey.get(key);
    if (same) same.push(t);
    else byKey.set(key, [t]);
  }
  return orders.filter((o) => {
    if (o.card === null || o.card === undefined) return true;
    const candidates = byKey.get(`${o.card}\u0000${o.charged_cents}`);
    return !candidates?.some((t) => posts(t, o));
  });
}

/**
 * Occurrence numbers of a file's rows (all of one card): the nth row with the same date, amount and
 * description is occurrence n — as counting occurrenceKey in a Map, without building and hashing that
 * key string for each of 100,000 rows: a Map per date (the last one kept at hand, as exports come in
 * date order) of amounts, each holding the one description seen with it, or a count per description
 * once there are two. (tests/unit/spend-import.test.ts holds it to the Map of occurrenceKey.)
 */
export class OccurrenceCounter {
  private readonly byDate = new Map<string, Map<number, string | Map<string, number>>>();
  private lastDate: string | undefined;
  private last: Map<number, string | Map<string, number>> | undefined;

  next(date: IsoDate, amount: Cents, description: string): number {
    let byAmount = date === this.lastDate ? this.last : this.byDate.get(date);
    if (!byAmount) this.byDate.set(date, (byAmount = new Map()));
    this.lastDate = date;
    this.last = byAmount;
    const seen = byAmount.get(amount);
    if (seen === undefined) {
      byAmount.set(amount, description);
      return 1;
    }
    if (typeof seen === 'string') {
      if (seen === description) {
        byAmount.set(amount, new Map([[description, 2]]));
        return 2;
      }
      byAmount.set(amount, new Map([[seen, 1], [description, 1]]));
      return 1;
    }
    const n = (seen.get(description) ?? 0) + 1;
    seen.set(description, n);
    return n;
  }
}

/** What makes two rows of a file the same transaction but for their occurrence number. */
export function occurrenceKey(card: string, date: IsoDate, amount: Cents, description: string): string {
  return `${card}\u0000${date}\u0000${amount}\u0000${description}`;
}

// ---- categories -------------------------------------------------------------------------------

/** Lower case, apostrophes dropped, every other run of non-letters/digits one space: `MACY'S #12` → `macys 12`. */
export function words(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Finds the retailer a card statement's description names: its id, name or an alias as whole words
 * (`AMAZON.COM*2K4 AMZN.COM/BILL` → amazon, `THE HOME DEPOT #6543` → homedepot). The earliest match
 * in the description wins, the longest key at that word, so `DOORDASH*CHIPOTLE` is DoorDash.
 * Keys shorter than three characters are ignored.
 */
export class RetailerMatcher {
  /** First word → keys starting with it (as word lists), longest first. */
  private readonly byFirst = new Map<string, Array<{ words: string[]; retailer: Retailer }>>();
  private readonly memo = new Map<string, Retailer | null>();

  constructor(retailers: readonly Retailer[]) {
    for (const r of retailers) {
      const keys = new Set([r.id, r.name, ...(r.aliases ?? [])].map(words).filter((k) => k.replace(/ /g, '').length >= 3));
      for (const key of keys) {
        const list = key.split(' ');
        const first = list[0] as string;
        const entries = this.byFirst.get(first) ?? [];
        entries.push({ words: list, retailer: r });
        this.byFirst.set(first, entries);
      }
    }
    for (const entries of this.byFirst.values()) entries.sort((a, b) => b.words.length - a.words.length || (a.retailer.id < b.retailer.id ? -1 : 1));
  }

  match(description: string): Retailer | undefined {
    let hit = this.memo.get(description);
    if (hit === undefined) {
      hit = this.find(words(description).split(' ')) ?? null;
      if (this.memo.size < 100_000) this.memo.set(description, hit);
    }
    return hit ?? undefined;
  }

  private find(tokens: string[]): Retailer | undefined {
    for (let i = 0; i < tokens.length; i++) {
      const entries = this.byFirst.get(tokens[i] as string);
      if (!entries) continue;
      for (const e of entries) {
        if (e.words.every((w, j) => tokens[i + j] === w)) return e.retailer;
      }
    }
    return undefined;
  }
}

/** Issuer category → perk category, per issuer (data/spend/issuer-categories.json), keys matched case-insensitively. */
export type IssuerCategoryMap = Readonly<Record<string, Readonly<Record<string, string>>>>;

export const OTHER = 'other';

/**
 * The perk category of a transaction (SPEC 10.1): the retailer its description names, else its issuer
 * category through the issuer's mapping table, else `other`.
 */
export function categorize(
  description: string,
  issuerCategory: string | null | undefined,
  issuer: string,
  matcher: RetailerMatcher,
  mapping: IssuerCategoryMap,
): string {
  const retailer = matcher.match(description);
  if (retailer) return retailer.category;
  if (issuerCategory) {
    const table = mapping[issuer];
    const mapped = table?.[issuerCategory.trim().toLowerCase()];
    if (mapped) return mapped;
  }
  return OTHER;
}

/** The mapping table with lower-cased keys (what `categorize` expects). */
export function normalizeMapping(raw: Readonly<Record<string, Readonly<Record<string, string>>>>): IssuerCategoryMap {
  const out: Record<string, Record<string, string>> = {};
  for (const [issuer, table] of Object.entries(raw)) {
    out[issuer] = Object.fromEntries(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v]));
  }
  return out;
}

// ---- summaries --------------------------------------------------------------------------------

/** Spending of the replay and the summaries: a day's transactions of one card and category, or an unmatched order. */
export interface Spend {
  date: IsoDate;
  card: string | null;
  category: string;
  amount_cents: Cents;
  /** How many transactions it sums (1 when absent). */
  count?: number | undefined;
}

/**
 * Spending (SPEC 10.2): imported transactions (here already summed per day, card and category) plus the
 * orders that no transaction posts; `postings` are the transactions of the orders' cards around their dates.
 */
export function spendOf(
  txnTotals: readonly Spend[],
  orders: ReadonlyArray<Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>>,
  postings: ReadonlyArray<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>>,
): Spend[] {
  const open = unmatchedOrders(
    orders.filter(counts),
    postings,
  );
  return [...txnTotals, ...open.map((o) => ({ date: o.date, card: o.card ?? null, category: o.category, amount_cents: o.charged_cents }))];
}

export interface SpendTotal {
  key: string;
  spend_cents: Cents;
  count: number;
}

/** Spending summed by `keyOf`, largest first (ties by key). */
export function totalsBy(spend: readonly Spend[], keyOf: (s: Spend) => string): SpendTotal[] {
  const sums = new Map<string, SpendTotal>();
  for (const s of spend) {
    const key = keyOf(s);
    const t = sums.get(key);
    if (t) {
      t.spend_cents += s.amount_cents;
      t.count += s.count ?? 1;
    } else sums.set(key, { key, spend_cents: s.amount_cents, count: s.count ?? 1 });
  }
  return [...sums.values()].sort((a, b) => b.spend_cents - a.spend_cents || (a.key < b.key ? -1 : 1));
}

/** The first day of the last `months` months up to `today` (12 months to 2026-11-21 start 2025-11-22). */
export function windowStart(today: IsoDate, months: number): IsoDate {
  return addDays(addMonths(today, -months), 1);
}
