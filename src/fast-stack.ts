/**
 * The hot path of `perk stack <retailer> <amount>`, run by the launcher (launch.ts) without commander,
 * the command registry or the ESM module graph: the build makes it one CommonJS file (dist/stack.cjs,
 * see scripts/build.mjs) holding only the stack command, the store and the core rules. It runs exactly
 * what the command line's `run` runs for `stack` (fast-run.ts), and hands the first run (no database
 * yet, so it is seeded from the embedded dataset, which needs the loaders) back to it.
 */
import { showStack } from './commands/stack.js';
import type { FastStack } from './fast-argv.js';
import { runFast } from './fast-run.js';

/** The exit code, or undefined when the database does not exist yet (cli.ts creates and seeds it). */
export function runFastStack({ globals, options }: FastStack): Promise<number | undefined> {
  // The prose wrapper comes with the stack view's file (dist/stack-view.cjs), loaded on a terminal only.
  return runFast(globals, (ctx) => showStack(options, ctx), async () => (await import('./ui/stack-view.js')).fitToWidth);
}
