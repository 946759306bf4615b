// SPEC 10.1: issuer exports into transactions. Runs the command in process on a seeded :memory: store
// with the sample exports of tests/fixtures/spend/ (tests/fixtures/generate-spend-exports.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSpendSet } from '../../src/commands/spend.js';
import { runSpendImport } from '../../src/commands/spend-import.js';
import { OccurrenceCounter, occurrenceKey } from '../../src/core/spend.js';
import type { Ctx } from '../../src/context.js';
import { SpendStore } from '../../src/db/spend-store.js';
import { Store } from '../../src/db/store.js';
import { UsageError } from '../../src/errors.js';
import { parseSignedCents, parseUsDate, readIssuerExport } from '../../src/load/issuer-export.js';
import { memoryCtx, seededStore } from '../helpers/context.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'spend');
const fixture = (name: string) => path.join(FIXTURES, name);
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-spend-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function seeded(): { store: Store; ctx: Ctx; spend: SpendStore } {
  const store = seededStore();
  const ctx = memoryCtx(store);
  return { store, ctx, spend: new SpendStore(store) };
}

const SAMPLES: Array<[string, string]> = [
  ['amex.csv', 'amex-gold'],
  ['chase.csv', 'chase-freedom-flex'],
  ['capital-one.csv', 'c1-savor'],
  ['citi.csv', 'chase-freedom-unlimited'],
  ['discover.csv', 'amex-bbp'],
  ['venture-x.qfx', 'c1-venture-x'],
];

describe('spend import of the sample exports', () => {
  it.each(SAMPLES)('%s: importing twice gives the same transactions as once', async (name, card) => {
    const { store, ctx, spend } = seeded();
    const first = await runSpendImport({ files: [fixture(name)], card }, ctx);
    const once = spend.transactions();
    expect(once.length).toBeGreaterThan(250);
    expect(first[0]!.added).toBe(once.length);
    const again = await runSpendImport({ files: [fixture(name)], card }, ctx);
    expect(again[0]!.added).toBe(0);
    expect(again[0]!.existing).toBe(once.length);
    expect(spend.transactions()).toEqual(once);
    // Each file has a payment a month, skipped; refunds subtract.
    expect(first[0]!.skipped.payments).toBe(12);
    expect(once.some((t) => t.amount_cents < 0)).toBe(true);
    expect(once.every((t) => !/PAYMENT - THANK YOU/.test(t.description))).toBe(true);
    store.close();
  });

  it('reads each issuer sign convention and categorises by retailer, then issuer category, then other', async () => {
    const { store, ctx, spend } = seeded();
    await runSpendImport({ files: [fixture('chase.csv')], card: 'chase-freedom-flex' }, ctx);
    const txns = spend.transactions();
    // Chase sales are negative in the file, positive here; returns the other way.
    const macys = txns.filter((t) => t.description === "MACY'S #0123 NEW YORK NY");
    expect(macys.every((t) => t.amount_cents > 0 && t.category === 'department_store')).toBe(true);
    expect(txns.find((t) => t.description.endsWith('RETURN'))!.amount_cents).toBeLessThan(0);
    // Not a retailer of the dataset: the issuer's "Gas" maps to gas; Amazon is a retailer (by alias).
    expect(txns.find((t) => t.description.startsWith('SHELL OIL'))!.category).toBe('gas');
    expect(txns.find((t) => t.description.startsWith('AMAZON.COM*'))!.category).toBe('general_merchandise');
    // Foreign characters and a quoted comma survive.
    expect(txns.some((t) => t.description === 'SUSHI 鮨 SAITO')).toBe(true);
    expect(txns.some((t) => t.description === 'HILTON GARDEN INN, "DOWNTOWN"')).toBe(true);
    // The balance transfer is skipped.
    expect(txns.some((t) => /BALANCE TRANSFER/.test(t.description))).toBe(false);
    store.close();
  });

  it('keeps two equal charges on one day as two (occurrence 1 and 2), and a fixed category on re-import', async () => {
    const { store, ctx, spend } = seeded();
    const file = path.join(dir, 'twice.csv');
    fs.writeFileSync(
      file,
      'Trans. Date,Post Date,Description,Amount,Category\n11/03/2026,11/04/2026,STARBUCKS STORE 05512,5.75,Restaurants\n11/03/2026,11/04/2026,STARBUCKS STORE 05512,5.75,Restaurants\n11/04/2026,11/05/2026,INTERNET PAYMENT - THANK YOU,-500.00,Payments and Credits\n11/05/2026,11/06/2026,KIOSK 4471,12.00,Merchandise\n',
    );
    await runSpendImport({ files: [file], card: 'amex-bbp' }, ctx);
    const txns = spend.transactions();
    expect(txns.map((t) => [t.description, t.amount_cents, t.occurrence, t.category])).toEqual([
      ['STARBUCKS STORE 05512', 575, 1, 'dining'],
      ['STARBUCKS STORE 05512', 575, 2, 'dining'],
      ['KIOSK 4471', 1200, 1, 'general_merchandise'],
    ]);
    await runSpendSet({ id: String(txns[2]!.id), category: 'entertainment' }, ctx);
    await runSpendImport({ files: [file], card: 'amex-bbp' }, ctx);
    expect(spend.transactions().map((t) => t.category)).toEqual(['dining', 'dining', 'entertainment']);
    store.close();
  });
});

describe('spend import refuses, changing nothing', () => {
  it('a bad row: names the file, line and field, and imports none of the files', async () => {
    const { store, ctx, spend } = seeded();
    const lines = fs.readFileSync(fixture('chase.csv'), 'utf8').split('\r\n');
    lines[199] = lines[199]!.replace(/^\d\d\/\d\d\/\d{4}/, '13/45/2026');
    const bad = path.join(dir, 'bad-chase.csv');
    fs.writeFileSync(bad, lines.join('\r\n'));
    const error = await runSpendImport({ files: [fixture('discover.csv'), bad], card: 'chase-freedom-flex' }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${bad} line 200, field "transaction date": expected a date written MM/DD/YYYY (got "13/45/2026").`);
    expect(spend.transactionCount()).toBe(0);
    store.close();
  });

  it('a bad amount in an Amex file whose rows span several lines: the line of the record', async () => {
    const { store, ctx, spend } = seeded();
    const file = path.join(dir, 'bad-amex.csv');
    fs.writeFileSync(file, 'Date,Description,Amount,Extended Details,Category\n11/01/2026,CHIPOTLE 1234,12.50,"CHIPOTLE\n1234",Restaurant-Restaurant\n11/02/2026,STARBUCKS,12.5O,,Restaurant-Bar & Café\n');
    await expect(runSpendImport({ files: [file], card: 'amex-gold' }, ctx)).rejects.toThrow(`${file} line 4, field "amount": expected an amount such as 12.34 or -12.34 (got "12.5O").`);
    expect(spend.transactionCount()).toBe(0);
    store.close();
  });

  it('a file of unknown shape, and a card the file does not name', async () => {
    const { store, ctx } = seeded();
    const file = path.join(dir, 'other.csv');
    fs.writeFileSync(file, 'when,what,how much\n2026-11-01,coffee,3\n');
    await expect(runSpendImport({ files: [file], card: 'amex-gold' }, ctx)).rejects.toThrow('no header of a known card export');
    // The default wallet holds amex-gold and rakuten-amex: an Amex file needs --card.
    await expect(runSpendImport({ files: [fixture('amex.csv')] }, ctx)).rejects.toThrow('your wallet holds amex-gold, rakuten-amex: pass --card <id>');
    // It holds one Chase card: a Chase file is that card's.
    const [report] = await runSpendImport({ files: [fixture('chase.csv')], dryRun: true }, ctx);
    expect(report!.card).toBe('chase-freedom-flex');
    store.close();
  });
});

describe('issuer export parsing', () => {
  it('reads amounts and dates as the exports write them', () => {
    expect(['12.34', '-12.34', '$1,234.56', '(5.00)', '-$5', '.5', '1.234', 'abc', ''].map(parseSignedCents)).toEqual([1234, -1234, 123456, -500, -500, 50, null, null, null]);
    expect(['11/05/2026', '1/5/2026', '02/30/2026', '2026-11-05', '11-05-2026'].map(parseUsDate)).toEqual(['2026-11-05', '2026-01-05', null, '2026-11-05', null]);
  });

  it('detects each format by its header, and OFX by its content', () => {
    const formats = SAMPLES.map(([name]) => readIssuerExport(fs.readFileSync(fixture(name), 'utf8'), name).format);
    expect(formats).toEqual(['amex', 'chase', 'capital_one', 'citi', 'discover', 'ofx']);
    // The QFX says it is Capital One's (<ORG>C1), its charges negative and credits positive.
    const ofx = readIssuerExport(fs.readFileSync(fixture('venture-x.qfx'), 'utf8'), 'venture-x.qfx');
    expect(ofx.issuer).toBe('capital_one');
    const text = fs.readFileSync(fixture('venture-x.qfx'), 'utf8').split('\r\n');
    // Each row names the line of its <STMTTRN> (for error messages), and its date is DTPOSTED's.
    expect(ofx.rows[0]!.date).toBe('2025-12-01');
    expect(text[ofx.rows[0]!.line - 1]).toBe('<STMTTRN>');
    expect(text[ofx.rows[0]!.line + 1]).toBe('<DTPOSTED>20251201120000.000[-5:EST]');
    // Payments (TRNTYPE PAYMENT, positive) are skipped; credits (positive) are refunds, negative here.
    expect(ofx.skipped.payments).toBe(12);
    expect(ofx.rows.filter((r) => r.amount_cents < 0).length).toBeGreaterThan(5);
    expect(ofx.rows.some((r) => /PAYMENT/.test(r.description))).toBe(false);
  });
});

describe('OccurrenceCounter', () => {
  it('numbers rows as counting occurrenceKey in a Map does, in any order of dates, amounts and descriptions', () => {
    const row = fc.record({
      date: fc.constantFrom('2026-01-01', '2026-01-02', '2026-02-01'),
      amount: fc.constantFrom(-500, 0, 1, 1250, 99_999_999_999),
      description: fc.constantFrom('A', 'B', 'STARBUCKS #1', '', 'b'),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const counter = new OccurrenceCounter();
        const seen = new Map<string, number>();
        for (const r of rows) {
          const key = occurrenceKey('c', r.date, r.amount, r.description);
          const expected = (seen.get(key) ?? 0) + 1;
          seen.set(key, expected);
          expect(counter.next(r.date, r.amount, r.description)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('readIssuerExport of CSV, read record by record', () => {
  const head = 'Transaction Date,Post Date,Description,Category,Type,Amount,Memo';
  const good = (i: number) => `01/${String((i % 28) + 1).padStart(2, '0')}/2026,01/02/2026,SHOP ${i},Shopping,Sale,-1${i}.25,`;
  it('reports the first bad row by its line, as before', () => {
    const text = [head, good(1), '13/45/2026,01/02/2026,BAD DATE,Shopping,Sale,-1.00,', good(2), '01/03/2026,01/03/2026,X,Shopping,Sale,abc,'].join('\n');
    expect(() => readIssuerExport(text, 'a.csv')).toThrow(/a\.csv line 3, field "transaction date": expected a date written MM\/DD\/YYYY \(got "13\/45\/2026"\)/);
  });
  it('bad quoting further down is reported before a bad row above it (csv-parse reads the whole file first)', () => {
    const text = [head, '13/45/2026,01/02/2026,BAD DATE,Shopping,Sale,-1.00,', good(2), '01/03/2026,01/03/2026,"UNCLOSED,Shopping,Sale,-1.00,'].join('\n');
    expect(() => readIssuerExport(text, 'b.csv')).toThrow(/b\.csv line \d+ is not valid CSV/);
  });
  it('finds a header under a few title lines, and says so when the first 15 rows hold none', () => {
    const rows = Array.from({ length: 30 }, (_, i) => good(i));
    const titled = readIssuerExport(['Account ending 1234', 'Statement', head, ...rows].join('\n'), 'c.csv');
    expect(titled.rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 4));
    expect(() => readIssuerExport([...Array.from({ length: 15 }, () => 'title'), head, ...rows].join('\n'), 'd.csv')).toThrow('no header of a known card export');
  });
  it('a file the fast split cannot read (a quoted field over two lines) gives the same rows through csv-parse', () => {
    const plain = [head, good(1), '01/05/2026,01/05/2026,"TWO, WORDS",Shopping,Sale,-3.00,', good(2)].join('\n');
    const multi = [head, good(1), '01/05/2026,01/05/2026,"TWO, WORDS",Shopping,Sale,-3.00,"memo', 'line two"', good(2)].join('\n');
    const a = readIssuerExport(plain, 'p.csv').rows.map(({ line: _line, ...r }) => r);
    const b = readIssuerExport(multi, 'm.csv').rows.map(({ line: _line, ...r }) => r);
    expect(b).toEqual(a);
    expect(a).toHaveLength(3);
  });
});

describe('parseSignedCents', () => {
  // The regular expressions it used before reading the common shape digit by digit.
  const PLAIN_RE = /^(-?)(\d{1,12})\.(\d\d)$/;
  const SIGNED_RE = /^([+-])?\(?\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?\)?$/;
  const before = (text: string): number | null => {
    const plain = PLAIN_RE.exec(text);
    if (plain) {
      const cents = Number(plain[2]) * 100 + Number(plain[3]);
      if (cents <= 1e11) return plain[1] ? -cents : cents;
    }
    const s = text.replace(/\s+/g, '');
    const m = SIGNED_RE.exec(s);
    if (!m || (m[2] === undefined && m[3] === undefined)) return null;
    if (s.includes('(') !== s.endsWith(')')) return null; // parentheses as a pair, or none
    const cents = Number((m[2] ?? '0').replace(/,/g, '')) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
    if (!Number.isSafeInteger(cents) || cents > 1e11) return null;
    const negative = m[1] === '-' || s.includes('(');
    return negative ? -cents : cents;
  };
  it('parentheses make an amount negative only as a pair: (12.34) is -1234, (12.34 and 12.34) are not amounts', () => {
    expect(['(12.34)', '(12.34', '12.34)', '-(12.34'].map(parseSignedCents)).toEqual([-1234, null, null, null]);
  });
  it('reads every text as the regular expressions did, parentheses as a pair (-0.00 included)', () => {
    const amountish = fc.stringMatching(/^[-+( $]{0,2}[0-9,]{0,16}(\.[0-9]{0,3})?[) ]{0,2}$/);
    fc.assert(
      fc.property(fc.oneof(amountish, fc.string({ maxLength: 20 })), (text) => {
        expect(Object.is(parseSignedCents(text), before(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const text of ['-0.00', '0.00', '999999999999.99', '1000000000.00', '1000000000.01', '-1000000000.01', '.50', '5.', '12.3', '--1.00', '1.234', '0001.00']) {
      expect(Object.is(parseSignedCents(text), before(text))).toBe(true);
    }
  });
});
