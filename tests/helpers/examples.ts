// The sample card-linked offers and promo codes of data/examples/ (SPEC 9.6: the seeded default
// dataset holds none, they are per account). Tests that use them load them on purpose, in process,
// the same way `perk load data/examples/offers.json data/examples/promos.json` does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../src/db/store.js';
import { loadItems, type LoadCounts } from '../../src/load/apply.js';
import { readJson } from '../../src/load/read.js';

export const EXAMPLES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'examples');

/** Load data/examples/<name>.json into `store` (default: offers and promos). */
export function loadExamples(store: Store, names: Array<'offers' | 'promos'> = ['offers', 'promos']): LoadCounts {
  const items = names.flatMap((name) => {
    const file = path.join(EXAMPLES_DIR, `${name}.json`);
    return readJson(fs.readFileSync(file, 'utf8'), path.join('data', 'examples', `${name}.json`));
  });
  return loadItems(store, items);
}
