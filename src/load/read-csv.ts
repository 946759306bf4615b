/** Reading a CSV file of one kind: splitting it into records (csv-split.ts), checking its header, and its rows as raw items, whole or streamed. */
import { decodeCsvText } from './csv-cell.js';
import { eachCsvRecordFast, splitCsv, splitLine } from './csv-split.js';
import { coerce, CSV_FIELDS, detectCsvKind } from './csv-fields.js';
import { parseRate } from '../core/money.js';
import { parseMilesRate } from '../core/rates.js';
import { LoadError, where } from './read-errors.js';
import type { RawItem } from './read.js';
import { CSV_KINDS, type CsvKind, type Kind } from './schemas.js';

export { splitCsv, splitCsvFast, type CsvRows } from './csv-split.js';

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
  let reader: CsvReader | undefined;
  let index = 0;
  const read = eachCsvRecordFast(text, (record, line) => {
    if (reader) visit(reader.item(record, line, ++index));
    else reader = csvReader(record, file, kind);
  });
  if (!read) return false;
  if (!reader) csvReader(undefined, file, kind); // the empty file's error
  return true;
}
