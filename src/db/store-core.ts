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

  close(): void {
    this.db.close();
  }

  /** Rebuild the category tree and every cap total from the order log (in a transaction). */
  protected rebuildCaps(): void {
    this.db.exec(CAP_SQL.rebuildAll);
    this.capTreeChanged = false;
  }
}
