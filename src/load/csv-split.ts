/**
 * Splitting CSV text into records with their line numbers: a fast split for the common shape, else
 * csv-parse. Its own module, apart from read-csv.ts, because read-csv checks rows against the data
 * schemas (zod, ~460 kB): `perk spend import` splits issuer exports and must not load zod (~20 ms).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LoadError, where } from './read-errors.js';

/** CSV records with the line each one is on. */
export interface CsvRows {
  records: string[][];
  lines: number[];
}

/** The index of the closing quote of a quoted field opening at `start`, or -1 (not on this line). */
function closingQuote(line: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const q = line.indexOf('"', i);
    if (q < 0) return -1;
    if (line.charCodeAt(q + 1) !== 34) return q;
    i = q + 2; // "" is an escaped quote
  }
}

/** `line.split(',')`, a third faster in V8 for the short lines of a CSV (100,000 lines: ~23 ms against ~32). */
function splitPlain(line: string): string[] {
  const fields: string[] = [];
  let from = 0;
  for (let comma = line.indexOf(','); comma >= 0; comma = line.indexOf(',', from)) {
    fields.push(line.slice(from, comma));
    from = comma + 1;
  }
  fields.push(line.slice(from));
  return fields;
}

/** One line's fields, or undefined when the line needs the full parser. */
export function splitLine(line: string): string[] | undefined {
  if (line.indexOf('"') < 0) return splitPlain(line);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34) {
      const end = closingQuote(line, i);
      if (end < 0) return undefined; // a field over several lines, or an unclosed quote
      fields.push(line.slice(i + 1, end).replace(/""/g, '"'));
      if (end + 1 === line.length) return fields;
      if (line.charCodeAt(end + 1) !== 44) return undefined; // text after a closing quote
      i = end + 2;
    } else {
      const comma = line.indexOf(',', i);
      const field = comma < 0 ? line.slice(i) : line.slice(i, comma);
      if (field.indexOf('"') >= 0) return undefined; // a quote inside an unquoted field
      fields.push(field);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

export function count(text: string, what: string): number {
  let n = 0;
  for (let i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length)) n++;
  return n;
}

/**
 * The common CSV read without csv-parse, which is most of the time of a large load: line ends all \n
 * or all \r\n, and fields either unquoted (no quote inside) or quoted on one line. Anything else (a
 * field over several lines, stray quotes, a lone \r) returns undefined and is read by csv-parse, so
 * every file csv-parse would reject still gets its error. Same records and line numbers as csv-parse
 * with skip_empty_lines (tests/unit/load-fast-path.test.ts checks both agree).
 */
export function splitCsvFast(text: string): CsvRows | undefined {
  const records: string[][] = [];
  const lines: number[] = [];
  const read = eachCsvRecordFast(text, (record, line) => {
    records.push(record);
    lines.push(line);
  });
  return read ? { records, lines } : undefined;
}

/**
 * splitCsvFast's records one at a time, with their lines, without an array of them all: false (after
 * visiting the records before it) at the first line the fast split cannot read. A visit that returns
 * 'stop' ends the reading there (true).
 */
export function eachCsvRecordFast(text: string, visit: (record: string[], line: number) => void | 'stop'): boolean {
  const eol = lineEnd(text);
  if (eol === undefined) return false;
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf(eol, start);
    if (end < 0) end = text.length;
    if (end > start) {
      const record = splitLine(text.slice(start, end));
      if (!record) return false;
      if (visit(record, line) === 'stop') return true;
    }
    start = end + eol.length;
  }
  return true;
}

/** The line end of a text the fast split can read: all `\n` or all `\r\n`; undefined for a mix or a lone `\r`. */
function lineEnd(text: string): '\n' | '\r\n' | undefined {
  const crs = count(text, '\r');
  if (crs === 0) return '\n';
  return count(text, '\r\n') === crs && count(text, '\n') === crs ? '\r\n' : undefined;
}

/**
 * Whether eachCsvRecordFast reads all of `text` (returns true), found without reading it: its line ends,
 * and every line with a quote in it (the only lines splitLine can refuse). What lets a large import
 * write rows while it reads (issuer-export.ts readExportInPieces): the whole file is known to be
 * readable this way before the first row goes. A test holds it equal to eachCsvRecordFast's answer.
 */
export function fastSplits(text: string): boolean {
  const eol = lineEnd(text);
  if (eol === undefined) return false;
  for (let q = text.indexOf('"'); q >= 0; ) {
    const start = text.lastIndexOf('\n', q) + 1;
    let end = text.indexOf(eol, q);
    if (end < 0) end = text.length;
    if (!splitLine(text.slice(start, end))) return false;
    q = text.indexOf('"', end);
  }
  return true;
}

/** Split a CSV file into records: the fast path when it applies, else csv-parse. */
export function splitCsv(text: string, file: string): CsvRows {
  const fast = splitCsvFast(text);
  if (fast) return fast;
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parseCsv(text, { info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new LoadError(`${where(file, line)} is not valid CSV (${(error as Error).message.replace(/\.$/, '')}).`, 'Check the quoting.');
  }
  return { records: rows.map((r) => r.record), lines: rows.map((r) => r.info.lines) };
}
