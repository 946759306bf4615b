/**
 * The one lifecycle of a command, shared by the full command line (commands/register/helpers.ts `run`)
 * and the fast paths of `perk stack` and `perk spend import` (fast-run.ts): the context from the global flags, the database
 * (created and seeded on a first run), the command, and the close — with the same cleanup when the
 * command fails. Errors are thrown on: the caller prints them (exit.ts printError).
 */
import { existsSync } from 'node:fs';
import { makeContext, removeIfCreated, type Ctx, type CtxOutput } from './context.js';

/** The global flags: --db, --today, --json, --no-color. */
export interface GlobalOptions {
  db?: string | undefined;
  today?: string | undefined;
  json?: boolean | undefined;
  color?: boolean | undefined;
}

export interface RunSetup {
  /** Where output goes (default: the process's stdout). */
  stdout?: CtxOutput | undefined;
  /**
   * What a missing database gets: a function — it runs first (the command line: context.ts ensureDatabase, which
   * creates and seeds it; passed in, so the loaders stay out of the fast path's file); `command` — left
   * to the command (load, init, backup, restore); `handBack` — nothing is run, and runInContext returns
   * false (the fast path hands the first run to cli.ts).
   */
  missingDatabase: ((ctx: Ctx) => Promise<void>) | 'command' | 'handBack';
  /**
   * ui/wrap.ts's fitToWidth, loaded on a terminal only. Each build links it its own way: the fast path
   * from the stack view's file (dist/stack-view.cjs), so the wrapper stays out of dist/stack.cjs.
   */
  loadFit: () => Promise<(text: string, width: number) => string>;
}

/** Run `command` in a context built from `globals`; false when not run (`handBack`, and no database yet). */
export async function runInContext(globals: GlobalOptions, command: (ctx: Ctx) => unknown, setup: RunSetup): Promise<boolean> {
  const ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color, stdout: setup.stdout });
  const { missingDatabase } = setup;
  if (missingDatabase === 'handBack' && ctx.dbPath !== ':memory:' && !existsSync(ctx.dbPath)) return false;
  if (ctx.tty && ctx.width && !ctx.json) {
    // SPEC 13: on a terminal, a line of prose wider than the terminal is wrapped to it (tables fit it
    // already, see ui/table.ts), so no note is broken by the terminal in the middle of a word.
    const fitToWidth = await setup.loadFit();
    const out = ctx.out;
    const width = ctx.width;
    ctx.out = (text) => out(fitToWidth(text, width));
  }
  try {
    if (typeof missingDatabase === 'function') await missingDatabase(ctx);
    await command(ctx);
    return true;
  } catch (error) {
    // Bad input on a first run: the database created for it goes again (exit 2 changes nothing).
    if ((error as { exitCode?: number }).exitCode === 2) await removeIfCreated(ctx);
    throw error;
  } finally {
    ctx.close();
  }
}
