/**
 * The hot path of `perk stack`, without commander. Loading commander and registering every command costs
 * ~8 ms, more than a fifth of what `perk stack … --json` takes on top of Node itself, so main.ts first
 * tries this small reader of argv. It takes only the plain forms — the `stack` command, its two
 * arguments, the global flags and the stack flags written `--flag` or `--flag value` — and gives up
 * (undefined) on everything else: --help, --version, `--flag=value`, a value that starts with "-", an
 * unknown flag, a third argument, `--`. Those go to cli.ts and commander, as before, with commander's
 * messages. What it accepts it reads exactly as commander does (repeatable flags collect, the last of a
 * repeated flag wins, --no-portal is portal: false) and runs exactly as cli.ts's `run` does;
 * tests/cli/fast-stack.test.ts holds both to the same StackOptions and context for every argv it generates.
 * A flag added to `stack` in cli.ts needs no change here: until it is added below, it is "unknown" and
 * goes to commander.
 */
import type { StackOptions } from './commands/stack.js';
import { ensureDatabase, makeContext, type Ctx } from './context.js';
import { printError } from './exit.js';

export interface FastStack {
  globals: { db?: string; today?: string; json?: true; color: boolean };
  options: StackOptions;
}

const GLOBAL_VALUES: Record<string, 'db' | 'today'> = { '--db': 'db', '--today': 'today' };
const FLAGS: Record<string, 'inStore' | 'dining' | 'giftCard'> = { '--in-store': 'inStore', '--dining': 'dining', '--gift-card': 'giftCard' };
const VALUES: Record<string, 'category' | 'portal' | 'payout' | 'via' | 'top'> = {
  '--category': 'category',
  '--portal': 'portal',
  '--payout': 'payout',
  '--via': 'via',
  '--top': 'top',
};
const LISTS: Record<string, 'card' | 'promo' | 'path'> = { '--card': 'card', '--promo': 'promo', '--path': 'path' };

const has = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/** `args` (argv after node and the script) as a plain `perk stack` invocation, or undefined. */
export function parseFastStack(args: readonly string[]): FastStack | undefined {
  const globals: FastStack['globals'] = { color: true };
  const options: StackOptions = {};
  const positionals: string[] = [];
  let command = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') globals.json = true;
    else if (arg === '--no-color') globals.color = false;
    else if (has(GLOBAL_VALUES, arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      globals[GLOBAL_VALUES[arg] as 'db' | 'today'] = value;
    } else if (!command) {
      if (arg !== 'stack') return undefined;
      command = true;
    } else if (arg === '--no-portal') options.portal = false;
    else if (has(FLAGS, arg)) options[FLAGS[arg] as 'inStore'] = true;
    else if (has(VALUES, arg) || has(LISTS, arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      if (has(VALUES, arg)) options[VALUES[arg] as 'category'] = value;
      else {
        const key = LISTS[arg] as 'card';
        options[key] = [...(options[key] ?? []), value];
      }
    } else if (arg.startsWith('-')) return undefined;
    else positionals.push(arg);
  }
  if (!command || positionals.length > 2) return undefined;
  if (positionals[0] !== undefined) options.retailer = positionals[0];
  if (positionals[1] !== undefined) options.amount = positionals[1];
  return { globals, options };
}

/** What cli.ts does for `stack`: context from the global flags, first-run seed, run, close; exit code. */
export async function runFastStack({ globals, options }: FastStack): Promise<number> {
  let ctx: Ctx | undefined;
  try {
    ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color });
    await ensureDatabase(ctx);
    await (await import('./commands/stack.js')).runStack(options, ctx);
    return 0;
  } catch (error) {
    ctx?.close();
    ctx = undefined;
    return printError(error);
  } finally {
    ctx?.close();
  }
}
