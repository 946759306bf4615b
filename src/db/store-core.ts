/** The core of the repository layer: the connection, statements prepared once per store, and the write transaction. */
import type { Statement, Transaction } from 'better-sqlite3';
import { COUNTED_STATUSES } from '../core/order-status.js';
import { CapTotals } from './cap-totals.js';
import type { Db } from './open.js';

export type Row = Record<string, unknown>;

/** `?, ?`: a parameter for each status of an order that counts (core/order-status.ts COUNTED_STATUSES, passed after it). */
export const COUNTED_SQL = COUNTED_STATUSES.map(() => '?').join(', ');

export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
export const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** What every part of the Store stands on (store.ts puts the parts together). */
export class StoreCore {
  private readonly statements = new Map<string, Statement>();

  /** The store's one transaction function (see write). */
  private tx: Transaction<(f: () => unknown) => unknown> | undefined;

  /** How many write() calls are running (nested ones are savepoints). */
  private depth = 0;

  /** Cap use running totals, kept in the transaction of every write of an order or a transaction (cap-totals.ts). */
  readonly caps = new CapTotals((sql) => this.stmt(sql));

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

  /**
   * Run `fn` in one immediate (write-locking) transaction; a throw rolls everything back. The cap totals
   * the writes in it change are written at its end (a nested write, a savepoint, writes its own).
   */
  write<T>(fn: () => T): T {
    // One transaction function for the store (each db.transaction() prepares nine statements).
    this.tx ??= this.db.transaction((f: () => unknown) => {
      this.depth++;
      try {
        const result = f();
        this.caps.flush();
        return result;
      } catch (error) {
        // Rolled back: what was counted in it goes too.
        this.caps.reset();
        throw error;
      } finally {
        this.depth--;
      }
    });
    // Nested (a savepoint): what is pending belongs to the outer transaction, written before the
    // savepoint so that rolling it back takes only its own. Else what was read of cards and categories
    // in an earlier transaction may have changed since.
    if (this.db.inTransaction) this.caps.flush();
    else this.caps.reset();
    return this.tx.immediate(fn) as T;
  }

  /** Run `fn` in the current write, else in a write of its own: a write path's statements and its cap totals together. */
  atomically<T>(fn: () => T): T {
    return this.depth > 0 ? fn() : this.write(fn);
  }

  /**
   * `write` for a bulk import (tens of thousands of rows): the same one transaction, written through a
   * rollback journal rather than the WAL when this is the only connection. In WAL mode every page is
   * written twice (to the WAL, then copied into the database by the checkpoint, most of it at close) and
   * pages spilled from the cache mid-transaction are written again: 100,000 transactions were ~40 MB in
   * ~15,000 writes, against 17 MB in ~4,100 through the journal. Still atomic and crash-safe: a crash
   * leaves a hot journal that the next open rolls back, and `synchronous = FULL` while the journal is
   * used. With another connection open (a `perk mcp`, a reader) SQLite refuses the switch at once
   * (SQLITE_BUSY) and the write goes through the WAL as usual. WAL mode is restored afterwards (and by
   * every open, src/db/open.ts, should this process die first).
   */
  writeBulk<T>(fn: () => T): T {
    let journal = false;
    if (!this.db.inTransaction && this.db.pragma('journal_mode', { simple: true }) === 'wal') {
      try {
        journal = this.db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
      }
    }
    if (!journal) return this.write(fn);
    try {
      this.db.pragma('synchronous = FULL');
      return this.write(fn);
    } finally {
      try {
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
      } catch {
        // Another process has the database now: it set WAL mode itself (src/db/open.ts).
      }
    }
  }

  close(): void {
    this.db.close();
  }
}
