import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir } from '../context.js';
import { openDatabase } from '../db/open.js';
import { Store } from '../db/store.js';
import { loadItems, type LoadCounts } from './apply.js';
import { readJson, type RawItem } from './read.js';

/** Every item of the embedded dataset, files in name order. */
export function readDefaultDataset(dataDir = defaultDataDir()): RawItem[] {
  return fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => readJson(fs.readFileSync(path.join(dataDir, f), 'utf8'), path.join('data', f)));
}

/** Load the embedded dataset in one transaction (upserts: re-seeding keeps the user's own data). */
export function seedStore(store: Store, dataDir?: string): LoadCounts {
  return loadItems(store, readDefaultDataset(dataDir));
}

/**
 * Create `file` (private to its owner), migrate and seed it. If anything fails the file is removed
 * again, so a first run is all-or-nothing. Returns false when another process created it first.
 */
export function createSeededDatabase(file: string, options: { seed?: boolean } = {}): boolean {
  const { db, created } = openDatabase(file);
  const store = new Store(db);
  try {
    if (created && options.seed !== false) seedStore(store);
  } catch (error) {
    store.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw error;
  }
  store.close();
  return created;
}
