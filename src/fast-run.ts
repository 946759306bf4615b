/**
 * What both fast paths (fast-stack.ts, fast-spend-import.ts) run: what the command line's `run`
 * (commands/register/helpers.ts) runs, without commander —
 * run-context.ts's runInContext (context from the global flags, the command, close, the same error
 * handling), stdout written directly (stdout.ts), and the first run (no database yet, seeded from the
 * embedded dataset by the loaders) handed back to the command line by returning undefined.
 */
import type { Ctx } from './context.js';
import { printError } from './exit.js';
import type { FastGlobals } from './fast-argv.js';
import { runInContext } from './run-context.js';
import { directStdout } from './stdout.js';

/** The exit code of `command` run in a context from `globals`, or undefined when the database does not exist yet (cli.ts creates and seeds it). */
export async function runFast(
  globals: FastGlobals,
  command: (ctx: Ctx) => unknown,
  loadFit: () => Promise<(text: string, width: number) => string>,
): Promise<number | undefined> {
  try {
    const ran = await runInContext(globals, command, {
      stdout: directStdout(),
      missingDatabase: 'handBack',
      loadFit,
    });
    return ran ? 0 : undefined;
  } catch (error) {
    return printError(error);
  }
}
