import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
import { RuntimeError } from '../errors.js';

export type Db = Database.Database;

type Addon = Record<string, unknown>;
let addon: Addon | undefined;

/**
 * better-sqlite3's native addon, loaded once. Its default finder (`bindings`) probes a dozen paths on
 * every start; the usual place is checked directly first, and `bindings` is the fallback (asked from
 * better-sqlite3's own directory, which is also right when its JavaScript is bundled into dist/).
 * The addon is the same module object better-sqlite3 gets by itself (Node caches it by path).
 */
export function nativeBinding(): Addon {
  if (addon) return addon;
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('better-sqlite3/package.json'));
  const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(built)) addon = require(built) as Addon;
  else {
    const bindings = createRequire(join(pkg, 'package.json'))('bindings') as (o: object) => Addon;
    addon = bindings({ bindings: 'better_sqlite3.node', module_root: pkg });
  }
  if (Number(process.versions.node.split('.')[0]) >= 24) keepNativeObjects(addon);
  return addon;
}

/**
 * better-sqlite3 12 on Node 24: when the garbage collector frees one of its native objects (a database,
 * a statement, an iterator, a backup) while no JavaScript context is entered, the destructor's
 * RemoveEnvironmentCleanupHook finds no environment and Node aborts the process (SIGABRT, WiseLibs/
 * better-sqlite3#1515; fixed in better-sqlite3 13, which needs Node 22). perk's processes are short, so on
 * Node 24 and later every such object is kept until the process exits: the collector never frees one.
 * (Closing a database still closes it and finalizes its statements; only the small wrappers stay.)
 */
const kept: object[] = [];

function keepNativeObjects(native: Addon): void {
  const keepResults = (proto: unknown, method: string) => {
    const methods = proto as Record<string, unknown>;
    const original = methods[method];
    if (typeof original !== 'function') return;
    methods[method] = function (this: unknown, ...args: unknown[]) {
      const made = (original as (...a: unknown[]) => unknown).apply(this, args);
      if (made !== null && typeof made === 'object') kept.push(made);
      return made;
    };
  };
  const Real = native.Database as (new (...args: unknown[]) => object) | undefined;
  if (typeof Real !== 'function' || (Real as { perkKept?: true }).perkKept) return;
  const Kept = function (...args: unknown[]) {
    const db = Reflect.construct(Real, args, Real);
    kept.push(db);
    return db;
  };
  Object.assign(Kept, { perkKept: true, prototype: Real.prototype });
  native.Database = Kept;
  keepResults(Real.prototype, 'prepare');
  keepResults(Real.prototype, 'backup');
  keepResults((native.Statement as { prototype?: unknown } | undefined)?.prototype, 'iterate');
}

export interface OpenResult {
  db: Db;
  /** True when the file did not exist and was created now (the caller seeds it). */
  created: boolean;
}

/**
 * Open (or create, private to its owner) the database file and bring its schema up to date.
 * `:memory:` opens an in-memory database, used by tests.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): OpenResult {
  let created = false;
  if (file !== ':memory:' && !existsSync(file)) {
    mkdirSync(dirname(resolve(file)), { recursive: true, mode: 0o700 });
    try {
      // Create the empty file ourselves so it is 0600 from the first byte; SQLite gives the WAL and
      // shared-memory files the same mode.
      closeSync(openSync(file, 'wx', 0o600));
      created = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  let db: Db;
  try {
    // The busy timeout applies from the first statement (setting WAL mode already takes a lock).
    // (better-sqlite3 takes the loaded addon object for nativeBinding; its types say string only.)
    db = new Database(file, { fileMustExist: file !== ':memory:', timeout: 10_000, nativeBinding: nativeBinding() as unknown as string });
  } catch (error) {
    throw new RuntimeError(`Cannot open database ${file}: ${(error as Error).message}.`, 'Check --db / PERK_DB.');
  }
  try {
    // Refuse a database from a newer perk, or someone else's SQLite file, before anything is written
    // to it (even its journal mode). One query on every start; the rest only for a file to migrate.
    const applied = checkVersion(db);
    if (!applied.length) refuseForeign(db);
    if (file !== ':memory:') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    if (!options.readonly && applied.length < MIGRATIONS.length) migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof RuntimeError) throw error;
    const code = (error as { code?: unknown }).code;
    // Another process holds the lock: printError says so (exit 1, nothing changed).
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw error;
    if (typeof code === 'string' && /^SQLITE_(READONLY|CANTOPEN|PERM|IOERR|FULL)/.test(code)) {
      throw new RuntimeError(`Cannot use database ${file}: ${(error as Error).message}.`, 'Check that the file and its folder can be written and the disk is not full.');
    }
    throw new RuntimeError(`${file} is not a perk database (${(error as Error).message}).`, 'Pass another file with --db.');
  }
  return { db, created };
}

/** A file with tables but no perk schema version is someone else's: never add our tables to it. */
function refuseForeign(db: Db): void {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get()) {
    throw new Error('it holds tables but no perk schema version');
  }
}

/** The applied migration versions, in order: one query on every start ([] for a new, empty file). */
function appliedVersions(db: Db): number[] {
  let rows: Array<{ version: number }>;
  try {
    rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
  } catch (error) {
    if (/^no such table: schema_migrations$/.test((error as Error).message)) return [];
    throw error;
  }
  return rows.map((r) => r.version);
}

function checkVersion(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied = appliedVersions(db);
  const known = migrations.map((m) => m.version);
  const newest = applied[applied.length - 1] ?? 0;
  const latest = known[known.length - 1] ?? 0;
  if (newest > latest) {
    throw new RuntimeError(
      `This database has schema version ${newest} but this perk knows only up to ${latest}; it was written by a newer perk.`,
      'Upgrade perk, or pass another file with --db.',
    );
  }
  applied.forEach((v, i) => {
    if (known[i] !== v) {
      throw new RuntimeError(
        `This database's migrations (${applied.join(', ')}) do not match this perk's (${known.join(', ')}).`,
        'Pass another file with --db.',
      );
    }
  });
  return applied;
}

/** Apply every migration not yet applied, each in its own immediate transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  let applied = checkVersion(db, migrations);
  if (applied.length === migrations.length) return applied.length;
  if (applied.length === 0) refuseForeign(db);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  applied = checkVersion(db, migrations);
  for (const migration of migrations.slice(applied.length)) {
    db.transaction(() => {
      // Another process may have migrated while we waited for the write lock.
      const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version);
      if (done) return;
      db.exec(migration.sql);
      migration.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
  return migrations.length;
}

export function schemaVersion(db: Db): number {
  const v = appliedVersions(db);
  return v[v.length - 1] ?? 0;
}

export { LATEST_VERSION };
