/** What every command registration shares: the global options, `run` (context in, close out), `examples`, `collect`. */
import type { Command } from 'commander';
import { ensureDatabase, makeContext, removeIfCreated, type Ctx, type CtxOutput } from '../../context.js';

export interface GlobalOptions {
  db?: string;
  today?: string;
  json?: boolean;
  color?: boolean;
}

export const VERSION = '0.1.0';

/**
 * The typed-options pattern: each command module exports its options interface (`StackOptions`), and
 * its registration's `.action` types commander's parsed options as `Flags<StackOptions, 'retailer' |
 * 'amount'>` — the interface less the fields its positional arguments fill — and passes them through
 * merged with those arguments: `runStack({ ...opts, retailer, amount }, ctx)`. No casts, no re-listing
 * of fields; a flag commander leaves undefined is false to the command. `import type` keeps the
 * command module lazily loaded.
 */
export type Flags<T, Positional extends keyof T = never> = Omit<T, Positional>;

type Runner = (ctx: Ctx) => Promise<unknown> | unknown;

/**
 * The running command's context (closed by main() if commander throws past `run`), and where command
 * output goes when not the process's stdout (in-process callers such as tests). Set by main() in cli.ts.
 */
export const session: { activeCtx?: Ctx; outputStream?: CtxOutput } = {};

/** Build the context from the global flags, create/seed the database on first use, run, close. */
async function run(cmd: Command, fn: Runner, options: { db?: boolean } = {}): Promise<void> {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color, stdout: session.outputStream });
  if (ctx.tty && ctx.width && !ctx.json) {
    // SPEC 13: on a terminal, a line of prose wider than the terminal is wrapped to it (tables fit it
    // already, see ui/table.ts), so no note is broken by the terminal in the middle of a word.
    const { fitToWidth } = await import('../../ui/wrap.js');
    const out = ctx.out;
    const width = ctx.width;
    ctx.out = (text) => out(fitToWidth(text, width));
  }
  session.activeCtx = ctx;
  try {
    if (options.db !== false) await ensureDatabase(ctx);
    await fn(ctx);
  } catch (error) {
    // Bad input on a first run: the database created for it goes again (exit 2 changes nothing).
    if ((error as { exitCode?: number }).exitCode === 2) await removeIfCreated(ctx);
    throw error;
  } finally {
    ctx.close();
    session.activeCtx = undefined;
  }
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Repeatable option: `--card a --card b` → ['a', 'b']. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** What buildProgram hands each register function. */
export const helpers = { run, examples, collect };
export type Helpers = typeof helpers;
