import fs, { existsSync } from 'node:fs';
import { loadItems, type LoadCounts } from '../load/apply.js';
import { LoadError, decodeUtf8, readDataText, type RawItem } from '../load/read.js';
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

/** The largest data file perk load reads (a bigger one, or an endless device like /dev/zero, is refused). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A whole file, read in chunks up to MAX_FILE_BYTES: never unbounded, whatever the file is. */
function readBounded(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(16 * 1024 * 1024, MAX_FILE_BYTES + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) {
        throw new LoadError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, the most perk load reads.`, 'Split it into several files.');
      }
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/** Read every file, validate all, then write all in one transaction (or nothing). */
export async function runLoad(options: LoadOptions, ctx: Ctx): Promise<LoadCounts> {
  if (options.kind !== undefined && !(KINDS as string[]).includes(options.kind)) {
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${options.kind}").`);
  }
  const raw: RawItem[] = [];
  for (const file of options.files) {
    let bytes: Buffer;
    try {
      bytes = readBounded(file);
    } catch (error) {
      if (error instanceof LoadError) throw error;
      throw new LoadError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
    for (const item of readDataText(decodeUtf8(bytes, file), file, options.kind as Kind | undefined)) raw.push(item);
  }
  // A database that does not exist yet is seeded first, as on every first run — but without the
  // default wallet when the files carry one (an export does), so export → load into a new database
  // reproduces the wallet. A dry run validates against a seeded database in memory and creates nothing.
  const scratch = options.dryRun && ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath);
  const wallet = !raw.some((item) => item.kind === 'wallet');
  let store: Store;
  if (scratch) {
    store = openStore(':memory:');
    seedStore(store, undefined, { wallet });
  } else {
    await ensureDatabase(ctx, { wallet });
    store = ctx.store();
  }
  const bar = !ctx.json && raw.length >= 20_000 && process.stderr.isTTY ? await import('../ui/progress.js') : undefined;
  const progress = bar?.createProgress('Loading', raw.length);
  let counts: LoadCounts;
  // SPEC 11.3: the watches on the retailers of the loaded rates, before and after.
  const rated = new Set<string>();
  if (!options.dryRun) {
    for (const item of raw) {
      const retailer = (item.value as { retailer?: unknown } | null)?.retailer;
      if (item.kind === 'rates' && typeof retailer === 'string') rated.add(retailer);
    }
  }
  const watches = rated.size ? (await import('./watch.js')).watchesBefore(store, ctx, rated) : undefined;
  let hits: import('./watch.js').WatchResult[] = [];
  try {
    counts = loadItems(store, raw, { dryRun: options.dryRun, onProgress: progress?.update });
    hits = watches?.after() ?? [];
  } finally {
    progress?.done();
    if (scratch) store.close();
  }
  if (ctx.json) {
    printJson(ctx, { dry_run: options.dryRun, files: options.files, counts, ...(watches?.watching ? { watches_hit: hits } : {}) });
  } else {
    const parts = Object.entries(counts).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`);
    const verb = options.dryRun ? 'Valid (dry run, nothing written):' : 'Loaded';
    ctx.out(`${verb} ${parts.length ? parts.join(', ') : 'nothing'} from ${options.files.length} file${options.files.length === 1 ? '' : 's'}.`);
    if (hits.length) (await import('./watch.js')).printWatchHits(ctx, hits);
  }
  return counts;
}
