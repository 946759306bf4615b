/**
 * Reads and writes of imported spending (SPEC section 10) and welcome windows, over a Store's
 * connection and prepared statements. Cap totals follow the transactions by trigger (migration 40).
 */
import { addDays, type IsoDate } from '../core/dates.js';
import type { Cents } from '../core/money.js';
import { POSTING_DAYS, type Spend, type SpendTxn } from '../core/spend.js';
import type { Order } from '../core/types.js';
import { CAP_SQL } from './migrations.js';
import type { Store } from './store.js';

type Row = Record<string, unknown>;

/** From this many rows an import updates cap totals set-based (importBulk) rather than row by row. */
const BULK_ROWS = 500;

/** Rows per INSERT statement (8 parameters each, well under SQLite's limit of 32,766). */
const TXN_BATCH = 64;
/**
 * The INSERT of n rows. `shared`: the rows share their card and source (one file's rows, as an import
 * writes them), bound once as @card and @source: 6 parameters a row to bind instead of 8 (~15% of the
 * insert's CPU for 100,000 rows).
 */
const insertTxnSql = (n: number, shared = false) => `INSERT INTO transactions (card, date, amount_cents, description, occurrence, issuer_category, category, source)
  VALUES ${Array.from({ length: n }, () => (shared ? '(@card, ?, ?, ?, ?, ?, ?, @source)' : '(?, ?, ?, ?, ?, ?, ?, ?)')).join(', ')}
  ON CONFLICT (card, date, amount_cents, description, occurrence) DO UPDATE SET
    issuer_category = excluded.issuer_category, category = excluded.category
  WHERE transactions.category_set = 0 AND (transactions.category IS NOT excluded.category OR transactions.issuer_category IS NOT excluded.issuer_category)`;

const EXISTS_TXN = 'SELECT 1 FROM transactions WHERE card = ? AND date = ? AND amount_cents = ? AND description = ? AND occurrence = ?';

function txnFromRow(r: Row): SpendTxn {
  return {
    id: r.id as number,
    card: r.card as string,
    date: r.date as string,
    amount_cents: r.amount_cents as number,
    description: r.description as string,
    occurrence: r.occurrence as number,
    issuer_category: r.issuer_category as string | null,
    category: r.category as string,
    category_set: r.category_set === 1,
    source: r.source as string | null,
  };
}

export class SpendStore {
  constructor(private readonly store: Store) {}

  /**
   * Write transactions (in the caller's transaction): a row already imported (same card, date, amount,
   * description and occurrence) is not added again; its category follows a new mapping unless the
   * user set it. Returns how many were new.
   */
  importTransactions(rows: readonly SpendTxn[]): number {
    if (rows.length >= BULK_ROWS) return this.importBulk(rows);
    return this.insertRows(rows);
  }

  /**
   * Many rows: the cap-total trigger is held off (cap_defer) and the totals follow in two set-based
   * statements (CAP_SQL.bulkAdd), the same sums at a fraction of the cost. Needs the caller's transaction.
   */
  private importBulk(rows: readonly SpendTxn[]): number {
    if (!this.store.db.inTransaction) throw new Error('internal: a bulk import of transactions needs a transaction');
    const maxId = (this.store.stmt('SELECT COALESCE(MAX(id), 0) AS m FROM transactions').get() as { m: number }).m;
    let from = '9999-12-31';
    let to = '0000-01-01';
    for (const t of rows) {
      if (t.date < from) from = t.date;
      if (t.date > to) to = t.date;
    }
    this.store.stmt('INSERT INTO cap_defer (since_id) VALUES (?)').run(maxId);
    const added = this.insertRows(rows);
    this.store.stmt('DELETE FROM cap_defer').run();
    // Orders up to 5 days before the first new transaction can be posted by it.
    const [txnTotals, postedOrders] = CAP_SQL.bulkAdd as [string, string];
    this.store.stmt(txnTotals).run({ since: maxId });
    this.store.stmt(postedOrders).run({ since: maxId, from: addDays(from, -POSTING_DAYS), to });
    return added;
  }

  private insertRows(rows: readonly SpendTxn[]): number {
    const before = this.transactionCount();
    const first = rows[0];
    const card = first?.card;
    const source = first?.source ?? null;
    const shared = rows.every((t) => t.card === card && (t.source ?? null) === source);
    const named = { card, source };
    const params: unknown[] = [];
    const push = shared
      ? (t: SpendTxn) => params.push(t.date, t.amount_cents, t.description, t.occurrence, t.issuer_category ?? null, t.category)
      : (t: SpendTxn) => params.push(t.card, t.date, t.amount_cents, t.description, t.occurrence, t.issuer_category ?? null, t.category, t.source ?? null);
    const run = (sql: string) => (shared ? this.store.stmt(sql).run(params, named) : this.store.stmt(sql).run(params));
    const batch = insertTxnSql(TXN_BATCH, shared);
    let i = 0;
    for (; i + TXN_BATCH <= rows.length; i += TXN_BATCH) {
      params.length = 0;
      for (let j = i; j < i + TXN_BATCH; j++) push(rows[j] as SpendTxn);
      run(batch);
    }
    if (i < rows.length) {
      params.length = 0;
      for (let j = i; j < rows.length; j++) push(rows[j] as SpendTxn);
      run(insertTxnSql(rows.length - i, shared));
    }
    return this.transactionCount() - before;
  }

  /** How many of `rows` are already imported (for --dry-run). */
  countExisting(rows: readonly SpendTxn[]): number {
    const exists = this.store.stmt(EXISTS_TXN);
    return rows.filter((t) => exists.get(t.card, t.date, t.amount_cents, t.description, t.occurrence) !== undefined).length;
  }

  transaction(id: number): SpendTxn | undefined {
    const r = this.store.stmt('SELECT * FROM transactions WHERE id = ?').get(id) as Row | undefined;
    return r ? txnFromRow(r) : undefined;
  }

  /** Transactions dated `since` or later (all when undefined), by date then id; optionally one card, one category. */
  transactions(filter: { since?: IsoDate | undefined; until?: IsoDate | undefined; card?: string | undefined; category?: string | undefined } = {}): SpendTxn[] {
    const rows = this.store
      .stmt(
        `SELECT * FROM transactions WHERE date >= ? AND date <= ? AND (? IS NULL OR card = ?) AND (? IS NULL OR category = ?)
         ORDER BY date, id`,
      )
      .all(filter.since ?? '', filter.until ?? '9999-12-31', filter.card ?? null, filter.card ?? null, filter.category ?? null, filter.category ?? null) as Row[];
    return rows.map(txnFromRow);
  }

  /** Transactions from `since` to `until` summed per day, card and category (what a replay or a summary needs). */
  spendTotals(since: IsoDate, until: IsoDate): Spend[] {
    return this.store
      .stmt(
        `SELECT date, card, category, SUM(amount_cents) AS amount_cents, count(*) AS count FROM transactions
         WHERE date >= ? AND date <= ? GROUP BY date, card, category`,
      )
      .all(since, until) as Spend[];
  }

  /** Orders (not ineligible) from `since` to `until`, as the replay needs them. */
  orderRows(since: IsoDate, until: IsoDate): Array<Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>> {
    return this.store
      .stmt("SELECT card, date, charged_cents, category, status FROM orders WHERE date >= ? AND date <= ? AND status != 'ineligible'")
      .all(since, until) as Array<Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>>;
  }

  /** Transactions of one card from `since` to `until` that could post orders, and its spend there. */
  cardSpendRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>> {
    return this.store
      .stmt('SELECT card, date, amount_cents FROM transactions WHERE card = ? AND date >= ? AND date <= ?')
      .all(card, since, until) as Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>>;
  }

  /** Orders of one card from `since` to `until` (not ineligible). */
  cardOrderRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<Order, 'card' | 'date' | 'charged_cents'>> {
    return this.store
      .stmt("SELECT card, date, charged_cents FROM orders WHERE card = ? AND date >= ? AND date <= ? AND status != 'ineligible'")
      .all(card, since, until) as Array<Pick<Order, 'card' | 'date' | 'charged_cents'>>;
  }

  /** Fix a transaction's category (`perk spend set`): marked as the user's, so a re-import keeps it. */
  setCategory(id: number, category: string): boolean {
    return this.store.stmt('UPDATE transactions SET category = ?, category_set = 1 WHERE id = ?').run(category, id).changes > 0;
  }

  transactionCount(): number {
    return (this.store.stmt('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
  }

  /** Total imported spending of a card (for tests and summaries). */
  cardTotal(card: string): Cents {
    return (this.store.stmt('SELECT COALESCE(SUM(amount_cents), 0) AS s FROM transactions WHERE card = ?').get(card) as { s: number }).s;
  }

  /** Wallet cards with an opening day (SPEC 10.4): one read of the small wallet table, for perk stack's note. */
  openedCards(): Array<{ card: string; opened: IsoDate }> {
    return this.store.stmt('SELECT card, opened FROM wallet WHERE opened IS NOT NULL').all() as Array<{ card: string; opened: IsoDate }>;
  }

  /** Wallet cards with the day they were opened (SPEC 10.4). */
  walletOpened(): Array<{ card: string; opened: IsoDate | null }> {
    return this.store.stmt('SELECT card, opened FROM wallet ORDER BY card').all() as Array<{ card: string; opened: IsoDate | null }>;
  }
}
