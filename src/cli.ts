/**
 * The command line: registers every command (each loaded lazily, so `perk stack` pays only for what
 * it uses) and is the one place where errors become exit codes: 0 ok, 1 runtime failure, 2 bad usage
 * or invalid input.
 */
import { Command, CommanderError, Option } from 'commander';
import { ensureDatabase, makeContext, type Ctx } from './context.js';
import { RuntimeError, UsageError } from './errors.js';

interface GlobalOptions {
  db?: string;
  today?: string;
  json?: boolean;
  color?: boolean;
}

type Runner = (ctx: Ctx) => Promise<unknown> | unknown;

let activeCtx: Ctx | undefined;

/** Build the context from the global flags, create/seed the database on first use, run, close. */
async function run(cmd: Command, fn: Runner, options: { db?: boolean } = {}): Promise<void> {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color });
  activeCtx = ctx;
  try {
    if (options.db !== false) await ensureDatabase(ctx);
    await fn(ctx);
  } finally {
    ctx.close();
    activeCtx = undefined;
  }
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Repeatable option: `--card a --card b` → ['a', 'b']. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function buildProgram(): Command {
  const program = new Command('perk');
  program
    .description('Which card, portal, offer and payout give the most — local-first, offline, exact.')
    .version('0.1.0', '-V, --version')
    .option('--db <path>', 'database file (default: $PERK_DB, else ~/.local/share/perk/perk.db)')
    .option('--today <date>', 'treat this date (YYYY-MM-DD) as today (default: $PERK_TODAY, else the clock)')
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'no color in output (also NO_COLOR=1)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) })
    .addHelpText(
      'after',
      examples(
        'perk stack macys 200',
        'perk stack amazon 120 --gift-card --json',
        'perk order add macys 200 --card amex-gold --portal rakuten',
        'perk payout next',
        'perk compare 42.17',
      ),
    );

  // ---- data ---------------------------------------------------------------------------------------

  program
    .command('load')
    .description('load data files (JSON or CSV, data format v1) into the database, atomically')
    .argument('<files...>', 'JSON or CSV files')
    .option('--dry-run', 'validate only; change nothing')
    .option('--kind <kind>', 'the kind of a CSV file whose header does not say (retailers|rates|offers|promos|orders)')
    .addHelpText('after', examples('perk load my-rates.csv', 'perk load cards.json offers.json --dry-run', 'perk load rates.txt.csv --kind rates'))
    .action(async (files: string[], opts: { dryRun?: boolean; kind?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/load.js')).runLoad({ files, dryRun: Boolean(opts.dryRun), kind: opts.kind }, ctx)),
    );

  program
    .command('export')
    .description('write everything (or one kind) in the load format to stdout')
    .option('--kind <kind>', 'only this kind')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .addHelpText('after', examples('perk export > backup.json', 'perk export --kind rates --format csv > rates.csv'))
    .action(async (opts: { kind?: string; format: 'json' | 'csv' }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/export.js')).runExport(opts, ctx)),
    );

  program
    .command('init')
    .description('create the database and load the embedded default dataset (on a terminal: pick your wallet)')
    .option('--force', 'reload the default dataset into an existing database (keeps your orders and settings)')
    .option('--empty', 'create a new database with no data at all')
    .option('--wallet <cards>', 'comma-separated card ids for your wallet (instead of the prompt)')
    .option('--payout <currency>', 'Rakuten payout currency (USD, MR or BILT) (instead of the prompt)')
    .addHelpText('after', examples('perk init', 'perk init --force --wallet amex-gold,rakuten-amex --payout MR', 'perk --db empty.db init --empty'))
    .action(async (opts: { force?: boolean; empty?: boolean; wallet?: string; payout?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/init.js')).runInit(opts, ctx), { db: false }),
    );

  // ---- catalog --------------------------------------------------------------------------------------

  const wallet = program
    .command('wallet')
    .description('the cards you hold (the stack compares these)')
    .addHelpText('after', examples('perk wallet', 'perk wallet add amex-gold chase-freedom-flex', 'perk wallet remove c1-venture-x'));
  wallet
    .command('list', { isDefault: true })
    .description('list the cards in your wallet')
    .action(async (_opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/wallet.js')).runWallet({ action: 'list', cards: [] }, ctx)),
    );
  wallet
    .command('add')
    .description('add cards to your wallet')
    .argument('<cards...>', 'card ids (see perk cards)')
    .action(async (cards: string[], _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/wallet.js')).runWallet({ action: 'add', cards }, ctx)),
    );
  wallet
    .command('remove')
    .description('remove cards from your wallet')
    .argument('<cards...>', 'card ids')
    .action(async (cards: string[], _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/wallet.js')).runWallet({ action: 'remove', cards }, ctx)),
    );

  program
    .command('cards')
    .description('the card catalog')
    .option('--issuer <issuer>', 'only this issuer (amex, chase, capital_one, bilt)')
    .addHelpText('after', examples('perk cards', 'perk cards --issuer chase --json'))
    .action(async (opts: { issuer?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/cards.js')).runCards(opts, ctx)),
    );

  program
    .command('card')
    .description("one card's earn rules and caps, with what is used and left this period")
    .argument('<id>', 'card id')
    .addHelpText('after', examples('perk card amex-gold', 'perk card chase-freedom-flex --today 2026-12-31 --json'))
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/cards.js')).runCard({ id }, ctx)),
    );

  program
    .command('retailers')
    .description('browse retailers and their current portal rates')
    .argument('[search]', 'id, name or alias (prefix or fuzzy)')
    .addHelpText('after', examples('perk retailers', 'perk retailers mac', 'perk retailers amaz --json'))
    .action(async (search: string | undefined, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/retailers.js')).runRetailers({ search }, ctx)),
    );

  const rate = program.command('rate').description('portal rates');
  rate
    .command('set')
    .description('record a rate you just saw on a portal')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<rate>', '6% or 6 (percent) or $15 (flat)')
    .requiredOption('--portal <id>', 'the portal (e.g. rakuten)')
    .option('--from <date>', 'first day of the rate (default: today)')
    .option('--to <date>', 'last day of the rate (a boost)')
    .addOption(new Option('--channel <channel>', 'where it applies').choices(['online', 'in_store', 'dining']).default('online'))
    .addHelpText('after', examples('perk rate set macys 12% --portal rakuten --to 2026-11-30', 'perk rate set hotwire $15 --portal rakuten'))
    .action(
      async (
        retailer: string,
        value: string,
        opts: { portal: string; from?: string; to?: string; channel: 'online' | 'in_store' | 'dining' },
        cmd: Command,
      ) => run(cmd, async (ctx) => (await import('./commands/retailers.js')).runRateSet({ retailer, rate: value, ...opts }, ctx)),
    );

  const config = program
    .command('config')
    .description('settings, e.g. portal.rakuten.payout MR, path.MR transfer, cpp.MR.transfer 1.8')
    .addHelpText('after', examples('perk config get', 'perk config set portal.rakuten.payout MR', 'perk config set cpp.MR.transfer 1.7', 'perk config unset cpp.MR.transfer'));
  config
    .command('get')
    .description('show one setting, or all')
    .argument('[key]', 'setting name')
    .action(async (key: string | undefined, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/config.js')).runConfig({ action: 'get', key }, ctx)),
    );
  config
    .command('set')
    .description('change a setting')
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action(async (key: string, value: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/config.js')).runConfig({ action: 'set', key, value }, ctx)),
    );
  config
    .command('unset')
    .description('remove a setting (back to the default)')
    .argument('<key>', 'setting name')
    .action(async (key: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/config.js')).runConfig({ action: 'unset', key }, ctx)),
    );

  // @register-more: other command nouns are registered below this line.

  return program;
}

function printError(error: unknown): number {
  const stderr = process.stderr;
  const red = (s: string) => (stderr.isTTY && !process.env.NO_COLOR ? `\u001b[31m${s}\u001b[39m` : s);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    // Commander has already printed its message.
    return 2;
  }
  if (error instanceof UsageError || error instanceof RuntimeError) {
    stderr.write(`${red('perk:')} ${error.message}${error.hint ? `\n${error.hint}` : ''}\n`);
    return error.exitCode;
  }
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') {
    stderr.write(`${red('perk:')} the database is busy in another perk process; nothing was changed.\nTry again in a moment.\n`);
    return 1;
  }
  if (e.code === 'EPIPE') return 0;
  stderr.write(`${red('perk:')} internal error: ${e.message ?? String(error)}\n`);
  if (process.env.PERK_DEBUG) stderr.write(`${(error as Error).stack ?? ''}\n`);
  return 1;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    activeCtx?.close();
    return printError(error);
  }
}
