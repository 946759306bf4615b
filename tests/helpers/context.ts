/** The context an in-process command test runs with: an open store, no terminal, no prompts, output dropped unless captured. */
import type { Ctx } from '../../src/context.js';
import type { Store } from '../../src/db/store.js';

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
