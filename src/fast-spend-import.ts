/**
 * `perk spend import <files…>` run by the launcher (launch.ts) without commander, the command registry
 * or the ESM module graph: the build makes it one CommonJS file (dist/spend-import.cjs, see
 * scripts/build.mjs) holding the import command, the export readers, the store and the core rules —
 * ~40 ms less of start-up on every import, a tenth of a 100,000-row one. It runs exactly what cli.ts's
 * `run` runs for `spend import` — run-context.ts's runInContext: context from the global flags, the
 * command, close, the same error handling — and hands the first run (no database yet, seeded from the
 * embedded dataset by the loaders) back to cli.ts by returning undefined.
 */
import { runSpendImport } from './commands/spend-import.js';
import { printError } from './exit.js';
import type { FastSpendImport } from './fast-argv.js';
import { runInContext } from './run-context.js';
import { directStdout } from './stdout.js';

/** The exit code, or undefined when the database does not exist yet (cli.ts creates and seeds it). */
export async function runFastSpendImport({ globals, options }: FastSpendImport): Promise<number | undefined> {
  try {
    const ran = await runInContext(globals, (ctx) => runSpendImport(options, ctx), {
      stdout: directStdout(),
      missingDatabase: 'handBack',
      // The prose wrapper lives in the stack view's file (dist/stack-view.cjs), loaded on a terminal only.
      loadFit: async () => (await import('./ui/stack-view.js')).fitToWidth,
    });
    return ran ? 0 : undefined;
  } catch (error) {
    return printError(error);
  }
}
