/** Files beside the database: opening one raw, private temp files (and the stale ones a killed perk left), snapshots, and which file a path really is. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { fsyncPath } from './files.js';
import { nativeBinding, type Db } from './open.js';

/** Open a database file directly (not through openDatabase: no migration, no WAL switch). */
export function rawDatabase(file: string, options: Database.Options = {}): Db {
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
export function createTempBeside(target: string, purpose: string): string {
  removeStaleTemps(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
  return tmp;
}

/** Copy every page of `source` into `dest` (an existing empty file) in one consistent snapshot. */
export async function snapshot(source: Db, dest: string): Promise<void> {
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

/** Whether two paths name the same file (same device and inode). */
export function sameFile(a: string, b: string): boolean {
  const sa = fs.statSync(a, { throwIfNoEntry: false });
  const sb = fs.statSync(b, { throwIfNoEntry: false });
  return Boolean(sa && sb && sa.dev === sb.dev && sa.ino === sb.ino);
}
