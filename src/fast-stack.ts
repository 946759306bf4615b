/**
 * The hot path of `perk stack <retailer> <amount>`, run by the launcher (launch.ts) without commander,
 * the command registry or the ESM module graph: the build makes it one CommonJS file (dist/stack.cjs,
 * see scripts/build.mjs) holding only the stack command, the store and the core rules. It runs exactly
 * what cli.ts's `run` runs for `stack` — context from the global flags, the command, close — with the
 * same error handling, and hands the first run (no database yet, so it is seeded from the embedded
 * dataset, which needs the loaders) back to cli.ts by returning undefined.
 */
import { existsSync, fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { showStack } from './commands/stack.js';
import { makeContext, type Ctx } from './context.js';
import { printError, stdoutFailed } from './exit.js';
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

/**
 * stdout written with fs.writeSync, without building process.stdout: that stream (and the net and
 * stream modules behind it for a pipe) costs ~2.5 ms, a tenth of what the stack itself takes. A
 * non-blocking stdout (EAGAIN) gets the rest through process.stdout, which waits for it.
 */
export function directStdout(fd = 1): { isTTY: boolean; write(text: string): void } {
  // Once process.stdout has taken over (EAGAIN), everything after goes through it, in order.
  let stream: NodeJS.WriteStream | undefined;
  return {
    isTTY: isTerminal(fd),
    write(text) {
      if (stream) return void stream.write(text);
      const bytes = Buffer.from(text);
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (error) {
        // EPIPE (the reader went away) ends perk quietly through printError, and a full disk is an
        // error there, as on the full path.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        stream = process.stdout;
        stream.on('error', stdoutFailed);
        stream.write(bytes.subarray(done));
      }
    },
  };
}

/** isatty, without loading node:tty (and net behind it, ~2 ms) for the pipes and files scripts use. */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(fd);
}
