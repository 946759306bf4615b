/**
 * Readers for data format v1 files: JSON documents and CSV files of one kind. They turn bytes into
 * raw items that remember where they came from (file, line, index), so every later error can name them.
 * The readers themselves are in read-json.ts, read-csv.ts (with csv-fields.ts) and read-errors.ts;
 * this module is their entry point and re-exports them.
 */
import { readCsv } from './read-csv.js';
import { readJson } from './read-json.js';
import { LoadError } from './read-errors.js';
import type { Kind } from './schemas.js';

export { csvColumns, detectCsvKind } from './csv-fields.js';
export { csvKindOf, eachCsvItem, readCsv, splitCsv, splitCsvFast, type CsvRows } from './read-csv.js';
export { jsonElementLines, readJson, scanJson, type DuplicateKey } from './read-json.js';
export { decodeUtf8, jsonErrorOffset, LoadError, where } from './read-errors.js';

export interface RawItem {
  kind: Kind;
  value: unknown;
  file: string;
  line: number;
  /** Position within its kind's array (JSON) or data row number (CSV, 1-based after the header). */
  index: number;
}

/** Read a data file by extension: `.csv` is CSV, anything else JSON. */
export function readDataText(text: string, file: string, kind?: Kind): RawItem[] {
  if (/\.csv$/i.test(file)) return readCsv(text, file, kind);
  if (kind) throw new LoadError(`--kind applies only to CSV files, not ${file}.`, 'A JSON file names its kinds by its keys.');
  return readJson(text, file);
}
