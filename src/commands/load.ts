import { existsSync } from 'node:fs';
import { loadItems, loadRateFiles, type LoadCounts } from '../load/apply.js';
import { LoadError, csvKindOf, decodeUtf8, readDataText, type RawItem } from '../load/read.js';
import { KINDS, type Kind } from '../load/schemas.js';
import { readBounded } from '../load/read-file.js';
import { ensureDatabase, openStore, type Ctx } from '../context.js';
import type { Store } from '../db/store.js';
import type { WatchResult } from './watch.js';
import { seedStore } from '../load/seed.js';
import { UsageError } from '../errors.js';
import { printJson } from './shared.js';

export interface LoadOptions {
  files: string[];
  dryRun?: boolean | undefined;
  kind?: string | undefined;
}


/** Read every file, validate all, then write all in one transaction (or nothing); rates CSVs streamed. */
export async function runLoad(given: LoadOptions, ctx: Ctx): Promise<LoadCounts> {
  const options = { ...given, dryRun: Boolean(given.dryRun) };
  if (options.kind !== undefined && !(KINDS as string[]).includes(options.kind)) {
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${options.kind}").`);
  }
  const texts: Array<{ text: string; file: string }> = [];
  for (const file of options.files) {
    let bytes: Buffer;
    try {
      bytes = readBounded(file, 'load');
    } catch (error) {
      if (error instanceof LoadError) throw error;
      throw new LoadError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
    texts.push({ text: decodeUtf8(bytes, file), file });
  }
  const kind = options.kind as Kind | undefined;
  // CSV files of rates alone (a portal's list) into an existing database are streamed into the
  // transaction (load/apply.ts loadRateFiles); anything else is read whole, checked whole, then written
  // (so a bad file never creates the database a first run would seed).
  const ratesOnly = (ctx.dbPath === ':memory:' || existsSync(ctx.dbPath)) && texts.length > 0 && texts.every(({ text, file }) => /\.csv$/i.test(file) && csvKindOf(text, kind) === 'rates');
  let loaded: Loaded | undefined;
  if (ratesOnly) {
    // Rows for the progress bar: the line ends, less the headers (blank lines count too: an estimate).
    let rows = -texts.length;
    for (const { text } of texts) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    loaded = await withStore(ctx, options.dryRun, true, rows, async (store, onProgress) => {
      // SPEC 11.3 as below, but the retailers of the rates are known only once streamed: every watch is
      // checked before, and after only those on a retailer the files rated.
      const all = options.dryRun ? [] : store.watches();
      const watched = new Set(all.map((w) => w.retailer));
      const watches = watched.size ? (await import('./watch.js')).watchesBefore(store, ctx, watched) : undefined;
      const rated = new Set<string>();
      const onRate = watches ? (retailer: string) => void (watched.has(retailer) && rated.add(retailer)) : undefined;
      const counts = loadRateFiles(store, texts, { dryRun: options.dryRun, kind, onProgress, onRate });
      if (!counts) return undefined;
      return { counts, watching: all.filter((w) => rated.has(w.retailer)).length, hits: watches?.after(rated) ?? [] };
    });
  }
  if (!loaded) {
    const raw: RawItem[] = [];
    for (const { text, file } of texts) for (const item of readDataText(text, file, kind)) raw.push(item);
    // A database that does not exist yet is seeded first, as on every first run — but without the
    // default wallet when the files carry one (an export does), so export → load into a new database
    // reproduces the wallet.
    const wallet = !raw.some((item) => item.kind === 'wallet');
    // SPEC 11.3: the watches on the retailers of the loaded rates, before and after.
    const rated = new Set<string>();
    if (!options.dryRun) {
      for (const item of raw) {
        const retailer = (item.value as { retailer?: unknown } | null)?.retailer;
        if (item.kind === 'rates' && typeof retailer === 'string') rated.add(retailer);
      }
    }
    loaded = await withStore(ctx, options.dryRun, wallet, raw.length, async (store, onProgress) => {
      const watches = rated.size ? (await import('./watch.js')).watchesBefore(store, ctx, rated) : undefined;
      const counts = loadItems(store, raw, { dryRun: options.dryRun, onProgress });
      return { counts, watching: watches?.watching ?? 0, hits: watches?.after() ?? [] };
    });
  }
  const { counts, watching, hits } = loaded;
  if (ctx.json) {
    printJson(ctx, { dry_run: options.dryRun, files: options.files, counts, ...(watching ? { watches_hit: hits } : {}) });
  } else {
    const parts = Object.entries(counts).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`);
    const verb = options.dryRun ? 'Valid (dry run, nothing written):' : 'Loaded';
    ctx.out(`${verb} ${parts.length ? parts.join(', ') : 'nothing'} from ${options.files.length} file${options.files.length === 1 ? '' : 's'}.`);
    if (hits.length) (await import('./watch.js')).printWatchHits(ctx, hits);
  }
  return counts;
}

/** What a load wrote, and the watches it made hit (SPEC 11.3). */
interface Loaded {
  counts: LoadCounts;
  /** Watches on the retailers of the loaded rates (watches_hit is in the JSON when there are any). */
  watching: number;
  hits: WatchResult[];
}

/**
 * Run a load on the database, seeded first if it does not exist yet; a dry run on a database that does
 * not exist validates against a seeded database in memory and creates nothing. A progress bar on a
 * terminal for loads of 20,000 rows or more.
 */
async function withStore<T>(
  ctx: Ctx,
  dryRun: boolean,
  wallet: boolean,
  rows: number,
  load: (store: Store, onProgress: ((done: number, total: number) => void) | undefined) => Promise<T>,
): Promise<T> {
  const scratch = dryRun && ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath);
  let store: Store;
  if (scratch) {
    store = openStore(':memory:');
    seedStore(store, undefined, { wallet });
  } else {
    await ensureDatabase(ctx, { wallet });
    store = ctx.store();
  }
  const bar = !ctx.json && rows >= 20_000 && process.stderr.isTTY ? await import('../ui/progress.js') : undefined;
  const progress = bar?.createProgress('Loading', rows);
  try {
    return await load(store, progress?.update);
  } finally {
    progress?.done();
    if (scratch) store.close();
  }
}
