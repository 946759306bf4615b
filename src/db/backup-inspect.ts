/** Inspecting a database file before a restore: SQLite and intact, a schema exactly as perk's migrations build it, rows and settings perk could have written. */
import fs from 'node:fs';
import { UsageError } from '../errors.js';
import { rawDatabase } from './backup-files.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { migrate, type Db } from './open.js';

/** The tables a backup summary counts, in the order it lists them. */
const COUNTED_TABLES = ['orders', 'bonuses', 'giftcards', 'promos', 'offers', 'rates', 'retailers', 'cards', 'wallet', 'config', 'watches'];

export interface DatabaseSummary {
  version: number;
  counts: Record<string, number>;
}

export function summarize(db: Db, version: number): DatabaseSummary {
  const counts: Record<string, number> = {};
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  for (const table of COUNTED_TABLES) {
    if (present.has(table)) counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  return { version, counts };
}

/** Table name → column names, for comparing a file's schema with the one a migration chain builds. */
function tableColumns(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  for (const { name } of tables) {
    out.set(name, (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).map((r) => r.name));
  }
  return out;
}

/** Every schema object (tables, indexes, triggers, views) with its SQL, as SQLite stores it. */
function schemaObjects(db: Db): Map<string, string> {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Array<{
    type: string;
    name: string;
    sql: string | null;
  }>;
  return new Map(rows.map((r) => [`${r.type} "${r.name}"`, r.sql ?? '']));
}

/**
 * The file's schema must be exactly the one perk's migrations build for its version: same tables with
 * the same columns, types, constraints and STRICT, same indexes, and nothing else (no trigger, no view,
 * no extra column or table). Anything else could not have been written by perk.
 */
export function checkExactSchema(db: Db, file: string, migrations: readonly Migration[], version: number): void {
  const reference = rawDatabase(':memory:');
  let expected: Map<string, string>;
  let referenceColumns: Map<string, string[]>;
  try {
    migrate(reference, migrations);
    expected = schemaObjects(reference);
    referenceColumns = tableColumns(reference);
  } finally {
    reference.close();
  }
  const actual = schemaObjects(db);
  const hint = 'Pass a file written by perk backup.';
  // Missing tables and columns first (the most telling), then anything changed, added or missing.
  const have = tableColumns(db);
  for (const name of expected.keys()) {
    const table = /^table "(.+)"$/.exec(name)?.[1];
    if (table !== undefined && !have.has(table)) throw new UsageError(`${file} is missing the table "${table}" of perk schema version ${version}.`, hint);
  }
  for (const [table, columns] of referenceColumns) {
    const missing = columns.filter((c) => !(have.get(table) ?? []).includes(c));
    if (missing.length) {
      throw new UsageError(`${file}: table "${table}" lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of schema version ${version}.`, hint);
    }
  }
  for (const [name, sql] of actual) {
    if (!expected.has(name)) throw new UsageError(`${file} has a ${name} that perk's schema version ${version} does not have.`, hint);
    if (expected.get(name) !== sql) throw new UsageError(`${file}: the ${name} is not defined as perk's schema version ${version} defines it.`, hint);
  }
  for (const name of expected.keys()) {
    if (!actual.has(name)) throw new UsageError(`${file} is missing the ${name} of perk schema version ${version}.`, hint);
  }
}

/**
 * Every row of a (migrated) copy must be valid under the rules of \`perk load\`: it is read back as
 * data format v1 and validated as a load into an empty database, and every setting as \`perk config set\`
 * checks it. So a restored database is one that perk's own commands could have produced.
 */
export async function checkContents(copy: string, file: string): Promise<void> {
  const [{ Store }, { exportDocument }, { validateItems, checkReferences }, { checkSetting }] = await Promise.all([
    import('./store.js'),
    import('../commands/export.js'),
    import('../load/apply.js'),
    import('../core/settings.js'),
  ]);
  const store = new Store(rawDatabase(copy, { fileMustExist: true }));
  const empty = new Store(rawDatabase(':memory:'));
  try {
    migrate(empty.db);
    let doc: Record<string, unknown[]>;
    try {
      doc = exportDocument(store);
    } catch (error) {
      throw new UsageError(`${file} holds values perk cannot read (${(error as Error).message}).`, 'Pass a file written by perk backup.');
    }
    const items = Object.entries(doc).flatMap(([kind, records]) =>
      records.map((value, index) => ({ kind: kind as never, value, file, line: 0, index })),
    );
    try {
      checkReferences(empty, validateItems(items));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      const detail = error.message.startsWith(file) ? error.message.slice(file.length).trimStart() : error.message;
      throw new UsageError(`${file} holds a record perk could not have written: ${detail}`, 'Pass a file written by perk backup.');
    }
    for (const [key, value] of Object.entries(store.config())) {
      const checked = checkSetting(store, key, value);
      if ('problem' in checked || checked.value !== value) throw new UsageError(`${file} holds a setting perk could not have written ("${key.slice(0, 60)}").`, 'Pass a file written by perk backup.');
    }
  } finally {
    store.close();
    empty.close();
  }
}

/**
 * Open `file` read-only. Reading a WAL-mode file makes SQLite create -wal/-shm beside it; `close`
 * removes those that did not exist before, so checking a file leaves no trace.
 */
export function openReadOnly(file: string): { db: Db; close(): void } {
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let db: Db;
  try {
    db = rawDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new UsageError(`${file} cannot be opened as a SQLite database (${(error as Error).message}).`);
  }
  return {
    db,
    close() {
      db.close();
      for (const f of sidecars) {
        const stat = fs.statSync(f, { throwIfNoEntry: false });
        if (stat && (f.endsWith('-shm') || stat.size === 0)) fs.rmSync(f, { force: true });
      }
    },
  };
}

/**
 * Check that `file` is a perk database this perk can use: SQLite, intact, schema version known and
 * ≤ ours, and every table and column of that version present. Throws a UsageError naming the problem.
 */
export function inspectDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): DatabaseSummary {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`Cannot read ${file}: no such file.`);
  if (!stat.isFile()) throw new UsageError(`${file} is not a file.`);
  const { db, close } = openReadOnly(file);
  try {
    let check: unknown;
    try {
      check = db.pragma('integrity_check', { simple: true });
    } catch (error) {
      throw new UsageError(`${file} is not a SQLite database (${(error as Error).message}).`, 'Pass a file written by perk backup.');
    }
    if (check !== 'ok') throw new UsageError(`${file} is damaged: SQLite's integrity check reports "${String(check)}".`, 'Pass another backup.');
    const hasVersions = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!hasVersions) throw new UsageError(`${file} is a SQLite database but not a perk database (no schema version).`, 'Pass a file written by perk backup.');
    let applied: number[];
    try {
      applied = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map((r) => r.version);
    } catch (error) {
      throw new UsageError(`${file} has an unreadable schema version (${(error as Error).message}).`);
    }
    const known = migrations.map((m) => m.version);
    const newest = applied[applied.length - 1] ?? 0;
    const latest = known[known.length - 1] ?? 0;
    if (newest > latest) {
      throw new UsageError(
        `${file} has schema version ${newest} but this perk knows only up to ${latest}; it was written by a newer perk.`,
        'Upgrade perk first, then restore.',
      );
    }
    if (applied.length === 0 || applied.some((v, i) => known[i] !== v)) {
      throw new UsageError(`${file} has schema versions (${applied.join(', ') || 'none'}) that this perk does not know (${known.join(', ')}).`);
    }
    // Exactly the schema that chain creates: nothing missing, nothing added.
    checkExactSchema(db, file, migrations.slice(0, applied.length), newest);
    return summarize(db, newest);
  } finally {
    close();
  }
}
