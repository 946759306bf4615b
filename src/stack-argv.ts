/**
 * Which command lines take the `perk stack` fast path: a small reader of argv, loaded first by the
 * launcher (launch.ts) on every run, so it imports nothing.
 *
 * It takes only the plain forms — the `stack` command with both its arguments (retailer and amount), the
 * global flags and the stack flags written `--flag` or `--flag value` — and gives up (undefined) on
 * everything else: a missing argument (a usage error, or the guided flow on a terminal), --help,
 * --version, `--flag=value`, a value that starts with "-", an unknown flag, a third argument, `--`.
 * Those go to cli.ts and commander, with commander's messages. What it accepts it reads exactly as
 * commander does (repeatable flags collect, the last of a repeated flag wins, --no-portal is
 * portal: false); tests/cli/fast-stack.test.ts holds both to the same StackOptions and context for every
 * argv it generates. The stack flags are those of commands/stack-options.ts, the one definition that
 * register/stack.ts gives commander too.
 */
import { STACK_OPTIONS, type StackOption, type StackOptions } from './commands/stack-options.js';

export interface FastStack {
  globals: { db?: string; today?: string; json?: true; color: boolean };
  options: StackOptions;
}

const GLOBAL_VALUES: Record<string, 'db' | 'today'> = { '--db': 'db', '--today': 'today' };
/** The stack flags, by name (`--card`), as commands/stack-options.ts defines them. */
const STACK_FLAGS = new Map<string, StackOption>(STACK_OPTIONS.map((o) => [o.flags.split(' ')[0] as string, o]));

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
    } else if (STACK_FLAGS.has(arg)) {
      const option = STACK_FLAGS.get(arg) as StackOption;
      if (option.kind === 'flag') options[option.key] = true;
      else if (option.kind === 'negate') options[option.key] = false;
      else {
        const value = args[++i];
        if (value === undefined || value.startsWith('-')) return undefined;
        if (option.kind === 'value') options[option.key] = value;
        else options[option.key] = [...(options[option.key] ?? []), value];
      }
    } else if (arg.startsWith('-')) return undefined;
    else positionals.push(arg);
  }
  // An empty argument is a missing one (a usage error, or the guided flow on a terminal).
  if (!command || positionals.length !== 2 || !positionals[0] || !positionals[1]) return undefined;
  options.retailer = positionals[0];
  options.amount = positionals[1];
  return { globals, options };
}

