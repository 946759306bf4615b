/**
 * The context an in-process command test runs with: an open store, no terminal, no prompts, output
 * dropped unless captured; and a seeded `:memory:` store to give it.
 */
import Database from 'better-sqlite3';
import type { Ctx } from '../../src/context.js';
import { nativeBinding, openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';
import { seedStore } from '../../src/load/seed.js';

/** A quiet `--json` context on `store` for 2026-11-21; `overrides` set the date, output capture and so on. */
export function memoryCtx(store: Store | (() => Store), overrides: Partial<Ctx> = {}): Ctx {
  return {
    today: '2026-11-21',
    json: true,
    color: false,
    tty: false,
    interactive: false,
    dbPath: ':memory:',
    store: typeof store === 'function' ? store : () => store,
    out: () => {},
    err: () => {},
    close() {},
    ...overrides,
  };
}

let seededImage: Buffer | undefined;

/**
 * A `:memory:` store holding the default dataset (as a first run seeds it). Seeded once per test file,
 * then each call deserializes that image (SQLite's serialize), which is much cheaper than seeding again.
 */
export function seededStore(): Store {
  if (!seededImage) {
    const seed = new Store(openDatabase(':memory:').db);
    seedStore(seed);
    seededImage = seed.db.serialize();
    seed.close();
  }
  return new Store(new Database(seededImage, { nativeBinding: nativeBinding() as unknown as string }));
}
