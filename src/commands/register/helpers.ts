/** What every command registration shares: the global options, `run` (context in, close out), `examples`, `collect`. */
import type { Command } from 'commander';
import { ensureDatabase, type Ctx, type CtxOutput } from '../../context.js';
import { runInContext, type GlobalOptions } from '../../run-context.js';

export type { GlobalOptions };

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

/** Where command output goes when not the process's stdout (in-process callers such as tests). Set by main() in cli.ts. */
export const session: { outputStream?: CtxOutput } = {};

/**
 * Run a command in the context of the global flags (run-context.ts). `db: false`: the command creates
 * the database itself (load, init, backup, restore) instead of it being seeded first.
 */
async function run(cmd: Command, fn: Runner, options: { db?: boolean } = {}): Promise<void> {
  await runInContext(cmd.optsWithGlobals<GlobalOptions>(), fn, {
    stdout: session.outputStream,
    missingDatabase: options.db === false ? 'command' : ensureDatabase,
    loadFit: async () => (await import('../../ui/wrap.js')).fitToWidth,
  });
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Repeatable option: `--card a --card b` → ['a', 'b']. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** What buildProgram hands each register function. */
export const helpers = { run, examples, collect };
export type Helpers = typeof helpers;
