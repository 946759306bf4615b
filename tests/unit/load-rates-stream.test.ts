// `perk load` of rates-only CSVs streams rows into the transaction (loadRateFiles). It must leave the
// database exactly as the whole-file path (readCsv + loadItems) does, and fail with the same error,
// writing nothing, whenever that path fails on a file with one bad row (file, line and field named).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { loadItems, loadRateFiles } from '../../src/load/apply.js';
import { readCsv } from '../../src/load/read.js';
import { seedStore } from '../../src/load/seed.js';

function seeded(): Store {
  const store = new Store(openDatabase(':memory:').db);
  seedStore(store);
  return store;
}
const base = seeded();
const portals = base.portals().map((p) => p.id).slice(0, 4);
const retailers = base.retailerIds().slice(0, 6);
base.close();

const goodRow = fc
  .tuple(
    fc.constantFrom(...portals),
    fc.constantFrom(...retailers),
    fc.oneof(fc.integer({ min: 0, max: 200 }).map((n) => `${n / 2}%`), fc.integer({ min: 0, max: 5000 }).map((n) => `$${n / 100}`)),
    fc.constantFrom('', '2026-11-15', '2026-11-16'),
    fc.constantFrom('', 'online', 'in_store'),
    fc.constantFrom('', '2026-01-01'),
  )
  .map(([p, r, rate, asOf, channel, from]) => [p, r, rate, asOf, channel, from].join(','));
/** One bad row of the kinds a portal's list has: every one is an error of the whole-file path. */
const badRow = fc.constantFrom(
  `${portals[0]},no-such-retailer,5%,2026-11-15,,`,
  `no-such-portal,${retailers[0]},5%,,,`,
  `${portals[0]},${retailers[0]},lots,,,`,
  `${portals[0]},${retailers[0]},150%,,,`,
  `${portals[0]},${retailers[0]},5%,2026-02-30,,`,
  `${portals[0]},${retailers[0]},5%,,,,`,
  `${portals[0]},${retailers[0]},5%,,somewhere,`,
);
const HEADER = 'portal,retailer,rate,as_of,channel,from';

type Outcome = { rates: unknown; counts?: unknown; error?: string };

function whole(text: string, dryRun: boolean): Outcome {
  const store = seeded();
  try {
    const counts = loadItems(store, readCsv(text, 'rates.csv'), { dryRun });
    return { rates: store.rates(), counts };
  } catch (error) {
    return { rates: store.rates(), error: (error as Error).message };
  } finally {
    store.close();
  }
}

function streamed(text: string, dryRun: boolean): Outcome {
  const store = seeded();
  try {
    const counts = loadRateFiles(store, [{ text, file: 'rates.csv' }], { dryRun });
    return { rates: store.rates(), counts };
  } catch (error) {
    return { rates: store.rates(), error: (error as Error).message };
  } finally {
    store.close();
  }
}

describe('loadRateFiles (streamed rates) against readCsv + loadItems', () => {
  it('writes the same rates, counts the same, and fails alike on a bad row, writing nothing', () => {
    fc.assert(
      fc.property(
        fc.array(goodRow, { maxLength: 120 }),
        fc.option(fc.tuple(badRow, fc.nat()), { nil: undefined }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        (rows, bad, dryRun, eol) => {
          const lines = [...rows];
          if (bad) lines.splice(bad[1] % (lines.length + 1), 0, bad[0]);
          const text = [HEADER, ...lines].join(eol) + eol;
          const expected = whole(text, dryRun);
          expect(streamed(text, dryRun)).toEqual(expected);
          if (bad) expect(expected.error).toMatch(/^rates\.csv line \d+/);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('steps aside, writing nothing, for a file that needs the full CSV parser', () => {
    const store = seeded();
    const before = store.rates();
    const text = `${HEADER}\n${portals[0]},${retailers[0]},5%,,,\n"${portals[1]}\n",${retailers[0]},5%,,,\n`;
    expect(loadRateFiles(store, [{ text, file: 'rates.csv' }])).toBeUndefined();
    expect(store.rates()).toEqual(before);
    store.close();
  });
});
