/**
 * `perk spend import <files…>` run by the launcher (launch.ts) without commander, the command registry
 * or the ESM module graph: the build makes it one CommonJS file (dist/spend-import.cjs, see
 * scripts/build.mjs) holding the import command, the export readers, the store and the core rules —
 * ~40 ms less of start-up on every import, a tenth of a 100,000-row one. It runs exactly what the
 * command line's `run` runs for `spend import` (fast-run.ts).
 */
import { runSpendImport } from './commands/spend-import.js';
import type { FastSpendImport } from './fast-argv.js';
import { runFast } from './fast-run.js';

/** The exit code, or undefined when the database does not exist yet (cli.ts creates and seeds it). */
export function runFastSpendImport({ globals, options }: FastSpendImport): Promise<number | undefined> {
  // The prose wrapper is its own file (dist/wrap.cjs), loaded on a terminal only.
  return runFast(globals, (ctx) => runSpendImport(options, ctx), async () => (await import('./ui/wrap.js')).fitToWidth);
}
