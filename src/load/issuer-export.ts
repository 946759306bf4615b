/**
 * Card issuers' transaction exports (SPEC 10.1, DOMAIN "Issuer exports"): Amex, Chase, Capital One,
 * Citi and Discover CSV, recognised by their header row, and OFX/QFX (read by ofx-js). Each row comes
 * out with perk's sign (charges positive, refunds and credits negative); payments, balance transfers,
 * interest and fees are counted as skipped. A row that cannot be read is a LoadError naming the file,
 * line and field. The CSV layouts and reader are here; the OFX reader is ofx-export.ts, and what both
 * share (fields, kinds of row, the row error) export-rows.ts.
 */
import type { IsoDate } from '../core/dates.js';
import type { Cents } from '../core/money.js';
import type { IssuerFormat, SkippedRows } from '../core/spend-import.js';
import { eachCsvRecordFast, fastSplits, splitCsv } from './csv-split.js';
import { classify, parseSignedCents, parseUsDate, rowError, type ExportRow, type IssuerExport } from './export-rows.js';
import { readOfx } from './ofx-export.js';
import { LoadError } from './read-errors.js';

export { parseSignedCents, parseUsDate, type ExportRow, type IssuerExport } from './export-rows.js';

interface Layout {
  format: Exclude<IssuerFormat, 'ofx'>;
  /** Header cells (lower case) that identify the export; all must be present. */
  needs: string[];
  date: string;
  description: string;
  category?: string;
  /** One signed amount column: `charges` says which sign a charge has. */
  amount?: { column: string; charges: 'positive' | 'negative' };
  /** Or a debit and a credit column. */
  debit?: string;
  credit?: string;
  type?: string;
}

// Most specific first: Chase and Discover both have "post date", Amex has the fewest columns.
const LAYOUTS: Layout[] = [
  { format: 'chase', needs: ['transaction date', 'post date', 'description', 'type', 'amount'], date: 'transaction date', description: 'description', category: 'category', amount: { column: 'amount', charges: 'negative' }, type: 'type' },
  { format: 'capital_one', needs: ['transaction date', 'posted date', 'description', 'debit', 'credit'], date: 'transaction date', description: 'description', category: 'category', debit: 'debit', credit: 'credit' },
  { format: 'discover', needs: ['trans. date', 'description', 'amount'], date: 'trans. date', description: 'description', category: 'category', amount: { column: 'amount', charges: 'positive' } },
  { format: 'citi', needs: ['status', 'date', 'description', 'debit', 'credit'], date: 'date', description: 'description', debit: 'debit', credit: 'credit' },
  { format: 'amex', needs: ['date', 'description', 'amount'], date: 'date', description: 'description', category: 'category', amount: { column: 'amount', charges: 'positive' } },
];

const isOfx = (body: string): boolean => /<OFX>/i.test(body.slice(0, 4096)) || /^\s*OFXHEADER:/i.test(body);

/** Read one export: OFX/QFX by its content, CSV by its header row. */
export function readIssuerExport(text: string, file: string): IssuerExport {
  const body = text.replace(/^\uFEFF/, '');
  if (isOfx(body)) return readOfx(body, file);
  return readCsvExport(body, file);
}

/** Which export a file is (known from its header row, before its rows). */
export type ExportHead = Pick<IssuerExport, 'format' | 'issuer'>;

/**
 * The format and issuer of a CSV export that readExportInPieces reads in pieces, from its header row
 * (read in its first rows, before any of its rows): what the import checks (the card) before it writes.
 * Undefined for a file it does not (OFX, a CSV for csv-parse) or whose header is not in its first rows:
 * reading it whole says why.
 */
export function piecesHead(text: string, file: string): ExportHead | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (isOfx(body) || !fastSplits(body)) return undefined;
  const reader = new ExportReader(file);
  try {
    eachCsvRecordFast(body, (record, line) => {
      reader.add(record, line);
      return reader.hasHeader ? 'stop' : undefined;
    });
    return reader.head();
  } catch {
    return undefined;
  }
}

/**
 * readIssuerExport of a CSV export, its rows handed to `onRows` `every` at a time as they are read, in
 * file order, so that they can be written while the file is read and not all held at once (a large
 * `perk spend import`); what it returns holds the rest. The same rows, counts and error: the fast split
 * is known to read the whole file (fastSplits), so a bad row is the error readCsvExport gives, and it
 * comes at that row. Undefined, having handed over nothing, for a file that must be read whole first:
 * OFX, or a CSV that csv-parse must read.
 */
export function readExportInPieces(text: string, file: string, every: number, onRows: (rows: ExportRow[], head: ExportHead) => void): IssuerExport | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (isOfx(body) || !fastSplits(body)) return undefined;
  const reader = new ExportReader(file);
  eachCsvRecordFast(body, (record, line) => {
    reader.add(record, line);
    if (reader.pending >= every) onRows(reader.take(), reader.head());
  });
  return reader.done();
}

function readCsvExport(text: string, file: string): IssuerExport {
  // Record by record as the fast split reads them, so that 100,000 rows are never held as records as
  // well (less for the garbage collector to copy). A row's error waits for the end of the split: a file
  // the fast split cannot read goes to csv-parse from the start, whose error (bad quoting) comes first.
  let reader = new ExportReader(file);
  let error: unknown;
  const read = eachCsvRecordFast(text, (record, line) => {
    if (error !== undefined) return;
    try {
      reader.add(record, line);
    } catch (e) {
      error = e;
    }
  });
  if (!read) {
    const { records, lines } = splitCsv(text, file);
    reader = new ExportReader(file);
    records.forEach((record, r) => reader.add(record, lines[r] as number));
  } else if (error !== undefined) {
    throw error;
  }
  return reader.done();
}

/** The rows of a CSV export, one record at a time (readCsvExport). */
class ExportReader {
  /** Some exports put a title or account lines above the header: it is looked for in the first rows. */
  private seen = 0;
  private layout: Layout | undefined;
  private header: string[] = [];
  private at = { date: -1, description: -1, category: -1, amount: -1, debit: -1, credit: -1, type: -1 };
  private rows: ExportRow[] = [];
  private readonly skipped: SkippedRows = { payments: 0, transfers: 0, fees: 0, zero: 0 };
  // Dates and descriptions repeat a lot in a year of statements: each distinct text is read once.
  private readonly dates = new Map<string, IsoDate | null>();
  /**
   * Kind by type, then description, then sign (classify reads only the sign of the amount); with the
   * description's first copy, which every row with that text keeps (one string per merchant, not per row).
   */
  private readonly kinds = new Map<string, Map<string, { text: string; bySign: Array<ReturnType<typeof classify> | undefined> }>>();
  /** Each issuer category's first copy, likewise. */
  private readonly categories = new Map<string, string>();

  constructor(private readonly file: string) {}

  add(record: string[], line: number): void {
    const layout = this.layout;
    if (!layout) {
      if (this.seen++ >= 15) throw this.noHeader();
      const cells = record.map((c) => c.trim().toLowerCase());
      const found = LAYOUTS.find((l) => l.needs.every((n) => cells.includes(n)));
      if (found) {
        this.layout = found;
        this.header = cells;
        const col = (name: string | undefined): number => (name === undefined ? -1 : cells.indexOf(name));
        this.at = { date: col(found.date), description: col(found.description), category: col(found.category), amount: col(found.amount?.column), debit: col(found.debit), credit: col(found.credit), type: col(found.type) };
      }
      return;
    }
    const { file, header, at } = this;
    if (record.every((c) => c.trim() === '')) return;
    const field = (i: number): string => header[i] ?? '';
    const dateText = cellOf(record, at.date);
    let date = this.dates.get(dateText);
    if (date === undefined) this.dates.set(dateText, (date = parseUsDate(dateText)));
    if (!date) throw rowError(file, line, field(at.date), `a date written MM/DD/YYYY`, dateText);
    const description = squashSpaces(cellOf(record, at.description));
    if (!description) throw rowError(file, line, field(at.description), 'the merchant description', '');
    let spend: Cents;
    if (layout.amount) {
      const amount = parseSignedCents(cellOf(record, at.amount));
      if (amount === null) throw rowError(file, line, field(at.amount), 'an amount such as 12.34 or -12.34', cellOf(record, at.amount));
      spend = layout.amount.charges === 'positive' ? amount : -amount;
    } else {
      const debitText = cellOf(record, at.debit);
      const creditText = cellOf(record, at.credit);
      const debit = debitText === '' ? 0 : parseSignedCents(debitText);
      if (debit === null) throw rowError(file, line, field(at.debit), 'an amount such as 12.34', debitText);
      const credit = creditText === '' ? 0 : parseSignedCents(creditText);
      if (credit === null) throw rowError(file, line, field(at.credit), 'an amount such as 12.34', creditText);
      if (debitText === '' && creditText === '') throw rowError(file, line, `${field(at.debit)}/${field(at.credit)}`, 'an amount in one of them', '');
      // Citi writes credits as negative numbers in the Credit column, Capital One as positive ones.
      spend = Math.abs(debit) - Math.abs(credit);
    }
    const categoryText = at.category >= 0 ? cellOf(record, at.category) : '';
    let category: string | null = null;
    if (categoryText !== '') {
      category = this.categories.get(categoryText) ?? null;
      if (category === null) this.categories.set(categoryText, (category = categoryText));
    }
    const type = at.type >= 0 ? cellOf(record, at.type) : '';
    let byDescription = this.kinds.get(type);
    if (!byDescription) this.kinds.set(type, (byDescription = new Map()));
    let seen = byDescription.get(description);
    if (!seen) byDescription.set(description, (seen = { text: description, bySign: [undefined, undefined, undefined] }));
    const sign = spend < 0 ? 0 : spend > 0 ? 2 : 1;
    let kind = seen.bySign[sign];
    if (kind === undefined) seen.bySign[sign] = kind = classify(description, spend, type);
    if (kind !== 'spend') {
      this.skipped[kind]++;
      return;
    }
    this.rows.push({ line, date, amount_cents: spend, description: seen.text, issuer_category: category });
  }

  /** Whether the header row has been found. */
  get hasHeader(): boolean {
    return this.layout !== undefined;
  }

  /** How many rows are read and not yet taken. */
  get pending(): number {
    return this.rows.length;
  }

  /** The rows read since the last take (readExportInPieces). */
  take(): ExportRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /** The export's format and issuer (once its header is found; before, the no-header error). */
  head(): ExportHead {
    if (!this.layout) throw this.noHeader();
    return { format: this.layout.format, issuer: this.layout.format };
  }

  done(): IssuerExport {
    return { ...this.head(), rows: this.rows, skipped: this.skipped };
  }

  private noHeader(): LoadError {
    return new LoadError(
      `${this.file}: no header of a known card export (Amex, Chase, Capital One, Citi, Discover) in its first lines.`,
      'Export the transactions as CSV from the issuer\'s site (or OFX/QFX), without editing the header row.',
    );
  }
}

/** A record's cell `i` trimmed ('' when the layout has no such column or the record is short). */
function cellOf(record: readonly string[], i: number): string {
  return i < 0 ? '' : (record[i] ?? '').trim();
}

/** Runs of white space as one space (most descriptions have none to squash). */
function squashSpaces(text: string): string {
  return /\s\s|[\t\r\n]/.test(text) ? text.replace(/\s+/g, ' ') : text;
}

