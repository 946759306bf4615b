import { describe, expect, it } from 'vitest';
import { LoadError, readCsv } from '../../src/load/read.js';

describe('LoadError messages quote the file safely', () => {
  it('a header with a carriage return and a newline in a column name is one printable line', () => {
    // Found by the property test: csv-parse takes "\r" as the record delimiter, so "p\np" is one column.
    let error: unknown;
    try {
      readCsv('\rp\np', 'random.csv', 'rates');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LoadError);
    const message = (error as LoadError).message;
    expect(message).toMatch(/^random\.csv line 1: unknown column "p\\np"/);
    expect(message).not.toMatch(/[\n\r]/);
  });

  it('an escape sequence in a cell is shown, not sent to the terminal', () => {
    expect(() => readCsv('portal,retailer,percent\nrakuten,macys,\u001b[2J\n', 'r.csv')).toThrow(/got "\\x1b\[2J"/);
  });
});
