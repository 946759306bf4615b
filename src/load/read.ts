/**
 * Readers for data format v1 files: JSON documents and CSV files of one kind. They turn bytes into
 * raw items that remember where they came from (file, line, index), so every later error can name them.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeCsvText } from './csv-cell.js';
import { parseRate } from '../core/money.js';
import { parseMilesRate } from '../core/rates.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { CSV_KINDS, KINDS, type CsvKind, type Kind } from './schemas.js';

export interface RawItem {
  kind: Kind;
  value: unknown;
  file: string;
  line: number;
  /** Position within its kind's array (JSON) or data row number (CSV, 1-based after the header). */
  index: number;
}

/**
 * Invalid input in a data file. The message quotes parts of the file (column names, cells), so it is
 * made one printable line here: a newline or control character in the file cannot split or drive it.
 */
export class LoadError extends UsageError {
  constructor(message: string, hint?: string) {
    super(safeText(message), hint);
  }
}

export function where(file: string, line?: number): string {
  return line ? `${file} line ${line}` : file;
}

/** Decode UTF-8 strictly; invalid bytes are an error naming the line. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Find the first invalid byte by decoding growing prefixes line by line.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new LoadError(`${where(file, line)} is not valid UTF-8 text.`, 'Save the file as UTF-8.');
  }
}

/** Line (1-based) of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function jsonSyntaxLine(text: string, error: Error): number | undefined {
  const lc = /line (\d+) column/.exec(error.message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(error.message);
  if (pos) return lineAt(text, Number(pos[1]));
  if (/end of JSON/i.test(error.message)) return lineAt(text, text.length);
  // Some engines (Node 20) name no position for an unexpected token: find it ourselves.
  const offset = jsonErrorOffset(text);
  return offset === undefined ? undefined : lineAt(text, offset);
}

/**
 * The reason of a JSON.parse error without the engine's quote of the input (which can span lines
 * and echo anything) and without a character position (we name the line instead).
 */
function jsonSyntaxReason(error: Error): string {
  return (error.message.split('\n')[0] ?? '')
    .replace(/, (\.\.\.)?".*$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
}

/**
 * Offset of the first JSON syntax error in `text` (a small recursive-descent scan, used only after
 * JSON.parse has failed), or undefined when it cannot tell (e.g. nesting too deep to scan).
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (error) {
    return typeof error === 'number' ? Math.min(error, text.length) : undefined;
  }
}

/**
 * The line on which each element of each top-level array starts, found by a small scan that skips
 * strings; used only to name lines, after JSON.parse has accepted the text.
 */
export function jsonElementLines(text: string): Map<string, number[]> {
  return scanJson(text).lines;
}

/** A key that appears twice in one object (JSON.parse silently keeps the last), with its line. */
export interface DuplicateKey {
  key: string;
  line: number;
}

/**
 * One pass over text that JSON.parse has accepted (so strings hold no raw newline): the line of each
 * element of each top-level array, and the first key that appears twice in one object.
 */
export function scanJson(text: string): { lines: Map<string, number[]>; duplicate: DuplicateKey | undefined } {
  const out = new Map<string, number[]>();
  let duplicate: DuplicateKey | undefined;
  let line = 1;
  let lastKey: string | undefined;
  let current: number[] | undefined;
  let expectValue = false;
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const depth = open.length;
    if (depth === 2 && current && expectValue && c !== 93 && c !== 44) {
      current.push(line);
      expectValue = false;
    }
    if (c === 34) {
      // The closing quote: the next one not escaped by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      const keys = open[depth - 1];
      if (keys) {
        let next = j + 1;
        while (next < text.length && ' \t\r\n'.includes(text[next] as string)) {
          if (text.charCodeAt(next) === 10) line++;
          next++;
        }
        if (text.charCodeAt(next) === 58) {
          const raw = text.slice(i + 1, j);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (keys.has(key)) duplicate ??= { key, line };
          keys.add(key);
          if (depth === 1) lastKey = key;
        }
        i = next - 1;
      } else i = j;
      continue;
    }
    if (c === 123 || c === 91) {
      open.push(c === 123 ? new Set() : null);
      if (open.length === 2 && c === 91 && lastKey !== undefined) {
        current = [];
        out.set(lastKey, current);
        expectValue = true;
      }
    } else if (c === 125 || c === 93) {
      open.pop();
      if (open.length === 1) current = undefined;
    } else if (c === 44 && depth === 2) {
      expectValue = true;
    }
  }
  return { lines: out, duplicate };
}

/** Read a JSON document of data format v1 into raw items. */
export function readJson(text: string, file: string): RawItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const line = jsonSyntaxLine(text, error as Error);
    throw new LoadError(`${where(file, line)} is not valid JSON (${jsonSyntaxReason(error as Error)}).`, 'Fix the JSON syntax.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new LoadError(`${file} must be a JSON object with keys such as "retailers" or "rates".`);
  }
  const { lines, duplicate } = scanJson(text);
  if (duplicate) {
    throw new LoadError(
      `${where(file, duplicate.line)}: the key "${duplicate.key.slice(0, 40)}" appears twice in one object (JSON keeps only the last).`,
      'Keep one of the two.',
    );
  }
  const items: RawItem[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (!(KINDS as string[]).includes(key)) {
      throw new LoadError(`${file}: unknown key "${key}".`, `Expected one of: ${KINDS.join(', ')}.`);
    }
    if (!Array.isArray(value)) throw new LoadError(`${file}: "${key}" must be an array.`);
    const kindLines = lines.get(key) ?? [];
    value.forEach((v, index) => {
      items.push({ kind: key as Kind, value: v, file, line: kindLines[index] ?? 1, index });
    });
  }
  // A "\ud800" escape decodes to half a character, which SQLite cannot store as written: refuse it
  // rather than change the text. (Only escapes can produce one; the scan runs only if one is present.)
  if (/\\u[dD][89a-fA-F]/.test(text)) {
    for (const item of items) {
      const field = unpairedSurrogatePath(item.value);
      if (field !== undefined) {
        throw new LoadError(
          `${where(file, item.line)} (${item.kind})${field ? `, field "${field}"` : ''}: the text contains an unpaired surrogate escape (half of a character).`,
          'Write the character itself, or both halves of its \\u escape.',
        );
      }
    }
  }
  return items;
}

const UNPAIRED_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first string (value or key) in `value` holding an unpaired surrogate; '' for the value itself. */
function unpairedSurrogatePath(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return UNPAIRED_SURROGATE_RE.test(value) ? at : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const here = at ? `${at}.${k}` : k;
    if (UNPAIRED_SURROGATE_RE.test(k)) return here;
    const found = unpairedSurrogatePath(v, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

type FieldType = 'string' | 'int' | 'number' | 'bool' | 'list' | 'nullable' | 'split';

const CSV_FIELDS: Record<CsvKind, Record<string, FieldType>> = {
  retailers: { id: 'string', name: 'string', category: 'string', aliases: 'list' },
  rates: {
    portal: 'string',
    retailer: 'string',
    percent: 'number',
    flat_cents: 'int',
    units_per_dollar: 'number',
    from: 'string',
    to: 'string',
    as_of: 'string',
    channel: 'string',
  },
  offers: {
    id: 'string',
    issuer: 'string',
    card: 'string',
    retailer: 'string',
    kind: 'string',
    min_spend_cents: 'int',
    credit_cents: 'int',
    percent: 'number',
    max_credit_cents: 'int',
    points: 'int',
    points_per_dollar: 'number',
    max_points: 'int',
    max_uses: 'int',
    from: 'string',
    to: 'string',
    click_through: 'bool',
    added: 'bool',
  },
  promos: {
    code: 'string',
    retailer: 'string',
    kind: 'string',
    amount_cents: 'int',
    percent: 'number',
    min_purchase_cents: 'int',
    from: 'string',
    to: 'string',
    max_uses: 'int',
    portal_safe: 'bool',
  },
  orders: {
    id: 'int',
    date: 'string',
    retailer: 'string',
    amount_cents: 'int',
    category: 'string',
    card: 'nullable',
    portal: 'nullable',
    channel: 'string',
    via: 'nullable',
    offer: 'nullable',
    promos: 'list',
    giftcard: 'nullable',
    giftcard_cents: 'int',
    giftcard_split: 'split',
    charged_cents: 'int',
    expected_cents: 'int',
    portal_credited: 'bool',
    actual_cents: 'int',
    status: 'string',
    confirmed_on: 'nullable',
    note: 'nullable',
    trip_end: 'nullable',
  },
};

/** The CSV columns of a kind, in export order. */
export function csvColumns(kind: CsvKind): string[] {
  return Object.keys(CSV_FIELDS[kind]);
}

/** Which kind a CSV header describes, if exactly one fits. */
export function detectCsvKind(header: string[]): CsvKind | undefined {
  const has = (f: string) => header.includes(f);
  if (has('amount_cents') && has('charged_cents')) return 'orders';
  if (has('portal') && has('retailer') && (has('percent') || has('flat_cents') || has('units_per_dollar') || has('rate'))) return 'rates';
  if (has('code') && has('retailer') && has('kind')) return 'promos';
  if (has('id') && has('card') && has('retailer') && has('kind')) return 'offers';
  if (has('id') && has('name') && has('category')) return 'retailers';
  return undefined;
}

function coerce(kind: CsvKind, field: string, cell: string, file: string, line: number): unknown {
  const type = CSV_FIELDS[kind][field];
  const bad = (expected: string) =>
    new LoadError(`${where(file, line)}, field "${field}": expected ${expected} (got "${cell.slice(0, 40)}").`);
  switch (type) {
    case 'int': {
      if (!/^-?\d+$/.test(cell)) throw bad('a whole number');
      return Number(cell);
    }
    case 'number': {
      const n = Number(cell.replace(/%$/, ''));
      if (!/^-?(\d+(\.\d*)?|\.\d+)%?$/.test(cell) || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'bool': {
      const v = cell.toLowerCase();
      if (['true', 'yes', '1'].includes(v)) return true;
      if (['false', 'no', '0'].includes(v)) return false;
      throw bad('true or false');
    }
    case 'list':
      return cell
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'split':
      // `gc-a:2000|gc-b:1000`: gift card and cents, in spending order.
      return cell
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((pair) => {
          const m = /^([^:]+):(\d+)$/.exec(pair);
          if (!m) throw bad('gift card:cents pairs such as gc-amazon-75mu:2000|gc-amazon-lmno:1000');
          return { giftcard: m[1], cents: Number(m[2]) };
        });
    default:
      return cell;
  }
}

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

/** One line's fields, or undefined when the line needs the full parser. */
function splitLine(line: string): string[] | undefined {
  if (line.indexOf('"') < 0) return line.split(',');
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

function count(text: string, what: string): number {
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
  let eol = '\n';
  const crs = count(text, '\r');
  if (crs > 0) {
    if (count(text, '\r\n') !== crs || count(text, '\n') !== crs) return undefined;
    eol = '\r\n';
  }
  const records: string[][] = [];
  const lines: number[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf(eol, start);
    if (end < 0) end = text.length;
    if (end > start) {
      const record = splitLine(text.slice(start, end));
      if (!record) return undefined;
      records.push(record);
      lines.push(line);
    }
    start = end + eol.length;
  }
  return { records, lines };
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

/** A CSV file's header, checked: its kind and how to turn each data row into a raw item. */
interface CsvReader {
  kind: CsvKind;
  item(record: string[], line: number, index: number): RawItem;
}

function csvReader(head: string[] | undefined, file: string, kind?: Kind): CsvReader {
  if (!head) throw new LoadError(`${file} is empty: expected a header row naming the fields.`);
  const header = head.map((h) => h.trim());
  const detected = kind ?? detectCsvKind(header);
  if (!detected) {
    throw new LoadError(`${file} line 1: the header does not match one kind of data.`, 'Pass --kind retailers|rates|offers|promos|orders.');
  }
  if (!(CSV_KINDS as readonly string[]).includes(detected)) {
    throw new LoadError(`${file}: "${detected}" cannot be read from CSV.`, `CSV kinds: ${CSV_KINDS.join(', ')}.`);
  }
  const csvKind = detected as CsvKind;
  const fields = CSV_FIELDS[csvKind];
  const seen = new Set<string>();
  header.forEach((h) => {
    if (!(h in fields) && !(csvKind === 'rates' && h === 'rate')) {
      throw new LoadError(`${file} line 1: unknown column "${h}" for ${csvKind}.`, `Expected columns: ${Object.keys(fields).join(', ')}.`);
    }
    if (seen.has(h)) throw new LoadError(`${file} line 1: column "${h}" appears twice.`);
    seen.add(h);
  });
  const width = header.length;
  // Plain string columns need no conversion: copied as they are (the hot path of a big rates file).
  const plain = header.map((h) => fields[h] === 'string');
  return {
    kind: csvKind,
    item(record, line, index) {
      if (record.length !== width) {
        throw new LoadError(
          `${where(file, line)} has ${record.length} columns but the header has ${width}.`,
          'Every row needs one value per header column (empty for none).',
        );
      }
      const value: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) {
        const cell = decodeCsvText((record[i] as string).trim());
        if (cell === '') continue;
        const h = header[i] as string;
        if (plain[i]) {
          value[h] = cell;
        } else if (csvKind === 'rates' && h === 'rate') {
          const rate = parseRate(cell) ?? parseMilesRate(cell);
          if (!rate) {
            throw new LoadError(
              `${where(file, line)}, field "rate": expected a percent such as 6%, a flat amount such as $25 or miles such as 5 miles/$ (got "${cell.slice(0, 40)}").`,
            );
          }
          Object.assign(value, rate);
        } else {
          value[h] = coerce(csvKind, h, cell, file, line);
        }
      }
      return { kind: csvKind, value, file, line, index };
    },
  };
}

/** Read a CSV file of one kind (from `kind` or its header) into raw items. */
export function readCsv(text: string, file: string, kind?: Kind): RawItem[] {
  const { records, lines } = splitCsv(text, file);
  const reader = csvReader(records[0], file, kind);
  const items: RawItem[] = new Array<RawItem>(records.length - 1);
  for (let r = 1; r < records.length; r++) items[r - 1] = reader.item(records[r] as string[], lines[r] as number, r);
  return items;
}

/** The kind of a CSV file from its first line (`kind` if given), or undefined when it cannot tell cheaply. */
export function csvKindOf(text: string, kind?: Kind): Kind | undefined {
  if (kind) return kind;
  const end = text.indexOf('\n');
  const head = splitLine((end < 0 ? text : text.slice(0, end)).replace(/\r$/, ''));
  return head ? detectCsvKind(head.map((h) => h.trim())) : undefined;
}

/**
 * The data rows of a CSV file one at a time, each as readCsv gives it, without holding them all (a big
 * rates file is most of a load's memory as records). Only for files the fast split reads (see
 * splitCsvFast): returns false, having visited some rows perhaps, when the file needs csv-parse.
 * Errors are readCsv's, for the first bad row reached.
 */
export function eachCsvItem(text: string, file: string, kind: Kind | undefined, visit: (item: RawItem) => void): boolean {
  let eol = '\n';
  const crs = count(text, '\r');
  if (crs > 0) {
    if (count(text, '\r\n') !== crs || count(text, '\n') !== crs) return false;
    eol = '\r\n';
  }
  let reader: CsvReader | undefined;
  let index = 0;
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf(eol, start);
    if (end < 0) end = text.length;
    if (end > start) {
      const record = splitLine(text.slice(start, end));
      if (!record) return false;
      if (reader) visit(reader.item(record, line, ++index));
      else reader = csvReader(record, file, kind);
    }
    start = end + eol.length;
  }
  if (!reader) csvReader(undefined, file, kind); // the empty file's error
  return true;
}

/** Read a data file by extension: `.csv` is CSV, anything else JSON. */
export function readDataText(text: string, file: string, kind?: Kind): RawItem[] {
  if (/\.csv$/i.test(file)) return readCsv(text, file, kind);
  if (kind) throw new LoadError(`--kind applies only to CSV files, not ${file}.`, 'A JSON file names its kinds by its keys.');
  return readJson(text, file);
}
