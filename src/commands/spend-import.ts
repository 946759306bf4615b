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
import { piecesHead, readExportInPieces, readIssuerExport, type ExportHead, type ExportRow } from '../load/issuer-export.js';
import { decodeUtf8, LoadError } from '../load/read-errors.js';
import { readBounded } from '../load/read-file.js';
import type { SpendImportOptions } from './spend-import-options.js';
import { printJson, requireCard } from './shared.js';

/** The issuer category mapping table shipped in data/spend/ (SPEC 10.1). */
export function readIssuerCategories(dataDir = defaultDataDir()): IssuerCategoryMap {
  const raw = JSON.parse(fs.readFileSync(path.join(dataDir, 'spend', 'issuer-categories.json'), 'utf8')) as { issuers: Record<string, Record<string, string>> };
  return normalizeMapping(raw.issuers);
}

/** From this many characters of files (~5,000 rows) an import is written through a rollback journal (Store.writeBulk). */
const BULK_WRITE_CHARS = 320 * 1024;
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
 * One large file imported while it is read, in the caller's write, its card checked already (plan): its
 * rows are made transactions and written a piece at a time (straight away when the card has no
 * transactions yet, SpendStore.freshImport; else all together at the end), so 100,000 rows are never all
 * held as read rows as well (less for the garbage collector to copy and the system to map). The same
 * report, rows and errors as readFile then importTransactions (a bad row throws: the write rolls back).
 */
function importInPieces(p: InPieces, spend: SpendStore, how: Categorizer): ImportedFile {
  const make = transactionMaker(p.card, p.head.issuer, path.basename(p.file), how);
  const fresh = spend.freshImport(p.card);
  const held: SpendTxn[] = [];
  let rows = 0;
  const take = (piece: readonly ExportRow[]) => {
    const txns = make(piece);
    rows += txns.length;
    if (fresh) fresh.add(txns);
    else for (const t of txns) held.push(t);
  };
  const rest = readExportInPieces(p.text, p.file, PIECE_ROWS, take);
  if (!rest) throw new Error(`internal: ${p.file} was planned to be read in pieces and cannot be`);
  take(rest.rows);
  const added = fresh ? fresh.finish() : spend.importTransactions(held);
  return { file: p.file, format: rest.format, card: p.card, rows, added, existing: rows - added, skipped: rest.skipped };
}

/** A large file to be read as it is written: its text, header and card (checked before the write). */
interface InPieces {
  file: string;
  text: string;
  head: ExportHead;
  card: string;
}

/**
 * Every file read and checked before the write opens, as far as it can be: a small one's rows made
 * transactions (its bad rows, its card); a large one read and its header and card checked, its rows to
 * be read as they are written. So bad input is refused before the database is locked or touched — and
 * with the error reading every file whole gives: a bad row in a large file before the file that failed
 * (or in the file itself, before its card) comes first.
 */
function plan(files: readonly string[], store: Store, how: Categorizer, flag: string | undefined): { planned: Array<{ report: ImportedFile; rows: SpendTxn[] } | InPieces>; chars: number } {
  const planned: Array<{ report: ImportedFile; rows: SpendTxn[] } | InPieces> = [];
  let chars = 0;
  const rowsFirst = (error: unknown, also?: { file: string; text: string }): never => {
    for (const p of [...planned, ...(also ? [also] : [])]) if ('text' in p) readIssuerExport(p.text, p.file);
    throw error;
  };
  for (const file of files) {
    let text: string;
    try {
      text = readText(file);
    } catch (error) {
      return rowsFirst(error);
    }
    chars += text.length;
    const head = text.length >= PIECES_CHARS ? piecesHead(text, file) : undefined;
    try {
      planned.push(head ? { file, text, head, card: cardFor(store, file, head, flag) } : readFile(file, text, store, how, flag));
    } catch (error) {
      return rowsFirst(error, head && { file, text });
    }
  }
  return { planned, chars };
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
    const { planned, chars } = plan(options.files, store, how, options.card);
    // All files in one transaction: a bad row in a large one (found as it is written) rolls back what came
    // before it. A large import goes through a rollback journal when it can (Store.writeBulk): half the
    // writes — but not into a database this run created (its journal switch would count as another
    // process's write, and a refused import would then leave the new database behind: context.ts).
    const write = chars >= BULK_WRITE_CHARS && !ctx.created ? store.writeBulk.bind(store) : store.write.bind(store);
    reports = write(() =>
      planned.map((p) => {
        if ('text' in p) return importInPieces(p, spend, how);
        p.report.added = spend.importTransactions(p.rows);
        p.report.existing = p.rows.length - p.report.added;
        return p.report;
      }),
    );
  }
  if (ctx.json) printJson(ctx, { dry_run: Boolean(options.dryRun), files: reports, added: reports.reduce((s, r) => s + r.added, 0) });
  else ctx.out((await import('../ui/spend-import-view.js')).renderSpendImport(reports, Boolean(options.dryRun)));
  return reports;
}
