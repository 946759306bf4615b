/**
 * Backup and restore of the database file. A backup is SQLite's online backup (a consistent snapshot
 * even while another perk writes), written under a temporary name and moved into place, private to its
 * owner. A restore checks the file before anything is replaced — it must open as SQLite, pass
 * `integrity_check` and carry a perk schema this perk knows — and then swaps it in with one rename.
 * Temp files and target checks are in backup-files.ts; inspecting a file is in backup-inspect.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { createTempBeside, rawDatabase, replaceableTarget, sameFile, snapshot } from './backup-files.js';
import { checkContents, checkExactSchema, inspectDatabase, openReadOnly, summarize, type DatabaseSummary } from './backup-inspect.js';
import { fsyncPath, removeDatabaseFiles } from './files.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { CapTotals } from './cap-totals.js';
import { migrate, openDatabase, type Db } from './open.js';

export { removeStaleTemps, replaceableTarget } from './backup-files.js';
export { inspectDatabase, type DatabaseSummary } from './backup-inspect.js';

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
      checkExactSchema(live, to, MIGRATIONS, LATEST_VERSION);
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
    // Cap totals are derived data: made again from the restored orders, spending and cards with core's
    // rule (as migration 10 does), never taken on trust from the backup.
    new CapTotals((sql) => live.prepare(sql)).rebuild();
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
