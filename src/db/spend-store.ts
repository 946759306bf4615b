/**
 * Reads and writes of imported spending (SPEC section 10) and welcome windows, over a Store's
 * connection and prepared statements. Cap totals follow the transactions in the same write (cap-totals.ts).
 */
import { addDays, type IsoDate } from '../core/dates.js';
import { POSTING_DAYS, type Spend, type SpendTxn } from '../core/spend.js';
import type { Order } from '../core/types.js';
import { COUNTED_STATUSES } from '../core/order-status.js';
import { COUNTED_SQL } from './store-core.js';
import type { Store } from './store.js';

type Row = Record<string, unknown>;

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

/** What identifies an imported row (the table's unique key). */
const identity = (t: Pick<SpendTxn, 'card' | 'date' | 'amount_cents' | 'description' | 'occurrence'>): string =>
  `${t.card}\u0000${t.date}\u0000${t.amount_cents}\u0000${t.description}\u0000${t.occurrence}`;

/**
 * Which of `rows` are new against `before` (the rows already there) and each other, and which are there
 * with another category that the upsert replaces — what an import adds and moves.
 */
function compareRows(
  rows: readonly SpendTxn[],
  before: readonly SpendTxn[],
): { added: SpendTxn[]; recategorised: Array<{ before: SpendTxn; after: SpendTxn }> } {
  const known = new Map(before.map((t) => [identity(t), t]));
  const added: SpendTxn[] = [];
  const recategorised: Array<{ before: SpendTxn; after: SpendTxn }> = [];
  for (const t of rows) {
    const key = identity(t);
    const old = known.get(key);
    if (!old) {
      added.push(t);
      known.set(key, t);
    } else if (!old.category_set && (old.category !== t.category || (old.issuer_category ?? null) !== (t.issuer_category ?? null))) {
      // The upsert gives it the new category (as its WHERE says): its cap use moves with it.
      recategorised.push({ before: old, after: t });
      known.set(key, { ...old, category: t.category, issuer_category: t.issuer_category });
    }
  }
  return { added, recategorised };
}

/** The first and last dates of `rows` (at least one) and their cards. */
function span(rows: readonly SpendTxn[]): { from: IsoDate; to: IsoDate; cards: Set<string> } {
  let from = rows[0]!.date;
  let to = from;
  const cards = new Set<string>();
  for (const t of rows) {
    if (t.date < from) from = t.date;
    if (t.date > to) to = t.date;
    cards.add(t.card);
  }
  return { from, to, cards };
}

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
   * Write transactions (in the caller's transaction, else in one of their own): a row already imported
   * (same card, date, amount, description and occurrence) is not added again; its category follows a
   * new mapping unless the user set it. Cap totals follow in the same transaction (cap-totals.ts): the
   * new rows count in, the orders they post count out, a changed category moves its row's amount.
   * Returns how many were new.
   */
  importTransactions(rows: readonly SpendTxn[]): number {
    if (!rows.length) return 0;
    return this.store.atomically(() => {
      const { from, to, cards } = span(rows);
      // The rows already there that these may be, or that may post the same orders (read before writing).
      const before: SpendTxn[] = [];
      const read = this.store.stmt(
        'SELECT card, date, amount_cents, description, occurrence, issuer_category, category, category_set = 1 AS category_set FROM transactions WHERE card = ? AND date >= ? AND date <= ?',
      );
      for (const card of cards) for (const t of read.all(card, addDays(from, -POSTING_DAYS), addDays(to, POSTING_DAYS)) as SpendTxn[]) before.push(t);
      const idBefore = this.lastId();
      this.insertRows(rows);
      return this.counted(rows, before, idBefore);
    });
  }

  /**
   * importTransactions of one file's rows on `card` written as they come, a piece at a time (a large
   * import writes them as it reads them, commands/spend-import.ts), when the card has no transactions yet:
   * `finish` then counts the whole as importTransactions counts it (nothing was there before them).
   * Undefined when the card has transactions: its rows are imported whole. Only inside the caller's
   * write (Store.write), which `finish` must end in: the pieces and their cap totals are one transaction.
   *
   * When the card has no orders either, nothing the rows post: each piece's cap totals are counted as it
   * is written and its rows let go, so a 100,000-row import holds no more than a piece. Every row goes in
   * then (a file's rows are distinct, by their occurrence numbers); should some have been the same row
   * twice, the card's totals are rebuilt from the table at the end of the write (CapTotals.cardChanged).
   */
  freshImport(card: string): { add(rows: readonly SpendTxn[]): void; finish(): number } | undefined {
    if (!this.store.db.inTransaction) throw new Error('internal: SpendStore.freshImport outside a write');
    if (this.store.stmt('SELECT 1 FROM transactions WHERE card = ? LIMIT 1').get(card) !== undefined) return undefined;
    const postsNothing = this.store.stmt('SELECT 1 FROM orders WHERE card = ? LIMIT 1').get(card) === undefined;
    const idBefore = this.lastId();
    const held: SpendTxn[] = [];
    let written = 0;
    return {
      add: (rows) => {
        if (!rows.length) return;
        if (rows.some((t) => t.card !== card)) throw new Error(`internal: a row of another card than ${card} in its fresh import`);
        this.insertRows(rows);
        written += rows.length;
        if (!postsNothing) {
          for (const t of rows) held.push(t);
          return;
        }
        const { from, to } = span(rows);
        this.store.caps.txnsAdded(rows, [], [card], from, to);
      },
      finish: () => {
        if (!postsNothing) return held.length ? this.counted(held, [], idBefore) : 0;
        // How many went in: all of them (allWentIn), else the card's rows (it had none before).
        const added = this.allWentIn(idBefore, written) ? written : (this.store.stmt('SELECT count(*) FROM transactions WHERE card = ?').pluck().get(card) as number);
        if (added !== written) this.store.caps.cardChanged(card);
        return added;
      },
    };
  }

  /**
   * Whether all `rows` rows written since the largest id was `idBefore` went in as new rows. A new row's
   * id is the largest there + 1 (SQLite's rowid rule for a table without AUTOINCREMENT, short of the
   * largest integer), so the largest id grew by exactly how many went in — read from the end of the
   * table, where count(*) reads all of it (~9 ms at 100,000 rows).
   */
  private allWentIn(idBefore: number, rows: number): boolean {
    return idBefore + rows < Number.MAX_SAFE_INTEGER && this.lastId() - idBefore === rows;
  }

  /** The largest transaction id (0 for none). */
  private lastId(): number {
    return (this.store.stmt('SELECT max(id) FROM transactions').pluck().get() as number | null) ?? 0;
  }

  /**
   * After `rows` were written (insertRows) over `before` (the transactions of their cards from their
   * first date − POSTING_DAYS to their last + POSTING_DAYS, as they were), the largest id having been
   * `idBefore`: which rows were new and which changed category, their cap totals, how many were new.
   */
  private counted(rows: readonly SpendTxn[], before: readonly SpendTxn[], idBefore: number): number {
    const { from, to, cards } = span(rows);
    // Every row went in: none was there already (it would have met the unique key) and none repeats
    // another, so all are new and none recategorised — what the comparison below would find, without a
    // key string per row (a large import). Otherwise the rows are compared with what was there, and with
    // each other.
    const allNew = this.allWentIn(idBefore, rows.length);
    const { added, recategorised } = allNew ? { added: rows, recategorised: [] } : compareRows(rows, before);
    for (const moved of recategorised) {
      this.store.caps.txn(moved.before, -1);
      this.store.caps.txn(moved.after, 1);
    }
    this.store.caps.txnsAdded(added, before, [...cards], from, to);
    return added.length;
  }

  private insertRows(rows: readonly SpendTxn[]): void {
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

  /** Orders that count (core/order-status.ts) from `since` to `until`, as the replay needs them. */
  orderRows(since: IsoDate, until: IsoDate): Array<Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>> {
    return this.store
      .stmt(`SELECT card, date, charged_cents, category, status FROM orders WHERE date >= ? AND date <= ? AND status IN (${COUNTED_SQL})`)
      .all(since, until, ...COUNTED_STATUSES) as Array<Pick<Order, 'card' | 'date' | 'charged_cents' | 'category' | 'status'>>;
  }

  /** Transactions of one card from `since` to `until` that could post orders, and its spend there. */
  cardSpendRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>> {
    return this.store
      .stmt('SELECT card, date, amount_cents FROM transactions WHERE card = ? AND date >= ? AND date <= ?')
      .all(card, since, until) as Array<Pick<SpendTxn, 'card' | 'date' | 'amount_cents'>>;
  }

  /** Orders of one card from `since` to `until` that count (core/order-status.ts). */
  cardOrderRows(card: string, since: IsoDate, until: IsoDate): Array<Pick<Order, 'card' | 'date' | 'charged_cents'>> {
    return this.store
      .stmt(`SELECT card, date, charged_cents FROM orders WHERE card = ? AND date >= ? AND date <= ? AND status IN (${COUNTED_SQL})`)
      .all(card, since, until, ...COUNTED_STATUSES) as Array<Pick<Order, 'card' | 'date' | 'charged_cents'>>;
  }

  /** Fix a transaction's category (`perk spend set`): marked as the user's, so a re-import keeps it; its cap use moves with it. */
  setCategory(id: number, category: string): boolean {
    return this.store.atomically(() => {
      const before = this.transaction(id);
      if (!before) return false;
      this.store.stmt('UPDATE transactions SET category = ?, category_set = 1 WHERE id = ?').run(category, id);
      this.store.caps.txn(before, -1);
      this.store.caps.txn({ ...before, category }, 1);
      return true;
    });
  }

  transactionCount(): number {
    return (this.store.stmt('SELECT count(*) AS n FROM transactions').get() as { n: number }).n;
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
