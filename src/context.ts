/**
 * Everything a command needs from the outside world, resolved once: the database (opened lazily,
 * seeded on first use), today's date, output mode and streams. Commands take a `Ctx`; tests build one
 * with `makeContext` and a temp or `:memory:` database.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import { isIsoDate, isoFromClock, type IsoDate } from './core/dates.js';
import { openDatabase } from './db/open.js';
import { Store } from './db/store.js';
import { UsageError } from './errors.js';
import { directStdout } from './stdout.js';

/** Where a context writes its output: stdout, or what an in-process caller gives. */
export interface CtxOutput {
  write(s: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface Ctx {
  today: IsoDate;
  json: boolean;
  color: boolean;
  /** stdout is a terminal: tables get borders. */
  tty: boolean;
  /** The terminal's width in columns when stdout is one (tables and notes fit it, SPEC 13). */
  width?: number | undefined;
  /** Prompts are allowed: stdin and stdout are TTYs, not --json, not CI. */
  interactive: boolean;
  dbPath: string;
  store(): Store;
  out(text: string): void;
  err(text: string): void;
  /** Close the database if it was opened. */
  close(): void;
  /**
   * Set by ensureDatabase when this process created the database, with SQLite's data_version then:
   * a command that then fails on bad input removes it again, unless another process wrote to it since.
   */
  created?: { dataVersion: number } | undefined;
}

export interface ContextOptions {
  db?: string | undefined;
  today?: string | undefined;
  json?: boolean | undefined;
  color?: boolean | undefined;
  env?: NodeJS.ProcessEnv;
  stdout?: CtxOutput | undefined;
  stderr?: { write(s: string): unknown; isTTY?: boolean };
  stdinTTY?: boolean;
}

/**
 * Where the database lives: --db > PERK_DB > perk.db in the user's data directory (env-paths, from
 * process.env: $XDG_DATA_HOME/perk, else ~/.local/share/perk, on Linux; ~/Library/Application
 * Support/perk on macOS; %LOCALAPPDATA%\perk\Data on Windows).
 */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag === '') throw new UsageError('--db must be the path of a database file (got an empty string).', 'For example: --db ~/perk.db');
  if (flag) return flag;
  if (env.PERK_DB) return env.PERK_DB;
  return join(envPaths('perk', { suffix: '' }).data, 'perk.db');
}

export function resolveToday(flag: string | undefined, env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): IsoDate {
  // An empty PERK_TODAY means "not set"; an empty --today is a mistake.
  const value = flag ?? (env.PERK_TODAY === '' ? undefined : env.PERK_TODAY);
  if (value !== undefined) {
    if (!isIsoDate(value)) {
      throw new UsageError(
        `${flag !== undefined ? '--today' : 'PERK_TODAY'} must be a real date written YYYY-MM-DD (got "${value}").`,
      );
    }
    return value;
  }
  return isoFromClock(now());
}

/** Color when allowed: --no-color and NO_COLOR switch it off, FORCE_COLOR on, else only on a TTY. */
export function resolveColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, tty: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return tty;
}

/** The embedded default dataset, next to the built bundle (dist/) or the sources (src/). */
export function defaultDataDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'data'), join(here, '..', '..', 'data')]) {
    if (existsSync(join(candidate, '01-categories.json'))) return candidate;
  }
  throw new Error(`embedded dataset not found near ${here}`);
}

export function makeContext(options: ContextOptions = {}): Ctx {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? directStdout();
  const tty = Boolean(stdout.isTTY);
  const json = Boolean(options.json);
  const today = resolveToday(options.today, env);
  const dbPath = resolveDbPath(options.db, env);
  const dbStat = dbPath === ':memory:' ? undefined : statSync(dbPath, { throwIfNoEntry: false });
  if (dbPath !== ':memory:' && (/[\\/]$/.test(dbPath) || dbStat?.isDirectory())) {
    const from = options.db ? '--db' : env.PERK_DB ? 'PERK_DB' : 'the default path';
    throw new UsageError(`The database must be a file, not a folder (${from}: ${dbPath}).`, 'For example: --db ~/perk.db');
  }
  if (dbStat && !dbStat.isFile()) {
    // A device or fifo: SQLite would hang on it or write through it.
    const from = options.db ? '--db' : env.PERK_DB ? 'PERK_DB' : 'the default path';
    throw new UsageError(`The database must be a regular file, not a device, fifo or socket (${from}: ${dbPath}).`, 'For example: --db ~/perk.db');
  }
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  // process.stdin and process.stderr are built on first use (~1–2 ms for a file or pipe): only when needed.
  const stdinTTY = () => options.stdinTTY ?? Boolean(process.stdin.isTTY);
  let store: Store | undefined;
  return {
    today,
    json,
    color: !json && resolveColor(options.color, env, tty),
    tty,
    width: tty ? stdout.columns || 80 : undefined,
    interactive: tty && !json && !ci && stdinTTY(),
    dbPath,
    store() {
      if (!store) store = openStore(dbPath);
      return store;
    },
    // Two writes, not `${text}\n`: that would copy a 600 kB JSON document (an empty wallet's stack) once more.
    out: (text) => {
      stdout.write(text);
      if (!text.endsWith('\n')) stdout.write('\n');
    },
    err: (text) => void (options.stderr ?? process.stderr).write(text.endsWith('\n') ? text : `${text}\n`),
    close() {
      store?.close();
      store = undefined;
    },
  };
}

/** Open the store (creating an empty, migrated database if the file does not exist). */
export function openStore(file: string): Store {
  return new Store(openDatabase(file).db);
}

/**
 * First run: when the database file does not exist, create and seed it from the embedded dataset
 * before the command runs. The loader (and zod) is imported only then, keeping the hot path light.
 */
export async function ensureDatabase(ctx: Ctx, options: { wallet?: boolean } = {}): Promise<void> {
  if (ctx.dbPath === ':memory:' || existsSync(ctx.dbPath)) return;
  const { createSeededDatabase } = await import('./load/seed.js');
  if (createSeededDatabase(ctx.dbPath, options)) ctx.created = { dataVersion: dataVersion(ctx.store()) };
}

/** SQLite's data_version of this connection: it changes when another connection commits. */
function dataVersion(store: Store): number {
  return Number(store.db.pragma('data_version', { simple: true }));
}

/**
 * After a command refused its input: a database this process created for it (a first run with a bad
 * argument) is removed again, so a refused command leaves nothing behind — unless another perk has
 * written to it meanwhile (then it is theirs as much as ours, and stays).
 */
export async function removeIfCreated(ctx: Ctx): Promise<void> {
  if (!ctx.created) return;
  const unchanged = dataVersion(ctx.store()) === ctx.created.dataVersion;
  ctx.close();
  if (!unchanged) return;
  const { removeDatabaseFiles } = await import('./db/files.js');
  removeDatabaseFiles(ctx.dbPath);
}
