// upsertRates (multi-row statements, used by big loads) must leave the table exactly as upsertRate
// one rate at a time would, including repeated keys inside one batch and a remainder after the batches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortalRate } from '../../src/core/types.js';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';

function store(): Store {
  const s = new Store(openDatabase(':memory:').db);
  return s;
}

function rates(n: number): PortalRate[] {
  const out: PortalRate[] = [];
  for (let i = 0; i < n; i++) {
    const r: PortalRate = { portal: `p${i % 3}`, retailer: `r${i % 17}` };
    if (i % 4 === 0) r.flat_cents = i * 10;
    else if (i % 13 === 0) r.units_per_dollar = (i % 9) / 2;
    else r.percent = (i % 50) / 2;
    if (i % 5) r.from = `2026-11-${String((i % 9) + 1).padStart(2, '0')}`;
    if (i % 7 === 0) r.to = '2026-12-31';
    if (i % 2) r.as_of = '2026-11-15';
    if (i % 11 === 0) r.channel = 'in_store';
    out.push(r);
  }
  return out;
}

describe('Store.upsertRates', () => {
  for (const n of [0, 1, 31, 32, 33, 100, 517]) {
    it(`equals ${n} single upserts (repeated keys included)`, () => {
      const one = store();
      const many = store();
      const list = rates(n);
      one.write(() => list.forEach((r) => one.upsertRate(r)));
      many.write(() => many.upsertRates(list));
      expect(many.rates()).toEqual(one.rates());
    });
  }
});

/** A rate of a small key space (so keys repeat), mostly of the plain shape a portal's list has. */
const arbRate: fc.Arbitrary<PortalRate> = fc
  .record({
    portal: fc.constantFrom('p0', 'p1', 'p2'),
    retailer: fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4'),
    plain: fc.boolean(),
    percent: fc.integer({ min: 0, max: 200 }).map((n) => n / 2),
    flat: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    miles: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    from: fc.option(fc.constantFrom('2026-11-01', '2026-11-02'), { nil: undefined }),
    to: fc.option(fc.constant('2026-12-31'), { nil: undefined }),
    as_of: fc.option(fc.constantFrom('2026-11-15', '2026-11-16'), { nil: undefined }),
    channel: fc.option(fc.constantFrom('online', 'in_store') as fc.Arbitrary<'online' | 'in_store'>, { nil: undefined }),
  })
  .map(({ portal, retailer, plain, percent, flat, miles, from, to, as_of, channel }) => {
    const r: PortalRate = { portal, retailer };
    if (plain || (flat === undefined && miles === undefined)) r.percent = percent;
    else if (miles !== undefined) r.units_per_dollar = miles / 2; // SPEC 11.4: miles rates take the full statement
    else r.flat_cents = flat as number;
    if (as_of !== undefined) r.as_of = as_of;
    if (!plain) {
      if (from !== undefined) r.from = from;
      if (to !== undefined) r.to = to;
    }
    if (channel !== undefined && (!plain || channel === 'online')) r.channel = channel;
    return r;
  });

describe('Store.upsertRates, plain and other rows mixed', () => {
  it('equals single upserts for any order of shapes and repeated keys', () => {
    fc.assert(
      fc.property(
        // Runs of one shape long enough to fill batches, in any order.
        fc.array(fc.tuple(arbRate, fc.integer({ min: 1, max: 70 })), { maxLength: 8 }).map((runs) => runs.flatMap(([r, n]) => Array.from({ length: n }, (_, i) => ({ ...r, retailer: `${r.retailer}-${i % 40}` })))),
        fc.array(arbRate, { maxLength: 80 }),
        (runs, mixed) => {
          const list = [...runs, ...mixed];
          const one = store();
          const many = store();
          one.write(() => list.forEach((r) => one.upsertRate(r)));
          many.write(() => many.upsertRates(list));
          expect(many.rates()).toEqual(one.rates());
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('Store.upsertRates over a stored miles rate (SPEC 11.4)', () => {
  it('a batch of plain percent rates on the same keys replaces the miles, as single upserts do', () => {
    const keys = Array.from({ length: 32 }, (_, i) => ({ portal: 'aadvantage', retailer: `r${i}` }));
    const miles: PortalRate[] = keys.map((k) => ({ ...k, units_per_dollar: 5 }));
    const plain: PortalRate[] = keys.map((k) => ({ ...k, percent: 4, as_of: '2026-11-21' }));
    const one = store();
    const many = store();
    one.write(() => [...miles, ...plain].forEach((r) => one.upsertRate(r)));
    many.write(() => {
      many.upsertRates(miles);
      many.upsertRates(plain);
    });
    expect(many.rates()).toEqual(one.rates());
    expect(many.rates().every((r) => r.percent === 4 && r.units_per_dollar === undefined)).toBe(true);
  });

  it('a batch of miles rates keeps their miles per dollar', () => {
    const miles: PortalRate[] = Array.from({ length: 40 }, (_, i) => ({ portal: 'aadvantage', retailer: `r${i}`, units_per_dollar: 2.5 }));
    const many = store();
    many.write(() => many.upsertRates(miles));
    expect(many.rates().map((r) => r.units_per_dollar)).toEqual(miles.map(() => 2.5));
  });
});
