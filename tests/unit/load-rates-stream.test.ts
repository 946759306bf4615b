// `perk load` of rates-only CSVs streams rows into the transaction (loadRateFiles). It must leave the
// database exactly as the whole-file path (readCsv + loadItems) does, and fail with the same error,
// writing nothing, whenever that path fails on a file with one bad row (file, line and field named).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/commands/load.js';
import { loadItems, loadRateFiles } from '../../src/load/apply.js';
import { readCsv } from '../../src/load/read.js';
import { memoryCtx, seededStore } from '../helpers/context.js';

const seeded = seededStore;
const base = seeded();
const portals = base.portals().map((p) => p.id).slice(0, 4);
const retailers = base.retailerIds().slice(0, 6);
base.close();

const goodRow = fc
  .tuple(
    fc.constantFrom(...portals),
    fc.constantFrom(...retailers),
    fc.oneof(
      fc.integer({ min: 0, max: 200 }).map((n) => `${n / 2}%`),
      fc.integer({ min: 0, max: 5000 }).map((n) => `$${n / 100}`),
      // SPEC 11.4: miles rates ("5 miles/$") are rates too.
      fc.integer({ min: 0, max: 40 }).map((n) => `${n / 2} miles/$`),
    ),
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
  // The loader's bounds (LIMITS): miles per dollar, a flat amount, an id's length.
  `${portals[0]},${retailers[0]},1001 miles/$,,,`,
  `${portals[0]},${retailers[0]},$1000000000.01,,,`,
  `${portals[0]},${'r'.repeat(201)},5%,,,`,
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

describe('perk load of a rates CSV (streamed) reports the watches it makes hit (SPEC 11.3)', () => {
  const TODAY = '2026-11-21';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-stream-watch-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  /** runLoad --json on a seeded store with watches on lowes and kohls (30% of $100); what it prints. */
  async function load(file: string, dryRun = false): Promise<Record<string, unknown>> {
    const store = seeded();
    store.write(() => {
      store.saveWatch({ retailer: 'lowes', target_percent: 30, amount_cents: 10_000, created: TODAY });
      store.saveWatch({ retailer: 'kohls', target_percent: 30, amount_cents: 10_000, created: TODAY });
    });
    let out = '';
    const ctx = memoryCtx(store, { today: TODAY, out: (text) => void (out += text) });
    try {
      await runLoad({ files: [file], dryRun }, ctx);
    } finally {
      store.close();
    }
    const doc = JSON.parse(out) as Record<string, unknown>;
    delete doc.files;
    return doc;
  }

  it('names the watch a 40% Lowe\'s rate makes hit, as the whole-file (JSON) path does', async () => {
    const csv = write('rates.csv', `portal,retailer,rate,from,as_of\nrakuten,lowes,40%,${TODAY},${TODAY}\nrakuten,macys,3%,,${TODAY}\n`);
    const json = write(
      'rates.json',
      JSON.stringify({
        rates: [
          { portal: 'rakuten', retailer: 'lowes', percent: 40, from: TODAY, as_of: TODAY },
          { portal: 'rakuten', retailer: 'macys', percent: 3, as_of: TODAY },
        ],
      }),
    );
    const streamedDoc = await load(csv);
    expect((streamedDoc.watches_hit as Array<{ retailer: string; hit: boolean }>).map((h) => [h.retailer, h.hit])).toEqual([['lowes', true]]);
    expect(streamedDoc).toEqual(await load(json));
  });

  it('says nothing of watches when no watched retailer is rated, or on a dry run', async () => {
    const csv = write('other.csv', `portal,retailer,rate\nrakuten,macys,40%\n`);
    expect(await load(csv)).toEqual({ dry_run: false, counts: { rates: 1 } });
    const hit = write('hit.csv', `portal,retailer,rate\nrakuten,lowes,40%\n`);
    expect(await load(hit, true)).toEqual({ dry_run: true, counts: { rates: 1 } });
  });
});
