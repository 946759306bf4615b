/**
 * The command line: registers every command (each loaded lazily, so `perk stack` pays only for what
 * it uses; the registrations are in commands/register/, one module per group of nouns) and is the one
 * place where errors become exit codes: 0 ok, 1 runtime failure, 2 bad usage or invalid input.
 */
import { Command } from 'commander';
import type { CtxOutput } from './context.js';
import { errorPrefix, printError } from './exit.js';
import { safeLines } from './ui/safe-text.js';
import { registerCatalogCommands, registerWalletCommand } from './commands/register/catalog.js';
import { registerConfigCommand, registerMcpCommand } from './commands/register/config.js';
import { registerBackupCommands, registerDataCommands } from './commands/register/data.js';
import { examples, helpers, session, VERSION } from './commands/register/helpers.js';
import { registerOfferCommands } from './commands/register/offers.js';
import { registerBonusCommand, registerOrderCommand } from './commands/register/order.js';
import { registerPayoutCommand } from './commands/register/payout.js';
import { registerSpendCommands, registerWatchCommand } from './commands/register/spending.js';
import { registerStackCommand } from './commands/register/stack.js';
import { registerGiftCardCommands, registerValueCommands } from './commands/register/value.js';

export { collect } from './commands/register/helpers.js';

/** Examples for subcommands whose registration (commands/register/) does not give any, keyed by command path. */
const SUBCOMMAND_EXAMPLES: Record<string, string[]> = {
  'wallet list': ['perk wallet list', 'perk wallet list --json'],
  'wallet add': ['perk wallet add amex-gold', 'perk wallet add chase-freedom-flex rakuten-amex', 'perk wallet add chase-sapphire-preferred --opened 2026-10-01'],
  'wallet remove': ['perk wallet remove c1-venture-x'],
  rate: ['perk rate set macys 12% --portal rakuten --to 2026-11-30', 'pbpaste | perk rate paste --portal rakuten'],
  offer: ['pbpaste | perk offer paste --card amex-gold', 'perk offer add amex-macys-25 --card amex-gold --retailer macys --kind credit --min 75 --credit 25 --to 2026-12-31'],
  'config get': ['perk config get', 'perk config get portal.rakuten.payout'],
  rates: ['perk rates history macys', 'perk rates history macys --portal rakuten'],
  'watch remove': ['perk watch remove 1'],
  'config set': ['perk config set portal.rakuten.payout MR', 'perk config set path.MR statement_credit', 'perk config set cpp.MR.transfer 1.7'],
  'config unset': ['perk config unset cpp.MR.transfer'],
  'giftcard list': ['perk giftcard list', 'perk giftcard list --retailer amazon --json'],
  'giftcard set-balance': ['perk giftcard set-balance gc-amazon-75mu 12.50'],
  'promo list': ['perk promo list', 'perk promo list --retailer macys --json'],
  'order remove': ['perk order remove 12'],
  'bonus add': ['perk bonus add rakuten 30 --note "welcome bonus"', 'perk bonus add rakuten 50 --date 2026-11-02 --confirmed'],
  'bonus list': ['perk bonus list', 'perk bonus list --portal rakuten --status pending'],
  'bonus confirm': ['perk bonus confirm 3', 'perk bonus confirm 3 --date 2026-11-20'],
  'bonus set': ['perk bonus set 3 --status ineligible', 'perk bonus set 3 --amount 25'],
  'bonus remove': ['perk bonus remove 3'],
  'payout next': ['perk payout next', 'perk payout next --portal rakuten --json'],
  'payout forecast': ['perk payout forecast', 'perk payout forecast --quarters 8 --portal rakuten'],
  'payout history': ['perk payout history', 'perk payout history --portal rakuten --json'],
};

function addSubcommandExamples(program: Command): void {
  const visit = (cmd: Command, prefix: string) => {
    for (const sub of cmd.commands) {
      const path = prefix ? `${prefix} ${sub.name()}` : sub.name();
      const lines = SUBCOMMAND_EXAMPLES[path];
      if (lines) sub.addHelpText('after', examples(...lines));
      visit(sub, path);
    }
  };
  visit(program, '');
}

export function buildProgram(): Command {
  const program = new Command('perk');
  program
    .description('Which card, portal, offer and payout give the most — local-first, offline, exact.')
    .version(VERSION, '-V, --version')
    .option('--db <path>', 'database file (default: $PERK_DB, else perk.db in the data directory: ~/.local/share/perk on Linux)')
    .option('--today <date>', 'treat this date (YYYY-MM-DD) as today (default: $PERK_TODAY, else the clock)')
    .option('--json', 'print one JSON document on stdout')
    .option('--no-color', 'no color in output (also NO_COLOR=1)')
    .showHelpAfterError('(add --help for usage)')
    // Every command's --help also lists the global options (--json, --db, --today, --no-color).
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    // Commander's own errors (unknown option, bad choice…) start with "perk:" like every other error.
    // Its "(Did you mean …?)" joins the sentence, so the error stays one line plus the usage hint.
    .configureOutput({
      outputError: (str, write) =>
        write(
          safeLines(str)
            .replace(/^error: /, `${errorPrefix()} `)
            .replace(/\n\(Did you mean (.+?)\)(?=\n|$)/, ' (did you mean $1)'),
        ),
    })
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

  // Registration order is the order of `perk --help`'s command list.
  registerDataCommands(program, helpers);
  registerWalletCommand(program, helpers);
  registerSpendCommands(program, helpers);
  registerCatalogCommands(program, helpers);
  registerWatchCommand(program, helpers);
  registerConfigCommand(program, helpers);

  // @register-more: other command nouns are registered below this line.

  registerStackCommand(program, helpers);
  registerValueCommands(program, helpers);
  registerGiftCardCommands(program, helpers);
  registerBackupCommands(program, helpers);
  registerOrderCommand(program, helpers);
  registerBonusCommand(program, helpers);
  registerPayoutCommand(program, helpers);
  registerOfferCommands(program, helpers);
  registerMcpCommand(program, helpers);

  addSubcommandExamples(program);
  return program;
}

export async function main(argv: string[] = process.argv, io: { stdout?: CtxOutput } = {}): Promise<number> {
  const program = buildProgram();
  session.outputStream = io.stdout;
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    session.activeCtx?.close();
    return printError(error);
  } finally {
    session.outputStream = undefined;
  }
}
