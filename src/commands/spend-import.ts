/**
 * `perk spend import` (SPEC 10.1): issuer exports (CSV or OFX/QFX) into the transactions table,
 * atomically, a re-import adding nothing. Its own module, apart from commands/spend.ts (list, summary,
 * set), because the fast path (src/fast-spend-import.ts, dist/spend-import.cjs) runs it without the
 * command line: it must not load the tables and charts of the other spending views.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, type Ctx } from '../context.js';
import { normalizeMapping, RetailerMatcher, type IssuerCategoryMap, type SpendTxn } from '../core/spend.js';
import { exportCard, exportTransactions, issuerName, transactionMaker, type Categorizer, type ImportedFile } from '../core/spend-import.js';
import { SpendStore } from '../db/spend-store.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { readExportInPieces, readIssuerExport, type ExportHead, type ExportRow } from '../load/issuer-export.js';
import { decodeUtf8, LoadError } from '../load/read-errors.js';
import { readBounded } from '../load/read-file.js';
import type { SpendImportOptions } from './spend-import-options.js';
import { printJson, requireCard } from './shared.js';

export type { SpendImportOptions } from './spend-import-options.js';

/** The issuer category mapping table shipped in data/spend/ (SPEC 10.1). */
export function readIssuerCategories(dataDir = defaultDataDir()): IssuerCategoryMap {
  const raw = JSON.parse(fs.readFileSync(path.join(dataDir, 'spend', 'issuer-categories.json'), 'utf8')) as { issuers: Record<string, Record<string, string>> };
  return normalizeMapping(raw.issuers);
}


/** From this many bytes of files (~5,000 rows) an import is written through a rollback journal (Store.writeBulk). */
const BULK_WRITE_BYTES = 320 * 1024;
/** From this many characters (~3,000 rows) a file's rows are written in pieces as they are read (importInPieces). */
const PIECES_CHARS = 200 * 1024;
/** Rows per piece. */
const PIECE_ROWS = 4096;

/** Which card an export is from: --card, else the one wallet card of the file's issuer (exit 2 when there is none). */
function cardFor(store: Store, file: string, parsed: ExportHead, flag: string | undefined): string {
  if (flag !== undefined) return requireCard(store, flag).id;
  const found = exportCard(store.walletCards(), parsed.issuer);
  if ('card' in found) return found.card;
  const name = issuerName(parsed.format);
  const a = /^[AEIOU]/.test(name) ? 'an' : 'a';
  const why =
    found.problem === 'no_issuer'
      ? `${file} does not say which card it is from`
      : found.held.length === 0
        ? `${file} is ${a} ${name} export and your wallet holds no ${name} card`
        : `${file} is ${a} ${name} export and your wallet holds ${found.held.join(', ')}`;
  throw new UsageError(`${why}: pass --card <id>.`, 'perk wallet lists your cards; perk cards the catalog.');
}

/** A file's text: read (bounded) and decoded as strict UTF-8. */
function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readBounded(file, 'spend import');
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new UsageError(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return decodeUtf8(bytes, file);
}

/** One file read whole and made transactions: its report (nothing added yet) and its rows. */
function readFile(file: string, text: string, store: Store, how: Categorizer, flag: string | undefined): { report: ImportedFile; rows: SpendTxn[] } {
  const parsed = readIssuerExport(text, file);
  const card = cardFor(store, file, parsed, flag);
  const rows = exportTransactions(parsed.rows, card, parsed.issuer, path.basename(file), how);
  return { report: { file, format: parsed.format, card, rows: rows.length, added: 0, existing: 0, skipped: parsed.skipped }, rows };
}

/**
 * One large file imported while it is read, in the caller's write: its rows are made transactions and
 * written a piece at a time (straight away when the card has no transactions yet, SpendStore.freshImport;
 * else all together at the end), so 100,000 rows are never all held as read rows as well (less for the
 * garbage collector to copy and the system to map). The same report, rows and errors as readFile then
 * importTransactions: a card the file cannot go to is reported after its rows are read, as there, so a
 * bad row still comes first. Undefined, having written nothing, for a file that must be read whole
 * (issuer-export.ts readExportInPieces).
 */
function importInPieces(text: string, file: string, store: Store, spend: SpendStore, how: Categorizer, flag: string | undefined): ImportedFile | undefined {
  let state: { card: string; make: (rows: readonly ExportRow[]) => SpendTxn[]; fresh: ReturnType<SpendStore['freshImport']> } | undefined;
  let cardError: unknown;
  const held: SpendTxn[] = [];
  let rows = 0;
  const take = (piece: readonly ExportRow[], head: ExportHead) => {
    if (!state && cardError === undefined) {
      try {
        const card = cardFor(store, file, head, flag);
        state = { card, make: transactionMaker(card, head.issuer, path.basename(file), how), fresh: spend.freshImport(card) };
      } catch (error) {
        cardError = error;
      }
    }
    if (!state) return;
    const txns = state.make(piece);
    rows += txns.length;
    if (state.fresh) state.fresh.add(txns);
    else for (const t of txns) held.push(t);
  };
  const rest = readExportInPieces(text, file, PIECE_ROWS, take);
  if (!rest) return undefined;
  take(rest.rows, rest);
  if (!state) throw cardError;
  const added = state.fresh ? state.fresh.finish() : spend.importTransactions(held);
  return { file, format: rest.format, card: state.card, rows, added, existing: rows - added, skipped: rest.skipped };
}

export async function runSpendImport(options: SpendImportOptions, ctx: Ctx): Promise<ImportedFile[]> {
  const store = ctx.store();
  const spend = new SpendStore(store);
  const how: Categorizer = { matcher: new RetailerMatcher(store.retailers()), mapping: readIssuerCategories(), known: new Set(store.categories().map((c) => c.id)) };
  let reports: ImportedFile[];
  if (options.dryRun) {
    reports = options.files.map((file) => {
      const f = readFile(file, readText(file), store, how, options.card);
      f.report.existing = spend.countExisting(f.rows);
      f.report.added = f.rows.length - f.report.existing;
      return f.report;
    });
  } else {
    // All files in one transaction, each read, checked and written in turn: an error in any of them (a
    // bad row, a card) rolls back what came before it. A large import goes through a rollback journal
    // when it can (Store.writeBulk): half the writes.
    const bytes = options.files.reduce((n, file) => n + fileSize(file), 0);
    const write = bytes >= BULK_WRITE_BYTES ? store.writeBulk.bind(store) : store.write.bind(store);
    reports = write(() =>
      options.files.map((file) => {
        const text = readText(file);
        const inPieces = text.length >= PIECES_CHARS ? importInPieces(text, file, store, spend, how, options.card) : undefined;
        if (inPieces) return inPieces;
        const f = readFile(file, text, store, how, options.card);
        f.report.added = spend.importTransactions(f.rows);
        f.report.existing = f.rows.length - f.report.added;
        return f.report;
      }),
    );
  }
  if (ctx.json) printJson(ctx, { dry_run: Boolean(options.dryRun), files: reports, added: reports.reduce((s, r) => s + r.added, 0) });
  else ctx.out((await import('../ui/spend-import-view.js')).renderSpendImport(reports, Boolean(options.dryRun)));
  return reports;
}

/** A file's size in bytes (0 when it cannot be read: reading it says why). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
