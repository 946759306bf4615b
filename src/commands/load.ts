import fs, { existsSync } from 'node:fs';
import { loadItems, loadRateFiles, type LoadCounts } from '../load/apply.js';
import { LoadError, csvKindOf, decodeUtf8, readDataText, type RawItem } from '../load/read.js';
import { KINDS, type Kind } from '../load/schemas.js';
import { ensureDatabase, openStore, type Ctx } from '../context.js';
import type { Store } from '../db/store.js';
import { seedStore } from '../load/seed.js';
import { UsageError } from '../errors.js';
import { printJson } from './shared.js';

export interface LoadOptions {
  files: string[];
  dryRun: boolean;
  kind?: string | undefined;
}

/** Read every file, validate all, then write all in one transaction (or nothing); rates CSVs streamed. */
export async function runLoad(options: LoadOptions, ctx: Ctx): Promise<LoadCounts> {
  if (options.kind !== undefined && !(KINDS as string[]).includes(options.kind)) {
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${options.kind}").`);
  }
  const texts: Array<{ text: string; file: string }> = [];
  for (const file of options.files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      throw new LoadError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
    texts.push({ text: decodeUtf8(bytes, file), file });
  }
  const kind = options.kind as Kind | undefined;
  // CSV files of rates alone (a portal's list) into an existing database are streamed into the
  // transaction (load/apply.ts loadRateFiles); anything else is read whole, checked whole, then written
  // (so a bad file never creates the database a first run would seed).
  const ratesOnly = (ctx.dbPath === ':memory:' || existsSync(ctx.dbPath)) && texts.length > 0 && texts.every(({ text, file }) => /\.csv$/i.test(file) && csvKindOf(text, kind) === 'rates');
  let counts: LoadCounts | undefined;
  if (ratesOnly) {
    // Rows for the progress bar: the line ends, less the headers (blank lines count too: an estimate).
    let rows = -texts.length;
    for (const { text } of texts) for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    counts = await withStore(ctx, options.dryRun, true, rows, (store, onProgress) => loadRateFiles(store, texts, { dryRun: options.dryRun, kind, onProgress }));
  }
  if (!counts) {
    const raw: RawItem[] = [];
    for (const { text, file } of texts) for (const item of readDataText(text, file, kind)) raw.push(item);
    // A database that does not exist yet is seeded first, as on every first run — but without the
    // default wallet when the files carry one (an export does), so export → load into a new database
    // reproduces the wallet.
    const wallet = !raw.some((item) => item.kind === 'wallet');
    counts = await withStore(ctx, options.dryRun, wallet, raw.length, (store, onProgress) =>
      loadItems(store, raw, { dryRun: options.dryRun, onProgress }),
    );
  }
  if (ctx.json) {
    printJson(ctx, { dry_run: options.dryRun, files: options.files, counts });
  } else {
    const parts = Object.entries(counts).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`);
    const verb = options.dryRun ? 'Valid (dry run, nothing written):' : 'Loaded';
    ctx.out(`${verb} ${parts.length ? parts.join(', ') : 'nothing'} from ${options.files.length} file${options.files.length === 1 ? '' : 's'}.`);
  }
  return counts;
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
  load: (store: Store, onProgress: ((done: number, total: number) => void) | undefined) => T,
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
    return load(store, progress?.update);
  } finally {
    progress?.done();
    if (scratch) store.close();
  }
}
