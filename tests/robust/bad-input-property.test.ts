/**
 * Property tests: random and mutated input to the amount, rate and date parsers and to the loaders
 * (read + validate + apply on a `:memory:` store). Whatever the input: never an exception other than
 * a LoadError (no stack trace reaches the user), never a partial write, and what parses is in range.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/core/dates.js';
import { formatCents, parseAmountToCents, parseRate } from '../../src/core/money.js';
import { Store } from '../../src/db/store.js';
import { loadItems } from '../../src/load/apply.js';
import { LoadError, decodeUtf8, jsonErrorOffset, readCsv, readDataText, readJson } from '../../src/load/read.js';
import { digestOf } from '../helpers/db.js';
import { VALID_RECORDS } from '../helpers/fixtures.js';
import { seededStore } from '../helpers/context.js';

const RUNS = { numRuns: 400 };

/** Strings drawn mostly from the characters that matter to a parser, plus arbitrary Unicode. */
const parserish = (alphabet: string) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...alphabet.split('')), maxLength: 24 }),
    fc.string({ maxLength: 24 }),
    fc.string({ unit: 'binary', maxLength: 24 }),
  );

describe('parseAmountToCents', () => {
  it('never throws; anything it accepts is a non-negative safe integer of cents', () => {
    fc.assert(
      fc.property(parserish('0123456789$,. -+e\t'), (text) => {
        const cents = parseAmountToCents(text);
        if (cents !== null) expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('reads back every amount it formats, with and without $ and thousands separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (cents) => {
        const plain = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(parseAmountToCents(formatCents(cents))).toBe(cents);
        expect(parseAmountToCents(plain)).toBe(cents);
        expect(parseAmountToCents(`$${plain}`)).toBe(cents);
      }),
      RUNS,
    );
  });
  it('rejects negative amounts, exponents and more than two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (n) => {
        expect(parseAmountToCents(`-${n}`)).toBeNull();
        expect(parseAmountToCents(`${n}e2`)).toBeNull();
        expect(parseAmountToCents(`${n}.123`)).toBeNull();
      }),
      RUNS,
    );
  });
});

describe('parseRate', () => {
  it('never throws; a percent is within 0–100, a flat rate whole non-negative cents', () => {
    fc.assert(
      fc.property(parserish('0123456789$%,. -+e'), (text) => {
        const rate = parseRate(text);
        if (rate === null) return;
        if ('percent' in rate) expect(Number.isFinite(rate.percent) && rate.percent >= 0 && rate.percent <= 100).toBe(true);
        else expect(Number.isSafeInteger(rate.flat_cents) && rate.flat_cents >= 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('reads percents with or without % and flat amounts with $', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 0, max: 1e9 }), (basis, cents) => {
        const percent = basis / 100;
        expect(parseRate(`${percent}%`)).toEqual({ percent });
        expect(parseRate(String(percent))).toEqual({ percent });
        expect(parseRate(formatCents(cents))).toEqual({ flat_cents: cents });
      }),
      RUNS,
    );
  });
});

describe('isIsoDate', () => {
  const reference = (y: number, m: number, d: number) => {
    if (m < 1 || m > 12 || d < 1) return false;
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  };
  it('never throws on any string', () => {
    fc.assert(
      fc.property(parserish('0123456789-T: '), (text) => {
        expect(typeof isIsoDate(text)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
  it('agrees with the calendar for every YYYY-MM-DD, including 2026-02-30 and leap days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isIsoDate(text)).toBe(reference(y, m, d));
      }),
      { numRuns: 2000 },
    );
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
  });
  it('rejects other spellings of a real date', () => {
    for (const text of ['2026-2-03', '2026/02/03', '20260203', ' 2026-02-03', '2026-02-03 ', '2026-02-03T00:00', '+2026-02-03', '２０２６-02-03']) {
      expect(isIsoDate(text), text).toBe(false);
    }
  });
});

/** Run `fn`; it may return or throw a LoadError, nothing else. */
function onlyLoadErrors(fn: () => unknown): 'ok' | 'rejected' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (!(error instanceof LoadError)) throw new Error(`not a LoadError: ${(error as Error)?.stack ?? String(error)}`);
    expect(error.message).not.toMatch(/\n/);
    return 'rejected';
  }
}

describe('readers', () => {
  it('decodeUtf8: any bytes decode or are a LoadError naming a line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        onlyLoadErrors(() => decodeUtf8(bytes, 'random.bin'));
      }),
      { numRuns: 1000 },
    );
  });
  it('readJson: any text is read or is a LoadError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.string({ unit: fc.constantFrom(...'{}[]":,\n 0-1tfnul"\\e.'.split('')), maxLength: 80 })), (text) => {
        onlyLoadErrors(() => readJson(text, 'random.json'));
      }),
      { numRuns: 1000 },
    );
  });
  it('jsonErrorOffset finds a position inside the text for every invalid JSON, and none for valid JSON', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'{}[]":,\n 01-.etrufalsn\\'.split('')), maxLength: 40 }), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const offset = jsonErrorOffset(text);
        if (valid) expect(offset).toBeUndefined();
        else expect(offset !== undefined && offset >= 0 && offset <= text.length).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
  it('readJson: deep nesting is an error message, not a stack overflow', () => {
    const deep = `{"retailers": ${'['.repeat(100_000)}`;
    expect(onlyLoadErrors(() => readJson(deep, 'deep.json'))).toBe('rejected');
    const deepValid = `{"retailers": [${'['.repeat(50_000)}${']'.repeat(50_000)}]}`;
    onlyLoadErrors(() => readJson(deepValid, 'deep.json'));
  });
  it('readCsv: any text of any kind is read or is a LoadError', () => {
    const kinds = [undefined, 'rates', 'retailers', 'offers', 'promos', 'orders'] as const;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: fc.constantFrom(...'portal,retailer,rate,from,id,name,category\n"\r 6%$x'.split('')), maxLength: 120 }),
        ),
        fc.constantFrom(...kinds),
        (text, kind) => {
          onlyLoadErrors(() => readCsv(text, 'random.csv', kind));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// ---- the whole load pipeline on a seeded :memory: store ---------------------------------------------

let store: Store;
beforeAll(() => {
  store = seededStore();
});

/** Values that stress validation: wrong types, edge numbers, hostile strings. */
const nastyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    -1, 0, 0.5, 1e300, -1e300, 2 ** 53, 2 ** 53 + 2, 1e12 + 1, 100.0001, -0,
    '', ' ', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '2026-02-29', '2028-02-29',
    "'); DROP TABLE orders;--", '\u001b[2J', '\u0000', '\ud800', 'x'.repeat(10_000), 'MR', 'USD', 'rakuten', 'macys', 'amex-gold',
    [], {}, null, true,
  ),
);

type Mutation =
  | { op: 'set'; kind: string; field: string; value: unknown }
  | { op: 'delete'; kind: string; field: string }
  | { op: 'replace'; kind: string; value: unknown }
  | { op: 'unknownField'; kind: string; field: string; value: unknown }
  | { op: 'unknownKind'; key: string };

const KIND_NAMES = Object.keys(VALID_RECORDS);
const fieldsOf = (kind: string) => {
  const r = VALID_RECORDS[kind];
  return r && typeof r === 'object' ? Object.keys(r) : ['value'];
};

const mutation: fc.Arbitrary<Mutation> = fc.constantFrom(...KIND_NAMES).chain((kind) =>
  fc.oneof(
    fc.record({ op: fc.constant('set' as const), kind: fc.constant(kind), field: fc.constantFrom(...fieldsOf(kind)), value: nastyValue }),
    fc.record({ op: fc.constant('delete' as const), kind: fc.constant(kind), field: fc.constantFrom(...fieldsOf(kind)) }),
    fc.record({ op: fc.constant('replace' as const), kind: fc.constant(kind), value: nastyValue }),
    fc.record({ op: fc.constant('unknownField' as const), kind: fc.constant(kind), field: fc.string({ minLength: 1, maxLength: 8 }), value: nastyValue }),
    fc.record({ op: fc.constant('unknownKind' as const), key: fc.string({ maxLength: 10 }) }),
  ),
);

function mutatedDocument(mutations: Mutation[]): Record<string, unknown[]> {
  const doc: Record<string, unknown[]> = {};
  for (const kind of KIND_NAMES) doc[kind] = [structuredClone(VALID_RECORDS[kind])];
  for (const m of mutations) {
    if (m.op === 'unknownKind') {
      doc[m.key] = [];
      continue;
    }
    const list = doc[m.kind] as unknown[];
    if (m.op === 'replace') {
      list[0] = m.value;
      continue;
    }
    const record = list[0];
    if (!record || typeof record !== 'object' || Array.isArray(record)) continue;
    const r = record as Record<string, unknown>;
    if (m.op === 'delete') delete r[m.field];
    else r[m.field] = m.value;
  }
  return doc;
}

function loadText(text: string, file: string): 'ok' | 'rejected' {
  const before = digestOf(store.db);
  let outcome: 'ok' | 'rejected' = 'ok';
  try {
    outcome = onlyLoadErrors(() => loadItems(store, readDataText(text, file)));
  } finally {
    if (outcome === 'rejected') expect(digestOf(store.db), `a rejected load of ${file} changed the database`).toBe(before);
  }
  if (outcome === 'ok') {
    // Loading the same data again is an upsert: it changes nothing.
    const after = digestOf(store.db);
    loadItems(store, readDataText(text, file));
    expect(digestOf(store.db)).toBe(after);
  }
  return outcome;
}

describe('stored text is stored verbatim', () => {
  it('any name, from any UTF-16 code units, is stored exactly or refused with a LoadError', () => {
    const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });
    const outcomes = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.oneof(anyUnits, fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })), (name) => {
        const text = JSON.stringify({ retailers: [{ id: 'verbatim', name, category: 'apparel' }] });
        const outcome = loadText(text, 'names.json');
        outcomes[outcome]++;
        if (outcome === 'ok') expect(store.retailer('verbatim')?.name).toBe(name);
      }),
      { numRuns: 500 },
    );
    expect(outcomes.ok).toBeGreaterThan(100);
  });
});

describe('loadItems on mutated documents', () => {
  it('a mutated document loads completely or is a LoadError that wrote nothing', () => {
    const outcomes = { ok: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        outcomes[loadText(JSON.stringify(mutatedDocument(mutations), null, 2), 'mutated.json')]++;
      }),
      { numRuns: 300 },
    );
    // The generator must exercise both paths, or the property proves little.
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(outcomes.ok / 10);
  });

  it('a CSV with random edits loads completely or is a LoadError that wrote nothing', () => {
    const csv = [
      'portal,retailer,rate,from,to,as_of,channel',
      'rakuten,macys,6%,2026-12-01,2026-12-31,2026-11-20,online',
      'topcashback,target,$15,2026-12-01,,2026-11-20,in_store',
      'befrugal,amazon,2.5,,,,',
    ].join('\n');
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), ins: fc.string({ unit: fc.constantFrom(...',"\n%$-.0129ax\u001b'.split('')), maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
        (edits) => {
          let text = csv;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            text = text.slice(0, at) + e.ins + text.slice(at + e.del);
          }
          loadText(text, 'edited.csv');
        },
      ),
      { numRuns: 300 },
    );
  });
});
