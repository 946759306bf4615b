// The fast paths of a large `perk load` must be invisible: the CSV splitter gives what csv-parse gives
// (or steps aside), and the hand-written rate/retailer checks accept only what the zod schemas accept,
// returning the same record. Property tests, because the point is "for every input".
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/core/dates.js';
import { FAST_CHECKS } from '../../src/load/fast-validate.js';
import { splitLine } from '../../src/load/csv-split.js';
import { splitCsvFast } from '../../src/load/read.js';
import { rateSchema, retailerSchema } from '../../src/load/schemas.js';

function csvParse(text: string): { records: string[][]; lines: number[] } | Error {
  try {
    const rows = parseCsv(text, { info: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return { records: rows.map((r) => r.record), lines: rows.map((r) => r.info.lines) };
  } catch (error) {
    return error as Error;
  }
}

const csvText = fc
  .array(fc.constantFrom('a', 'b', ' ', ',', ',', '"', '""', '\n', '\n', '\r\n', '\r', '6%', '$25'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('splitLine', () => {
  it("splits a line without quotes as String.prototype.split(',') does (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ' ', ',', ',,', 'É', '\u00a0', '6%', '-12.34', ''), { maxLength: 30 }), (parts) => {
        const line = parts.join('');
        expect(splitLine(line)).toEqual(line.split(','));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('splitCsvFast', () => {
  it('gives the records and line numbers csv-parse gives, or steps aside', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        const fast = splitCsvFast(text);
        if (fast === undefined) return;
        expect(csvParse(text)).toEqual(fast);
      }),
      { numRuns: 20_000 },
    );
  });

  it('steps aside for every file csv-parse rejects', () => {
    fc.assert(
      fc.property(csvText, (text) => {
        if (csvParse(text) instanceof Error) expect(splitCsvFast(text)).toBeUndefined();
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the common files: plain, quoted on one line, CRLF, blank lines', () => {
    const cases = [
      'portal,retailer,rate\nrakuten,macys,6%\n',
      'id,name,category\r\nmacys,"Macy\'s, Inc.",department_store\r\n\r\nnike,"say ""hi""",apparel',
      'a,b\n\n\nc,d\n',
    ];
    for (const text of cases) {
      expect(splitCsvFast(text)).toBeDefined();
      expect(csvParse(text)).toEqual(splitCsvFast(text));
    }
  });
});

const id = fc.oneof(fc.constantFrom('macys', 'rakuten', 'a', 'x.y_z-1', '9lives'), fc.constantFrom('', 'Macys', '-a', 'a b', 'é'));
const date = fc.oneof(
  fc.constantFrom('2026-11-01', '2024-02-29', '1900-01-01', '9999-12-31'),
  fc.constantFrom('2026-02-29', '1899-12-31', '2026-13-01', '2026-00-10', '2026-1-01', '2026-11-01 ', '２０２６-11-01', '2026/11/01', ''),
  fc.tuple(fc.integer({ min: 1890, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  ),
);
const number = fc.oneof(
  fc.constantFrom(0, -0, 6, 6.5, 100, 100.01, -1, NaN, Infinity, 1e11, 1e11 + 1, 1e12, 2 ** 53, 2500),
  fc.double({ min: -10, max: 200 }),
  fc.integer({ min: -10, max: 10_000 }),
);
const anyValue = fc.oneof(id, date, number, fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}));

function record(fields: Record<string, fc.Arbitrary<unknown>>, required: string[]): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([k, arb]) => fc.option(fc.tuple(fc.constant(k), arb), { nil: undefined, freq: required.includes(k) ? 10 : 2 }));
  return fc
    .tuple(fc.tuple(...entries), fc.option(fc.tuple(fc.constantFrom('extra', 'rate', '__proto__'), anyValue), { nil: undefined, freq: 8 }))
    .map(([pairs, extra]) => {
      const out: Record<string, unknown> = {};
      for (const p of pairs) if (p) out[p[0]] = p[1];
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      return out;
    });
}

const rate = record(
  {
    portal: fc.oneof(id, anyValue),
    retailer: id,
    percent: number,
    flat_cents: number,
    units_per_dollar: number,
    from: date,
    to: date,
    as_of: fc.oneof(date, anyValue),
    channel: fc.constantFrom('online', 'in_store', 'dining', 'Online', ''),
  },
  ['portal', 'retailer'],
);
// Mostly valid rates (one of percent / flat_cents / units_per_dollar, dates in order), so acceptance is tested too.
const validishRate = fc
  .record(
    {
      portal: fc.constantFrom('rakuten', 'p-2'),
      retailer: fc.constantFrom('macys', 'shop.1'),
      percent: fc.constantFrom(0, 6, 6.5, 100, 101),
      flat_cents: fc.constantFrom(0, 2500, 1.5),
      units_per_dollar: fc.constantFrom(0, 5, 1.5, 1000, 1001, -1),
      from: fc.constantFrom('2026-11-01', '2026-12-01'),
      to: fc.constantFrom('2026-11-30', '2026-11-01'),
      as_of: fc.constantFrom('2026-11-15', '2026-11-31'),
      channel: fc.constantFrom('online', 'dining', 'web'),
    },
    { requiredKeys: ['portal', 'retailer'] },
  )
  .map((r) => r as Record<string, unknown>);
const name = fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('x'.repeat(200), 'x'.repeat(201), 'Macy\'s'));
const retailer = record(
  {
    id,
    name: fc.oneof(name, anyValue),
    category: id,
    aliases: fc.oneof(fc.array(name, { maxLength: 3 }), anyValue),
  },
  ['id', 'name', 'category'],
);

describe('fast record checks', () => {
  for (const [kind, schema, arb] of [
    ['rates', rateSchema, fc.oneof(rate, validishRate)],
    ['retailers', retailerSchema, retailer],
  ] as const) {
    it(`${kind}: accept only what zod accepts, and return what zod returns`, () => {
      const check = FAST_CHECKS[kind]!;
      let accepted = 0;
      fc.assert(
        fc.property(arb, (value) => {
          const fast = check(value);
          const zod = schema.safeParse(value);
          if (fast !== undefined) {
            accepted++;
            expect(zod.success).toBe(true);
            expect(fast).toEqual(zod.data);
          }
        }),
        { numRuns: 30_000 },
      );
      expect(accepted).toBeGreaterThan(100);
    });
  }

  it('accepts the records a rates and a retailers CSV produce', () => {
    expect(FAST_CHECKS.rates!({ portal: 'rakuten', retailer: 'macys', percent: 6, from: '2026-11-01', as_of: '2026-11-15' })).toBeDefined();
    expect(FAST_CHECKS.rates!({ portal: 'rakuten', retailer: 'macys', flat_cents: 2500, channel: 'in_store' })).toBeDefined();
    expect(FAST_CHECKS.retailers!({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com'] })).toBeDefined();
  });

  it('checks dates exactly as isIsoDate does', () => {
    fc.assert(
      fc.property(date, (d) => {
        const fast = FAST_CHECKS.rates!({ portal: 'p', retailer: 'r', percent: 1, as_of: d }) !== undefined;
        expect(fast).toBe(isIsoDate(d));
      }),
      { numRuns: 20_000 },
    );
  });
});
