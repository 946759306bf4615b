/**
 * The `perk` program without its commands: the global options (--db, --today, --json, --no-color),
 * its help, and commander's errors written like perk's own. cli.ts registers the nouns on it.
 */
import { Command } from 'commander';
import { errorPrefix } from '../../exit.js';
import { safeLines } from '../../ui/safe-text.js';
import { examples, VERSION } from './helpers.js';

export function newProgram(): Command {
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

  return program;
}
