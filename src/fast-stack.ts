/**
 * The hot path of `perk stack <retailer> <amount>`, run by the launcher (launch.ts) without commander,
 * the command registry or the ESM module graph: the build makes it one CommonJS file (dist/stack.cjs,
 * see scripts/build.mjs) holding only the stack command, the store and the core rules. It runs exactly
 * what cli.ts's `run` runs for `stack` — context from the global flags, the command, close — with the
 * same error handling, and hands the first run (no database yet, so it is seeded from the embedded
 * dataset, which needs the loaders) back to cli.ts by returning undefined.
 */
import { existsSync } from 'node:fs';
import { showStack } from './commands/stack.js';
import { makeContext, type Ctx } from './context.js';
import { printError } from './exit.js';
import { directStdout } from './stdout.js';
import type { FastStack } from './stack-argv.js';

/** The exit code, or undefined when the database does not exist yet (cli.ts creates and seeds it). */
export async function runFastStack({ globals, options }: FastStack): Promise<number | undefined> {
  let ctx: Ctx | undefined;
  try {
    ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color, stdout: directStdout() });
    if (ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath)) return undefined;
    await showStack(options, ctx);
    return 0;
  } catch (error) {
    ctx?.close();
    ctx = undefined;
    return printError(error);
  } finally {
    ctx?.close();
  }
}
