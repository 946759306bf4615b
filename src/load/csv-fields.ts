/** The CSV columns of each kind and their types: which kind a header describes, and turning a cell into its field's value. */
import { LoadError, where } from './read-errors.js';
import type { CsvKind } from './schemas.js';

type FieldType = 'string' | 'int' | 'number' | 'bool' | 'list' | 'nullable' | 'split';

export const CSV_FIELDS: Record<CsvKind, Record<string, FieldType>> = {
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

export function coerce(kind: CsvKind, field: string, cell: string, file: string, line: number): unknown {
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
