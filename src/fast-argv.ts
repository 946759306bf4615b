/**
 * Which command lines take a fast path — `perk stack <retailer> <amount>` (dist/stack.cjs) and
 * `perk spend import <files…>` (dist/spend-import.cjs): a small reader of argv, loaded first by the
 * launcher (launch.ts) on every run, so it imports only the two options tables (which import nothing).
 *
 * It takes only the plain forms — the command's words, its arguments, the global flags and the
 * command's flags written `--flag` or `--flag value` — and gives up (undefined) on everything else: a
 * missing argument (a usage error, or the guided flow on a terminal), --help, --version, `--flag=value`,
 * a value that starts with "-", an unknown flag, a flag between the command's words, an extra argument,
 * `--`. Those go to cli.ts and commander, with commander's messages. What it accepts it reads exactly as
 * commander does (repeatable flags collect, the last of a repeated flag wins, --no-portal is portal:
 * false); tests/cli/fast-stack.test.ts and fast-spend-import.test.ts hold both to the same options and
 * context for every argv they generate. The flags are those of commands/stack-options.ts and
 * commands/spend-import-options.ts, the one definitions that the registrations give commander too.
 */
import { SPEND_IMPORT_OPTIONS, type SpendImportOptions } from './commands/spend-import-options.js';
import { STACK_OPTIONS, type StackOptions } from './commands/stack-options.js';

/**
 * One option of a fast-path command: `flag` sets its key to true, `value` to the word after it (the
 * last one given wins), `list` adds the word after it to its key's list (repeatable), `negate` (`--no-x`)
 * sets its key to false.
 */
export interface FastOption {
  flags: string;
  kind: 'flag' | 'value' | 'list' | 'negate';
  key: string;
  description: string;
}

export interface FastGlobals {
  db?: string;
  today?: string;
  json?: true;
  color: boolean;
}

export interface FastStack {
  globals: FastGlobals;
  options: StackOptions;
}

export interface FastSpendImport {
  globals: FastGlobals;
  options: SpendImportOptions;
}

const GLOBAL_VALUES: Record<string, 'db' | 'today'> = { '--db': 'db', '--today': 'today' };

const has = (table: object, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/** The flags of a table, by name (`--card`). */
const byName = (options: readonly FastOption[]) => new Map<string, FastOption>(options.map((o) => [o.flags.split(' ')[0] as string, o]));
const STACK_FLAGS = byName(STACK_OPTIONS);
const SPEND_IMPORT_FLAGS = byName(SPEND_IMPORT_OPTIONS);

/**
 * `args` (argv after node and the script) as the command `words` with the flags of `flags` and the
 * global flags; its options (by key) and its arguments, or undefined.
 */
function readCommand(args: readonly string[], words: readonly string[], flags: ReadonlyMap<string, FastOption>): { globals: FastGlobals; options: Record<string, unknown>; positionals: string[] } | undefined {
  const globals: FastGlobals = { color: true };
  const options: Record<string, unknown> = {};
  const positionals: string[] = [];
  let matched = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (matched > 0 && matched < words.length) {
      // Between the command's words: only the next word.
      if (arg !== words[matched]) return undefined;
      matched++;
    } else if (arg === '--json') globals.json = true;
    else if (arg === '--no-color') globals.color = false;
    else if (has(GLOBAL_VALUES, arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
      globals[GLOBAL_VALUES[arg] as 'db' | 'today'] = value;
    } else if (matched === 0) {
      if (arg !== words[0]) return undefined;
      matched = 1;
    } else if (flags.has(arg)) {
      const option = flags.get(arg) as FastOption;
      if (option.kind === 'flag') options[option.key] = true;
      else if (option.kind === 'negate') options[option.key] = false;
      else {
        const value = args[++i];
        if (value === undefined || value.startsWith('-')) return undefined;
        if (option.kind === 'value') options[option.key] = value;
        else options[option.key] = [...((options[option.key] as string[] | undefined) ?? []), value];
      }
    } else if (arg.startsWith('-')) return undefined;
    else positionals.push(arg);
  }
  return matched === words.length ? { globals, options, positionals } : undefined;
}

/** `args` (argv after node and the script) as a plain `perk stack` invocation, or undefined. */
export function parseFastStack(args: readonly string[]): FastStack | undefined {
  const read = readCommand(args, ['stack'], STACK_FLAGS);
  // An empty argument is a missing one (a usage error, or the guided flow on a terminal).
  if (!read || read.positionals.length !== 2 || !read.positionals[0] || !read.positionals[1]) return undefined;
  const options = read.options as StackOptions;
  options.retailer = read.positionals[0];
  options.amount = read.positionals[1];
  return { globals: read.globals, options };
}

/** `args` as a plain `perk spend import <files…>` invocation (at least one file, none empty), or undefined. */
export function parseFastSpendImport(args: readonly string[]): FastSpendImport | undefined {
  const read = readCommand(args, ['spend', 'import'], SPEND_IMPORT_FLAGS);
  if (!read || !read.positionals.length || read.positionals.some((f) => !f)) return undefined;
  return { globals: read.globals, options: { ...(read.options as Omit<SpendImportOptions, 'files'>), files: read.positionals } };
}
