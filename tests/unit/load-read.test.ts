import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvColumns, decodeUtf8, detectCsvKind, jsonElementLines, LoadError, readCsv, readDataText, readJson } from '../../src/load/read.js';
import { CSV_KINDS } from '../../src/load/schemas.js';
import { errorOf } from '../helpers/load-error.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readJson', () => {
  const doc = `{
  "categories": [
    { "id": "travel" },
    { "id": "airfare",
      "parent": "travel" }, { "id": "hotel", "parent": "travel" }
  ],
  "wallet": ["amex-gold",
     "c1-venture-x"],
  "cards": [
    {
      "id": "x", "issuer": "amex", "name": "a [tricky] {name}, \\"quoted\\"", "currency": "MR",
      "annual_fee_cents": 0, "base": 1,
      "earn": [{ "multiplier": 2 }, { "multiplier": 3 }],
      "pays_via": null
    },
    { "id": "y" }
  ]
}`;

  it('gives every element the line it starts on', () => {
    const items = readJson(doc, 'my.json');
    expect(items.map((i) => [i.kind, i.index, i.line])).toEqual([
      ['categories', 0, 3],
      ['categories', 1, 4],
      ['categories', 2, 5],
      ['wallet', 0, 7],
      ['wallet', 1, 8],
      ['cards', 0, 10],
      ['cards', 1, 16],
    ]);
    expect(items.every((i) => i.file === 'my.json')).toBe(true);
    expect(items[4]?.value).toBe('c1-venture-x');
  });

  it('handles a minified document (all on line 1) and an empty array', () => {
    const items = readJson('{"retailers":[],"wallet":["a","b"]}', 'min.json');
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['wallet', 1],
      ['wallet', 1],
    ]);
  });

  it('names the line of a syntax error', () => {
    const error = errorOf(() => readJson('{\n  "retailers": [\n    { "id": "x", }\n  ]\n}', 'bad.json'));
    expect(error.message).toMatch(/^bad\.json line 3 is not valid JSON \(/);
    expect(error.exitCode).toBe(2);
  });

  it('names the last line of a truncated document', () => {
    expect(errorOf(() => readJson('{\n  "retailers": [\n', 'cut.json')).message).toMatch(/^cut\.json line 3 is not valid JSON/);
    expect(errorOf(() => readJson('', 'empty.json')).message).toMatch(/^empty\.json line 1 is not valid JSON/);
  });

  it.each([
    ['[]', /must be a JSON object/],
    ['"rates"', /must be a JSON object/],
    ['null', /must be a JSON object/],
    ['{"retailer": []}', /unknown key "retailer"/],
    ['{"__proto__": []}', /unknown key "__proto__"/],
    ['{"rates": {}}', /"rates" must be an array/],
  ])('rejects %s', (text, message) => {
    const error = errorOf(() => readJson(text, 'x.json'));
    expect(error.message).toMatch(message);
    expect(error.message).toContain('x.json');
  });

  it('element lines agree with JSON.parse on generated documents', () => {
    const element = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.array(fc.integer(), { maxLength: 3 })), { maxKeys: 3 }),
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (values, indent) => {
        const text = JSON.stringify({ rates: values }, null, indent);
        const items = readJson(text, 'g.json');
        expect(items.map((i) => i.value)).toEqual(values);
        // The line of each element holds the start of that element's own JSON text.
        const lines = text.split('\n');
        items.forEach((item) => {
          const start = JSON.stringify(item.value, null, indent).split('\n')[0] ?? '';
          expect(lines[item.line - 1]).toContain(start.slice(0, 20));
        });
      }),
    );
  });

  it('jsonElementLines skips brackets inside strings', () => {
    const lines = jsonElementLines('{"wallet": [\n"a]b",\n"c[d"\n]}');
    expect(lines.get('wallet')).toEqual([2, 3]);
  });
});

describe('readCsv', () => {
  it('detects the kind from the header and keeps file line numbers', () => {
    const text = 'id,name,category,aliases\nmacys,"Macy\'s",department_store,macys.com|macys\n\nnike,Nike,apparel,\n';
    const items = readCsv(text, 'r.csv');
    expect(items.map((i) => [i.kind, i.line, i.index])).toEqual([
      ['retailers', 2, 1],
      ['retailers', 4, 2],
    ]);
    expect(items[0]?.value).toEqual({ id: 'macys', name: "Macy's", category: 'department_store', aliases: ['macys.com', 'macys'] });
    // An empty cell is an absent field.
    expect(items[1]?.value).toEqual({ id: 'nike', name: 'Nike', category: 'apparel' });
  });

  it.each([
    [['id', 'name', 'category'], 'retailers'],
    [['portal', 'retailer', 'rate'], 'rates'],
    [['portal', 'retailer', 'percent', 'from'], 'rates'],
    [['portal', 'retailer', 'flat_cents'], 'rates'],
    [['code', 'retailer', 'kind', 'amount_cents'], 'promos'],
    [['id', 'issuer', 'card', 'retailer', 'kind', 'credit_cents'], 'offers'],
    [['id', 'date', 'retailer', 'amount_cents', 'category', 'charged_cents'], 'orders'],
    [['foo', 'bar'], undefined],
    [['id', 'name'], undefined],
  ])('header %j is %s', (header, kind) => {
    expect(detectCsvKind(header)).toBe(kind);
  });

  it('detects the kind of every exported CSV header', () => {
    for (const kind of CSV_KINDS) expect(detectCsvKind(csvColumns(kind))).toBe(kind);
  });

  it('reads the rate column as 6% (percent) or $25 (flat cents)', () => {
    const text = 'portal,retailer,rate,from\nrakuten,macys,6%,2026-11-01\nrakuten,hotwire,$25,\ntopcashback,macys,6.5,\n';
    expect(readCsv(text, 'rates.csv').map((i) => i.value)).toEqual([
      { portal: 'rakuten', retailer: 'macys', percent: 6, from: '2026-11-01' },
      { portal: 'rakuten', retailer: 'hotwire', flat_cents: 2500 },
      { portal: 'topcashback', retailer: 'macys', percent: 6.5 },
    ]);
  });

  it('reads a percent column written with a % sign', () => {
    expect(readCsv('portal,retailer,percent\nrakuten,macys,6%\n', 'r.csv')[0]?.value).toEqual({ portal: 'rakuten', retailer: 'macys', percent: 6 });
  });

  it('coerces numbers and booleans by column', () => {
    const text =
      'id,issuer,card,retailer,kind,min_spend_cents,credit_cents,max_uses,click_through\n' +
      'o1,amex,amex-gold,macys,credit,7500,2500,2,yes\n' +
      'o2,amex,amex-gold,macys,credit,7500,2500,1,FALSE\n';
    expect(readCsv(text, 'o.csv').map((i) => i.value)).toEqual([
      { id: 'o1', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', min_spend_cents: 7500, credit_cents: 2500, max_uses: 2, click_through: true },
      { id: 'o2', issuer: 'amex', card: 'amex-gold', retailer: 'macys', kind: 'credit', min_spend_cents: 7500, credit_cents: 2500, max_uses: 1, click_through: false },
    ]);
  });

  it('takes the kind from --kind when the header alone does not say', () => {
    const items = readCsv('portal,retailer,percent\nrakuten,macys,6\n', 'x.csv', 'rates');
    expect(items[0]?.kind).toBe('rates');
  });

  it('accepts Windows line endings, a byte-order mark and spaces around header names', () => {
    const text = decodeUtf8(utf8('\ufeffid , name , category\r\nmacys,Macys,department_store\r\n'), 'w.csv');
    expect(readCsv(text, 'w.csv')[0]?.value).toEqual({ id: 'macys', name: 'Macys', category: 'department_store' });
  });

  it('names the line of a quoted value that spans lines', () => {
    const text = 'id,name,category\nmacys,"Macy\'s\nHerald Square",department_store\nnike,Nike,apparel\n';
    const items = readCsv(text, 'q.csv');
    expect(items[0]?.value).toMatchObject({ name: "Macy's\nHerald Square" });
    expect(items[1]?.line).toBe(4);
  });

  it.each([
    ['an unknown header', 'foo,bar\n1,2\n', undefined, /^u\.csv line 1: the header does not match one kind of data\.$/],
    ['an empty file', '', undefined, /^u\.csv is empty: expected a header row/],
    ['an unknown column', 'id,name,category,colour\nx,X,other,red\n', undefined, /^u\.csv line 1: unknown column "colour" for retailers\.$/],
    ['a column twice', 'id,name,category,name\nx,X,other,Y\n', undefined, /^u\.csv line 1: column "name" appears twice\.$/],
    ['a missing column', 'id,name,category\nx,X,other\ny,Y\n', undefined, /^u\.csv line 3 has 2 columns but the header has 3\.$/],
    ['an extra column', 'id,name,category\nx,X,other,extra\n', undefined, /^u\.csv line 2 has 4 columns but the header has 3\.$/],
    ['an unclosed quote', 'id,name,category\nx,"X,other\n', undefined, /^u\.csv line \d+ is not valid CSV \(/],
    ['a quote inside a bare field', 'id,name,category\nx,X "the" Y,other\n', undefined, /^u\.csv line 2 is not valid CSV \(/],
    ['a bad rate', 'portal,retailer,rate\nrakuten,macys,six\n', undefined, /^u\.csv line 2, field "rate": expected a percent such as 6%, a flat amount such as \$25 or miles such as 5 miles\/\$ \(got "six"\)\.$/],
    ['a rate over 100%', 'portal,retailer,rate\nrakuten,macys,150%\n', undefined, /^u\.csv line 2, field "rate"/],
    ['a number that is not', 'portal,retailer,percent\nrakuten,macys,6,5\n', undefined, /^u\.csv line 2 has 4 columns/],
    ['a whole number with decimals', 'code,retailer,kind,amount_cents\nX,macys,amount,10.50\n', undefined, /^u\.csv line 2, field "amount_cents": expected a whole number \(got "10\.50"\)\.$/],
    ['a bad boolean', 'code,retailer,kind,amount_cents,portal_safe\nX,macys,amount,1000,maybe\n', undefined, /^u\.csv line 2, field "portal_safe": expected true or false \(got "maybe"\)\.$/],
    ['a kind that has no CSV form', 'id,parent\nx,y\n', 'categories', /^u\.csv: "categories" cannot be read from CSV\./],
    ['--kind that does not fit the header', 'id,name,category\nx,X,other\n', 'rates', /^u\.csv line 1: unknown column "id" for rates\.$/],
  ] as const)('rejects %s', (_what, text, kind, message) => {
    const error = errorOf(() => readCsv(text, 'u.csv', kind));
    expect(error.message).toMatch(message);
    expect(error.exitCode).toBe(2);
  });
});

describe('decodeUtf8', () => {
  it('strips a byte-order mark', () => {
    expect(decodeUtf8(utf8('\ufeff{"a":1}'), 'b.json')).toBe('{"a":1}');
  });

  it('names the line of the first invalid byte', () => {
    const bytes = new Uint8Array([...utf8('id,name,category\nx,Caf'), 0xe9, ...utf8(',other\n')]); // Latin-1 é
    expect(errorOf(() => decodeUtf8(bytes, 'latin1.csv')).message).toBe('latin1.csv line 2 is not valid UTF-8 text.');
    const last = new Uint8Array([...utf8('a\nb\nc'), 0xc3]); // truncated sequence at the very end
    expect(errorOf(() => decodeUtf8(last, 'cut.csv')).message).toBe('cut.csv line 3 is not valid UTF-8 text.');
  });

  it('accepts multi-byte characters', () => {
    expect(decodeUtf8(utf8('Café ☕ 🍩'), 'ok.csv')).toBe('Café ☕ 🍩');
  });
});

describe('readDataText', () => {
  it('reads .csv as CSV (any case) and anything else as JSON', () => {
    expect(readDataText('id,name,category\nx,X,other\n', 'R.CSV')[0]?.kind).toBe('retailers');
    expect(readDataText('{"wallet":["a"]}', 'w.txt')[0]?.kind).toBe('wallet');
  });

  it('refuses --kind for a JSON file', () => {
    expect(errorOf(() => readDataText('{}', 'a.json', 'rates')).message).toBe('--kind applies only to CSV files, not a.json.');
  });
});

describe('readers never throw anything but LoadError', () => {
  const RUNS = Number(process.env.PERK_FUZZ_RUNS ?? 300);
  const onlyLoadErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).message.length).toBeGreaterThan(0);
    }
  };

  const validJson = JSON.stringify(
    { retailers: [{ id: 'macys', name: "Macy's", category: 'department_store' }], rates: [{ portal: 'rakuten', retailer: 'macys', percent: 6 }], wallet: ['a'] },
    null,
    2,
  );
  const validCsv = 'portal,retailer,rate,from,to\nrakuten,macys,6%,2026-11-01,\nrakuten,"hot, wire",$25,,2026-12-31\n';

  /** The text with a few characters replaced, inserted or deleted. */
  const mutated = (base: string) =>
    fc
      .array(fc.tuple(fc.nat(), fc.constantFrom('', '"', ',', '\n', '{', '}', '[', ']', ':', '\\', '%', '$', 'x', '\u0000', '\r', '\ufeff')), {
        minLength: 1,
        maxLength: 6,
      })
      .map((edits) => {
        let s = base;
        for (const [pos, ch] of edits) {
          const p = pos % (s.length + 1);
          s = s.slice(0, p) + ch + s.slice(p + (ch === '' ? 1 : 0));
        }
        return s;
      });

  it('JSON: random and mutated documents', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), mutated(validJson)), (text) => onlyLoadErrors(() => readJson(text, 'f.json'))), { numRuns: RUNS });
  });

  it('CSV: random and mutated files, with and without --kind', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated(validCsv)), fc.constantFrom(undefined, 'rates', 'retailers', 'orders', 'cards'), (text, kind) =>
        onlyLoadErrors(() => readCsv(text, 'f.csv', kind as never)),
      ),
      { numRuns: RUNS },
    );
  });

  it('UTF-8: random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => onlyLoadErrors(() => decodeUtf8(bytes, 'f.csv'))));
  });
});
