/** The core of the repository layer: the connection, statements prepared once per store, and the write transaction. */
import type { Statement, Transaction } from 'better-sqlite3';
import { CAP_SQL } from './cap-sql.js';
import type { Db } from './open.js';

export type Row = Record<string, unknown>;

export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
export const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** What every part of the Store stands on (store.ts puts the parts together). */
export class StoreCore {
  private readonly statements = new Map<string, Statement>();

  /** The store's one transaction function (see write). */
  private tx: Transaction<(f: () => unknown) => unknown> | undefined;

  /** A category was added or moved since cap totals were last rebuilt (see upsertCategory). */
  protected capTreeChanged = false;

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

  /** Run `fn` in one immediate (write-locking) transaction; a throw rolls everything back. */
  write<T>(fn: () => T): T {
    // One transaction function for the store (each db.transaction() prepares nine statements).
    this.tx ??= this.db.transaction((f: () => unknown) => {
      const result = f();
      if (this.capTreeChanged) this.rebuildCaps();
      return result;
    });
    try {
      return this.tx.immediate(fn) as T;
    } finally {
      // Committed: rebuilt above; rolled back: the category tree is as it was.
      if (!this.db.inTransaction) this.capTreeChanged = false;
    }
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

  /** Rebuild the category tree and every cap total from the order log (in a transaction). */
  protected rebuildCaps(): void {
    this.db.exec(CAP_SQL.rebuildAll);
    this.capTreeChanged = false;
  }
}
