// A large issuer export is written a piece at a time as it is read (commands/spend-import.ts importInPieces):
// it must give exactly what reading it whole gives — transactions, occurrence numbers across pieces,
// cap totals, the report — and the same errors, with nothing written. Files of 200,000+ characters take
// that path; each sample export repeated makes one (repeats are the same rows again: occurrences 2, 3…).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readIssuerCategories, runSpendImport } from '../../src/commands/spend-import.js';
import { exportTransactions, transactionMaker, type Categorizer } from '../../src/core/spend-import.js';
import { RetailerMatcher } from '../../src/core/spend.js';
import { SpendStore } from '../../src/db/spend-store.js';
import type { Store } from '../../src/db/store.js';
import { eachCsvRecordFast, fastSplits } from '../../src/load/csv-split.js';
import { readExportInPieces, readIssuerExport, type ExportRow } from '../../src/load/issuer-export.js';
import { memoryCtx, seededStore } from '../helpers/context.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'spend');
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-spend-pieces-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The sample export `name` with its rows repeated up to ~600,000 characters (two pieces and more), written to a file; its path and text. */
function large(name: string, edit: (lines: string[]) => void = () => {}): { file: string; text: string } {
  const sample = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const eol = sample.includes('\r\n') ? '\r\n' : '\n';
  const [header, ...rows] = sample.trimEnd().split(eol);
  const lines = [header as string];
  while (lines.join(eol).length < 600_000) lines.push(...rows);
  edit(lines);
  const text = `${lines.join(eol)}${eol}`;
  const file = path.join(dir, `large-${name}`);
  fs.writeFileSync(file, text);
  return { file, text };
}

/** What the store holds of imported spending: every transaction (in id order) and every cap total. */
function contents(store: Store): unknown {
  return {
    transactions: store.db.prepare('SELECT * FROM transactions ORDER BY id').all(),
    caps: store.db.prepare('SELECT * FROM cap_spend ORDER BY card, rule, period_start').all(),
  };
}

/** The import of `text` read whole (readIssuerExport, exportTransactions, importTransactions), as the command does for a small file. */
function importWhole(store: Store, text: string, file: string, card: string): number {
  const how: Categorizer = { matcher: new RetailerMatcher(store.retailers()), mapping: readIssuerCategories(), known: new Set(store.categories().map((c) => c.id)) };
  const parsed = readIssuerExport(text, file);
  return new SpendStore(store).importTransactions(exportTransactions(parsed.rows, card, parsed.issuer, path.basename(file), how));
}

// (The Amex sample has addresses over two lines: read whole, csv-parse; it is here for the comparison all the same.)
const CSV_SAMPLES: Array<[string, string]> = [
  ['amex.csv', 'amex-gold'],
  ['chase.csv', 'chase-freedom-flex'],
  ['capital-one.csv', 'c1-savor'],
  ['citi.csv', 'chase-freedom-unlimited'],
  ['discover.csv', 'amex-bbp'],
];

describe('spend import of a large export, written in pieces as it is read', () => {
  it.each(CSV_SAMPLES)('%s: the same transactions, cap totals and report as read whole', async (name, card) => {
    const { file, text } = large(name);
    const inPieces = seededStore();
    const whole = seededStore();
    const [report] = await runSpendImport({ files: [file], card }, memoryCtx(inPieces));
    const added = importWhole(whole, text, file, card);
    expect(report!.rows).toBeGreaterThan(2_500);
    expect(report!.added).toBe(added);
    expect(report!.existing).toBe(0);
    expect(contents(inPieces)).toEqual(contents(whole));
    // The repeats are counted as further occurrences, not dropped.
    expect(inPieces.db.prepare('SELECT max(occurrence) FROM transactions').pluck().get()).toBeGreaterThan(5);
    inPieces.close();
    whole.close();
  });

  it('a card that has transactions already: written at the end, a re-import adds nothing, as read whole', async () => {
    const { file, text } = large('chase.csv');
    const a = seededStore();
    const b = seededStore();
    for (const store of [a, b]) await runSpendImport({ files: [path.join(FIXTURES, 'chase.csv')], card: 'chase-freedom-flex' }, memoryCtx(store));
    const [first] = await runSpendImport({ files: [file], card: 'chase-freedom-flex' }, memoryCtx(a));
    expect(first!.added).toBe(importWhole(b, text, file, 'chase-freedom-flex'));
    expect(first!.existing).toBeGreaterThan(250); // the sample's rows were there
    expect(contents(a)).toEqual(contents(b));
    const before = contents(a);
    const [again] = await runSpendImport({ files: [file], card: 'chase-freedom-flex' }, memoryCtx(a));
    expect(again).toMatchObject({ added: 0, existing: first!.rows });
    expect(contents(a)).toEqual(before);
    a.close();
    b.close();
  });

  it('a bad row far into the file: the error readIssuerExport gives, and nothing written', async () => {
    const { file, text } = large('chase.csv', (lines) => {
      lines[3_500] = lines[3_500]!.replace(/-?\d+\.\d\d,$/, 'twelve,');
    });
    const expected = (() => {
      try {
        readIssuerExport(text, file);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    })();
    expect(expected).toMatch(/line 3501, field "amount": expected an amount/);
    const store = seededStore();
    const before = contents(store);
    await expect(runSpendImport({ files: [file], card: 'chase-freedom-flex' }, memoryCtx(store))).rejects.toThrow(expected);
    expect(contents(store)).toEqual(before);
    store.close();
  });

  it('a file no wallet card is for: the card error, unless a bad row comes first (as read whole)', async () => {
    const store = seededStore();
    store.db.exec('DELETE FROM wallet');
    const { file } = large('chase.csv');
    await expect(runSpendImport({ files: [file] }, memoryCtx(store))).rejects.toThrow(/is a Chase export and your wallet holds no Chase card: pass --card/);
    const bad = large('chase.csv', (lines) => {
      lines[3_000] = lines[3_000]!.replace(/^[^,]*/, '13/45/2026');
    });
    await expect(runSpendImport({ files: [bad.file] }, memoryCtx(store))).rejects.toThrow(/line 3001, field "transaction date": expected a date/);
    expect(store.db.prepare('SELECT count(*) FROM transactions').pluck().get()).toBe(0);
    store.close();
  });
});

describe('spend import of several files, one of them large: the error reading them all whole gives', () => {
  it('a bad row deep in a large file comes before a later file that cannot be read or has no card for it', async () => {
    const bad = large('chase.csv', (lines) => {
      lines[5_000] = lines[5_000]!.replace(/^[^,]*/, '13/45/2026');
    });
    const store = seededStore();
    const before = contents(store);
    const row = /line 5001, field "transaction date": expected a date/;
    await expect(runSpendImport({ files: [bad.file, path.join(dir, 'missing.csv')], card: 'chase-freedom-flex' }, memoryCtx(store))).rejects.toThrow(row);
    await expect(runSpendImport({ files: [bad.file, path.join(FIXTURES, 'chase.csv')], card: 'nope' }, memoryCtx(store))).rejects.toThrow(row);
    // Without the bad row, the later file's own error.
    const good = large('discover.csv');
    await expect(runSpendImport({ files: [good.file, path.join(dir, 'missing.csv')], card: 'amex-bbp' }, memoryCtx(store))).rejects.toThrow(/Cannot read .*missing\.csv \(ENOENT\)/);
    expect(contents(store)).toEqual(before);
    store.close();
  });
});

describe('readExportInPieces', () => {
  const row = fc.record({
    date: fc.constantFrom('01/02/2026', '01/03/2026', '1/3/2026', '02/30/2026', ''),
    description: fc.constantFrom('CHEVRON 0209871', '"LA BOULANGERIE, SAN JOSÉ"', 'AUTOPAY PAYMENT - THANK YOU', 'INTEREST CHARGE', '  TWO  SPACES ', ''),
    category: fc.constantFrom('Gas', 'Food & Drink', ''),
    type: fc.constantFrom('Sale', 'Return', 'Payment', 'Fee'),
    amount: fc.constantFrom('-12.34', '45.00', '0.00', '-1,234.56', 'x', '-9.63'),
  });
  const exportText = fc
    .tuple(fc.array(fc.constantFrom('Account 1234', ''), { maxLength: 3 }), fc.array(row, { maxLength: 30 }), fc.boolean())
    .map(([title, rows, crlf]) => {
      const lines = [...title, 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo', ...rows.map((r) => `${r.date},${r.date},${r.description},${r.category},${r.type},${r.amount},`)];
      return lines.join(crlf ? '\r\n' : '\n');
    });
  const outcome = (f: () => unknown): unknown => {
    try {
      return f();
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  it('hands over the rows readIssuerExport reads, in order, with its counts and its error (property)', () => {
    fc.assert(
      fc.property(exportText, fc.integer({ min: 1, max: 7 }), (text, every) => {
        const pieces: ExportRow[][] = [];
        const got = outcome(() => {
          const rest = readExportInPieces(text, 'f.csv', every, (rows, head) => {
            expect(head).toEqual({ format: 'chase', issuer: 'chase' });
            expect(rows.length).toBe(every);
            pieces.push(rows);
          });
          return rest && { ...rest, rows: [...pieces.flat(), ...rest.rows] };
        });
        expect(got).toEqual(outcome(() => readIssuerExport(text, 'f.csv')));
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves a file to be read whole when the fast split cannot read it (a field over two lines)', () => {
    const text = 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo\n01/02/2026,01/02/2026,"TWO\nLINES",Gas,Sale,-1.00,\n';
    expect(readExportInPieces(text, 'f.csv', 1, () => expect.unreachable())).toBeUndefined();
    expect(readIssuerExport(text, 'f.csv').rows).toHaveLength(1);
  });
});

describe('fastSplits', () => {
  it('says whether eachCsvRecordFast reads the whole text (property)', () => {
    const text = fc.array(fc.constantFrom('a', ',', '"', '""', '\n', '\r\n', '\r', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(fastSplits(t)).toBe(eachCsvRecordFast(t, () => undefined));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('transactionMaker', () => {
  it('gives for a file taken in pieces what exportTransactions gives for it whole (property)', () => {
    const store = seededStore();
    const how: Categorizer = { matcher: new RetailerMatcher(store.retailers()), mapping: readIssuerCategories(), known: new Set(store.categories().map((c) => c.id)) };
    store.close();
    const row = fc.record({
      date: fc.constantFrom('2026-01-02', '2026-01-03'),
      amount_cents: fc.constantFrom(100, 250, -100),
      description: fc.constantFrom("MACY'S #0123", 'CHEVRON 0209871', 'DOORDASH*CHIPOTLE'),
      issuer_category: fc.constantFrom('Gas', 'Food & Drink', null),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5 }), (rows, cuts) => {
        const make = transactionMaker('chase-freedom-flex', 'chase', 'a.csv', how);
        const bounds = [0, ...[...cuts].sort((x, y) => x - y).map((c) => Math.min(c, rows.length)), rows.length];
        const inPieces = bounds.slice(1).flatMap((end, i) => make(rows.slice(bounds[i], end)));
        expect(inPieces).toEqual(exportTransactions(rows, 'chase-freedom-flex', 'chase', 'a.csv', how));
      }),
      { numRuns: 500 },
    );
  });
});
