/**
 * Backup and restore of the database file. A backup is SQLite's online backup (a consistent snapshot
 * even while another perk writes), written under a temporary name and moved into place, private to its
 * owner. A restore checks the file before anything is replaced — it must open as SQLite, pass
 * `integrity_check` and carry a perk schema this perk knows — and then swaps it in with one rename.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { fsyncPath, removeDatabaseFiles } from './files.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import { migrate, nativeBinding, openDatabase, type Db } from './open.js';

/** The tables a backup summary counts, in the order it lists them. */
const COUNTED_TABLES = ['orders', 'bonuses', 'giftcards', 'promos', 'offers', 'rates', 'retailers', 'cards', 'wallet', 'config', 'watches'];

export interface DatabaseSummary {
  version: number;
  counts: Record<string, number>;
}

/** Open a database file directly (not through openDatabase: no migration, no WAL switch). */
function rawDatabase(file: string, options: Database.Options = {}): Db {
  // better-sqlite3's types say string; it also takes the loaded addon (see open.ts).
  return new Database(file, { ...options, nativeBinding: nativeBinding() as unknown as string });
}

const TEMP_PURPOSES = ['backup', 'restore'];

/** Whether a process with this id is running (one we may not signal is running too). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Remove the temporary copies that an earlier backup or restore of `target` left when it was killed
 * (kill -9, a power cut): files named as createTempBeside names them, with their SQLite companions,
 * whose process is gone. A copy of a perk that is still running is left alone.
 */
export function removeStaleTemps(target: string): void {
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(backup|restore)-(\d{1,10})-[0-9a-f]{8}\.tmp(-wal|-shm|-journal)?$/.exec(name.slice(prefix.length));
    if (!m || !TEMP_PURPOSES.includes(m[1] as string) || alive(Number(m[2]))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * A temporary file beside `target`, created empty and private (0600) so SQLite keeps that mode. Stale
 * ones of the same target (from a killed perk) are removed first, so they never pile up.
 */
function createTempBeside(target: string, purpose: string): string {
  removeStaleTemps(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  return tmp;
}

/** Copy every page of `source` into `dest` (an existing empty file) in one consistent snapshot. */
async function snapshot(source: Db, dest: string): Promise<void> {
  await source.backup(dest, { progress: () => 0x7fffffff });
  // A self-contained file: no -wal needed beside it (the next perk that opens it turns WAL back on).
  const copy = rawDatabase(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check (${String(check)})`);
  } finally {
    copy.close();
  }
  fsyncPath(dest);
}

function summarize(db: Db, version: number): DatabaseSummary {
  const counts: Record<string, number> = {};
  const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
  for (const table of COUNTED_TABLES) {
    if (present.has(table)) counts[table] = (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  return { version, counts };
}

/**
 * Where a file perk replaces really is: a symbolic link is followed to the file it names (so the link
 * stays and the file changes), and anything that exists must be a regular file — never a device, a
 * fifo or a socket, which a rename would replace (or an open would hang on).
 */
export function replaceableTarget(file: string, what: string): string {
  const resolved = path.resolve(file);
  const link = fs.lstatSync(resolved, { throwIfNoEntry: false });
  if (!link) return resolved;
  let real: string;
  try {
    real = fs.realpathSync(resolved);
  } catch {
    throw new UsageError(`${what} ${file} is a symbolic link to nothing.`, 'Point it at a file, or name another path.');
  }
  const stat = fs.statSync(real);
  if (stat.isDirectory()) return real; // the callers name this case themselves
  if (!stat.isFile()) throw new UsageError(`${what} ${file} is not a regular file (a device, fifo or socket); perk replaces only files.`, 'Name a file.');
  return real;
}

/** Write a backup of the open database `db` to `dest` (refused if it exists unless `force`). */
export async function backupDatabase(db: Db, dest: string, options: { force?: boolean } = {}): Promise<DatabaseSummary> {
  const target = replaceableTarget(dest, 'The backup file');
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw new UsageError(`${dest} is a directory.`, 'Name the backup file, e.g. perk backup ~/perk-backup.db.');
  if (existing && sameFile(target, db.name)) throw new UsageError(`${dest} is the database itself.`, 'Name another file for the backup.');
  if (existing && !options.force) throw new UsageError(`${dest} already exists.`, 'Pass --force to overwrite it, or name another file.');
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`The directory of ${dest} does not exist.`);
  const tmp = createTempBeside(target, 'backup');
  try {
    await snapshot(db, tmp);
    if (options.force) fs.renameSync(tmp, target);
    else {
      // link fails if the name was taken meanwhile: never overwrite without --force.
      try {
        fs.linkSync(tmp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`${dest} already exists.`, 'Pass --force to overwrite it.');
        fs.renameSync(tmp, target);
      }
    }
    fsyncPath(path.dirname(target));
  } finally {
    removeDatabaseFiles(tmp);
  }
  const version = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  return summarize(db, version);
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
function checkExactSchema(db: Db, file: string, migrations: readonly Migration[], version: number): void {
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
async function checkContents(copy: string, file: string): Promise<void> {
  const [{ Store }, { exportDocument }, { validateItems, checkReferences }, { validateSetting }] = await Promise.all([
    import('./store.js'),
    import('../commands/export.js'),
    import('../load/apply.js'),
    import('../commands/config.js'),
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
      let ok: string | undefined;
      try {
        ok = validateSetting(store, key, value);
      } catch {
        ok = undefined;
      }
      if (ok !== value) throw new UsageError(`${file} holds a setting perk could not have written ("${key.slice(0, 60)}").`, 'Pass a file written by perk backup.');
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
function openReadOnly(file: string): { db: Db; close(): void } {
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

function sameFile(a: string, b: string): boolean {
  const sa = fs.statSync(a, { throwIfNoEntry: false });
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}

/**
 * Keep a copy of a database perk could not open as its own (damaged, foreign, newer) as
 * `<file>.pre-restore`, its current WAL folded in when SQLite can still do that.
 */
function keepAside(to: string): string {
  // Fold the current WAL into the file so the copy kept aside is complete; a damaged database
  // (perhaps the reason for the restore) is kept as it is.
  try {
    const current = rawDatabase(to, { fileMustExist: true, timeout: 10_000 });
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
  } catch {
    // unreadable: keep its bytes and sidecars as they are
  }
  const previous = `${to}.pre-restore`;
  removeDatabaseFiles(previous);
  fs.copyFileSync(to, previous);
  fs.chmodSync(previous, 0o600);
  if (fs.existsSync(`${to}-wal`)) {
    fs.copyFileSync(`${to}-wal`, `${previous}-wal`);
    fs.chmodSync(`${previous}-wal`, 0o600);
  }
  return previous;
}

const isBusy = (error: unknown): boolean => ['SQLITE_BUSY', 'SQLITE_LOCKED'].includes(String((error as { code?: unknown }).code));

/**
 * Replace the content of the perk database at `to` with that of the checked copy `tmp` in place: one
 * SQLite write transaction on the live file, never a new file under its name. Other perk processes
 * keep their connection to the same file, its WAL and its lock, so a writer either commits before the
 * restore takes the write lock (its order is in the copy kept aside, made under that same lock) or
 * waits for the lock and commits into the restored content afterwards: no acknowledged write can land
 * in a file that is no longer the database. (Swapping files under live connections can lose such a
 * write, or let an old connection use the new file's WAL.)
 *
 * Returns undefined, changing nothing, when `to` is not a perk database this perk can write (damaged,
 * foreign, from a newer perk): the caller then swaps files. A busy lock is an error (nothing changed).
 */
async function restoreInPlace(tmp: string, to: string): Promise<{ previous: string } | undefined> {
  let live: Db;
  try {
    live = rawDatabase(to, { fileMustExist: true, timeout: 10_000 });
  } catch {
    return undefined;
  }
  let aside: string | undefined;
  try {
    try {
      // What any perk command does on opening it: an older schema is brought up to date.
      migrate(live);
      checkExactSchema(live, to, MIGRATIONS, MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0);
      // The copy's rows are checked; the order of deletes and inserts must not trip a reference.
      live.pragma('foreign_keys = OFF');
      live.prepare('ATTACH DATABASE ? AS incoming').run(tmp);
      // The write lock, held to the end: no other perk commits until the content is replaced.
      live.exec('BEGIN IMMEDIATE');
      aside = createTempBeside(to, 'restore');
      const reader = rawDatabase(to, { fileMustExist: true, timeout: 10_000 });
      try {
        // Everything committed so far (nothing more can be while we hold the lock).
        await snapshot(reader, aside);
      } finally {
        reader.close();
      }
    } catch (error) {
      if (isBusy(error)) throw error;
      return undefined;
    }
    const tables = live.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      live.exec(`DELETE FROM main."${name}"`);
      live.exec(`INSERT INTO main."${name}" SELECT * FROM incoming."${name}"`);
    }
    const previous = `${to}.pre-restore`;
    removeDatabaseFiles(previous);
    fs.renameSync(aside, previous);
    fsyncPath(path.dirname(to));
    live.exec('COMMIT');
    return { previous };
  } finally {
    if (live.inTransaction) live.exec('ROLLBACK');
    live.close();
    if (aside) removeDatabaseFiles(aside);
  }
}

export interface RestoreResult extends DatabaseSummary {
  /** Where the database that was replaced is kept (undefined when there was none). */
  previous?: string | undefined;
}

/**
 * Replace the database at `target` with the backup `source`, after `inspectDatabase` accepts it. The
 * replaced database is kept as `<target>.pre-restore`. Nothing changes when the check fails.
 */
export async function restoreDatabase(source: string, target: string): Promise<RestoreResult> {
  const to = replaceableTarget(target, 'The database');
  if (fs.statSync(to, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`The database ${target} is a directory.`);
  if (sameFile(source, to)) throw new UsageError(`${source} is the database itself.`, 'Pass a backup file.');
  inspectDatabase(source);
  if (!fs.existsSync(path.dirname(to))) fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  const tmp = createTempBeside(to, 'restore');
  let previous: string | undefined;
  try {
    const src = openReadOnly(source);
    try {
      await snapshot(src.db, tmp);
    } finally {
      src.close();
    }
    // Check the copy that will be renamed into place (the source may have changed since inspecting it):
    // its exact schema, then — brought up to this perk's schema — every row and setting.
    try {
      inspectDatabase(tmp);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(error.message.split(tmp).join(source), error.hint);
      throw error;
    }
    {
      const copy = rawDatabase(tmp, { fileMustExist: true });
      try {
        migrate(copy);
        copy.pragma('journal_mode = DELETE');
      } finally {
        copy.close();
      }
    }
    await checkContents(tmp, source);
    const inPlace = fs.existsSync(to) ? await restoreInPlace(tmp, to) : undefined;
    if (inPlace) previous = inPlace.previous;
    else {
      if (fs.existsSync(to)) previous = keepAside(to);
      // A -wal left beside the target belongs to the old file and would be replayed into the new one.
      fs.rmSync(`${to}-wal`, { force: true });
      fs.rmSync(`${to}-shm`, { force: true });
      fs.renameSync(tmp, to);
      fsyncPath(path.dirname(to));
    }
  } finally {
    removeDatabaseFiles(tmp);
  }
  // Bring an older schema up to date now, and turn WAL mode back on.
  const { db } = openDatabase(to);
  try {
    const version = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    return { ...summarize(db, version), previous };
  } finally {
    db.close();
  }
}
