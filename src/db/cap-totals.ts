/**
 * Cap use as running totals (`cap_spend`: one row per card, capped rule and cap period start), kept by
 * the store in the transaction of every write of an order or an imported transaction (migration 10 on;
 * before it, triggers did). Which totals an entry counts toward, and with what amount, is decided by
 * core/caps.ts (`capContributions`, the same rule as `capUse`); this file only reads what it needs and
 * applies the deltas: the old contributions of a changed entry out, the new ones in, summed per total
 * in memory and written with one upsert per total when the transaction ends (or before a total is read).
 */
import type { Statement } from 'better-sqlite3';
import { addDays, type IsoDate } from '../core/dates.js';
import {
  capContributions,
  cappedRules,
  categoryChains,
  logCapContributions,
  newlyPosted,
  txnsCapContributions,
  type CapContribution,
  type CapOrder,
  type CapRule,
  type CapTxn,
} from '../core/caps.js';
import { POSTING_DAYS, unmatchedOrders } from '../core/spend.js';
import type { Card, Category } from '../core/types.js';

type Stmt = (sql: string) => Statement;
type Row = Record<string, unknown>;

/** The order columns core/caps.ts reads, as stored. */
const ORDER_COLUMNS = 'card, date, category, portal, via, charged_cents, status, portal_credited, expected_cents, actual_cents';

export function capOrderFromRow(r: Row): CapOrder {
  return {
    card: r.card as string | null,
    date: r.date as string,
    category: r.category as string,
    portal: r.portal as string | null,
    via: r.via as string | null,
    charged_cents: r.charged_cents as number,
    status: r.status as CapOrder['status'],
    portal_credited: r.portal_credited === 1,
    expected_cents: r.expected_cents as number,
    actual_cents: r.actual_cents as number | null,
  };
}

const UPSERT = `INSERT INTO cap_spend (card, rule, period_start, spend_cents) VALUES (?, ?, ?, ?)
  ON CONFLICT (card, rule, period_start) DO UPDATE SET spend_cents = spend_cents + excluded.spend_cents`;

export class CapTotals {
  /** Deltas not yet written, by card, rule and period start. */
  private readonly pending = new Map<string, CapContribution>();
  /** Cards whose earn rules changed: their totals are rebuilt (their deltas are dropped). */
  private readonly cardsChanged = new Set<string>();
  /** The category tree changed: every total is rebuilt. */
  private treeChanged = false;
  private readonly rules = new Map<string, CapRule[]>();
  private chains: ((id: string) => readonly string[]) | undefined;

  constructor(private readonly stmt: Stmt) {}

  /** Forget what was read and not written (a new transaction, or one rolled back). */
  reset(): void {
    this.pending.clear();
    this.cardsChanged.clear();
    this.treeChanged = false;
    this.rules.clear();
    this.chains = undefined;
  }

  /** A card's earn rules changed (or it is new): its totals are rebuilt at the end of the transaction. */
  cardChanged(card: string): void {
    this.cardsChanged.add(card);
    this.rules.delete(card);
  }

  /** A category was added or moved: every total is rebuilt at the end of the transaction. */
  categoriesChanged(): void {
    this.treeChanged = true;
    this.chains = undefined;
  }

  private rulesOf(card: string | null | undefined): readonly CapRule[] {
    if (!card) return [];
    let rules = this.rules.get(card);
    if (!rules) {
      const earn = this.stmt('SELECT earn FROM cards WHERE id = ?').pluck().get(card) as string | undefined;
      rules = earn === undefined ? [] : cappedRules({ id: card, earn: JSON.parse(earn) as Card['earn'] });
      this.rules.set(card, rules);
    }
    return rules;
  }

  private chainOf(): (id: string) => readonly string[] {
    this.chains ??= categoryChains(this.stmt('SELECT id, parent FROM categories').all() as Array<{ id: string; parent: string | null }> as Category[]);
    return this.chains;
  }

  private add(contributions: readonly CapContribution[], sign: 1 | -1): void {
    for (const c of contributions) {
      if (c.cents === 0) continue;
      const key = `${c.card}\u0000${c.rule}\u0000${c.period_start}`;
      const p = this.pending.get(key);
      if (p) p.cents += sign * c.cents;
      else this.pending.set(key, { ...c, cents: sign * c.cents });
    }
  }

  /**
   * Count an order in (`sign` 1) or out (-1): its contributions, unless a transaction already imported
   * posts it. The transactions read are those of its card and charged amount in its posting window
   * (core's POSTING_DAYS); core/spend.ts `unmatchedOrders` decides.
   */
  order(order: CapOrder, sign: 1 | -1): void {
    const rules = this.rulesOf(order.card);
    const contributions = capContributions({ order }, rules, this.chainOf());
    if (!contributions.length) return;
    const postings = this.stmt('SELECT card, date, amount_cents FROM transactions WHERE card = ? AND date >= ? AND date <= ? AND amount_cents = ?').all(
      order.card,
      order.date,
      addDays(order.date, POSTING_DAYS),
      order.charged_cents,
    ) as CapTxn[];
    if (unmatchedOrders([order], postings).length) this.add(contributions, sign);
  }

  /** A stored order by id, as core reads it (undefined: none). */
  storedOrder(id: number): CapOrder | undefined {
    const r = this.stmt(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ?`).get(id) as Row | undefined;
    return r ? capOrderFromRow(r) : undefined;
  }

  /** Count a transaction in or out (its category changed: out with the old, in with the new). */
  txn(txn: CapTxn, sign: 1 | -1): void {
    this.add(capContributions({ txn }, this.rulesOf(txn.card), this.chainOf()), sign);
  }

  /**
   * New transactions `added` (already written), of `cards` dated `from`..`to`, where `before` held the
   * transactions of those cards from `from` − POSTING_DAYS to `to` + POSTING_DAYS before they came:
   * they count in, and the orders they newly post count out (core/caps.ts `newlyPosted`).
   */
  txnsAdded(added: readonly CapTxn[], before: readonly CapTxn[], cards: readonly string[], from: IsoDate, to: IsoDate): void {
    if (!added.length) return;
    const chainOf = this.chainOf();
    this.add(txnsCapContributions(added, (card) => this.rulesOf(card), chainOf), 1);
    const orders: CapOrder[] = [];
    const read = this.stmt(`SELECT ${ORDER_COLUMNS} FROM orders WHERE card = ? AND date >= ? AND date <= ?`);
    for (const card of cards) {
      if (!this.rulesOf(card).length) continue;
      for (const r of read.iterate(card, addDays(from, -POSTING_DAYS), to) as Iterable<Row>) orders.push(capOrderFromRow(r));
    }
    for (const order of newlyPosted(orders, before, added)) this.add(capContributions({ order }, this.rulesOf(order.card), chainOf), -1);
  }

  /** Write what is pending: every total rebuilt after a category change, else the deltas, and the changed cards rebuilt. */
  flush(): void {
    if (this.treeChanged) {
      this.rebuild();
      return;
    }
    const changed = [...this.cardsChanged];
    this.cardsChanged.clear();
    if (this.pending.size) {
      const upsert = this.stmt(UPSERT);
      for (const c of this.pending.values()) if (c.cents !== 0 && !changed.includes(c.card)) upsert.run(c.card, c.rule, c.period_start, c.cents);
      this.pending.clear();
    }
    for (const card of changed) this.rebuild(card);
  }

  /** Rebuild the totals of one card, or of all, from the order log and imported spending (what is pending of it is dropped). */
  rebuild(card?: string): void {
    const byCard = card !== undefined;
    if (!byCard) {
      this.reset();
    } else {
      for (const [key, c] of this.pending) if (c.card === card) this.pending.delete(key);
      this.cardsChanged.delete(card);
      this.rules.delete(card);
    }
    this.stmt(byCard ? 'DELETE FROM cap_spend WHERE card = ?' : 'DELETE FROM cap_spend').run(...(byCard ? [card] : []));
    const cards = byCard ? [card] : (this.stmt('SELECT id FROM cards').pluck().all() as string[]);
    if (!cards.some((c) => this.rulesOf(c).length)) return;
    const orders = (
      byCard
        ? this.stmt(`SELECT ${ORDER_COLUMNS} FROM orders WHERE card = ?`).all(card)
        : this.stmt(`SELECT ${ORDER_COLUMNS} FROM orders WHERE card IS NOT NULL`).all()
    ).map((r) => capOrderFromRow(r as Row));
    const txns = (
      byCard
        ? this.stmt('SELECT card, date, amount_cents, category FROM transactions WHERE card = ?').all(card)
        : this.stmt('SELECT card, date, amount_cents, category FROM transactions').all()
    ) as CapTxn[];
    const totals = new Map<string, CapContribution>();
    for (const c of logCapContributions(orders, txns, (id) => this.rulesOf(id), this.chainOf())) {
      const key = `${c.rule}\u0000${c.card}\u0000${c.period_start}`;
      const t = totals.get(key);
      if (t) t.cents += c.cents;
      else totals.set(key, { ...c });
    }
    const upsert = this.stmt(UPSERT);
    for (const c of totals.values()) if (c.cents !== 0) upsert.run(c.card, c.rule, c.period_start, c.cents);
  }
}
