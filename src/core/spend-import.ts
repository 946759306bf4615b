/**
 * Importing an issuer export (SPEC 10.1): which card it is from, and the transactions its rows become
 * (each with its perk category and occurrence number). Pure: the command reads the file and the wallet.
 */
import type { IsoDate } from './dates.js';
import type { Cents } from './money.js';
import { categorize, OccurrenceCounter, OTHER, type IssuerCategoryMap, type RetailerMatcher, type SpendTxn } from './spend.js';
import type { Card } from './types.js';

export type IssuerFormat = 'amex' | 'chase' | 'capital_one' | 'citi' | 'discover' | 'ofx';

const ISSUER_NAMES: Record<IssuerFormat, string> = { amex: 'Amex', chase: 'Chase', capital_one: 'Capital One', citi: 'Citi', discover: 'Discover', ofx: 'OFX' };

/** "Chase", "Capital One": how an export's format is named to people. */
export function issuerName(format: string): string {
  return ISSUER_NAMES[format as IssuerFormat] ?? format;
}

/** Rows of an export that are not spending, by why (SPEC 10.1): payments, balance transfers, fees and interest, zero amounts. */
export interface SkippedRows {
  payments: number;
  transfers: number;
  fees: number;
  zero: number;
}

/** What importing one file did (`perk spend import --json`: `files`). */
export interface ImportedFile {
  file: string;
  format: IssuerFormat;
  card: string;
  rows: number;
  added: number;
  existing: number;
  skipped: SkippedRows;
}

/**
 * The card an export is from when `--card` does not say: the one wallet card of the file's issuer.
 * Otherwise why not: the file names no issuer, or the wallet holds none or several of its cards.
 */
export function exportCard(
  wallet: ReadonlyArray<Pick<Card, 'id' | 'issuer'>>,
  issuer: string | undefined,
): { card: string } | { problem: 'no_issuer' } | { problem: 'issuer_cards'; held: string[] } {
  if (!issuer) return { problem: 'no_issuer' };
  const held = wallet.filter((c) => c.issuer === issuer).map((c) => c.id);
  return held.length === 1 ? { card: held[0] as string } : { problem: 'issuer_cards', held };
}

/** A row of an export as read (load/export-rows.ts: CSV by issuer-export.ts, OFX by ofx-export.ts), before it is a transaction. */
export interface ExportedRow {
  date: IsoDate;
  amount_cents: Cents;
  description: string;
  issuer_category: string | null;
}

/** How an import categorizes: the retailers, the issuer's mapping table and the categories perk knows. */
export interface Categorizer {
  matcher: RetailerMatcher;
  mapping: IssuerCategoryMap;
  known: ReadonlySet<string>;
}

/**
 * The transactions of one file's rows on `card`: each gets the perk category `categorize` gives (`other`
 * for a category perk does not know), once per distinct description and issuer category, and its
 * occurrence number (1 for the first row with the same card, date, amount and description, then 2, 3…).
 */
export function exportTransactions(rows: readonly ExportedRow[], card: string, issuer: string | undefined, source: string, how: Categorizer): SpendTxn[] {
  return transactionMaker(card, issuer, source, how)(rows);
}

/**
 * exportTransactions of one file taken in pieces (its rows in file order, a piece at a time: a large
 * import writes them as it reads them): the categories found and the occurrences counted carry from
 * piece to piece, so the pieces give what the whole file gives.
 */
export function transactionMaker(card: string, issuer: string | undefined, source: string, how: Categorizer): (rows: readonly ExportedRow[]) => SpendTxn[] {
  // One category per distinct issuer category and description (nested maps: no key string per row);
  // occurrence numbers as counting occurrenceKey would give them (OccurrenceCounter).
  const categories = new Map<string, Map<string, string>>();
  const occurrences = new OccurrenceCounter();
  return (rows) =>
    rows.map((r) => {
      const issuerCategory = r.issuer_category ?? '';
      let byDescription = categories.get(issuerCategory);
      if (!byDescription) categories.set(issuerCategory, (byDescription = new Map()));
      let category = byDescription.get(r.description);
      if (category === undefined) {
        category = categorize(r.description, r.issuer_category, issuer ?? '', how.matcher, how.mapping);
        if (!how.known.has(category)) category = OTHER;
        byDescription.set(r.description, category);
      }
      const occurrence = occurrences.next(r.date, r.amount_cents, r.description);
      return { card, date: r.date, amount_cents: r.amount_cents, description: r.description, occurrence, issuer_category: r.issuer_category, category, source };
    });
}
