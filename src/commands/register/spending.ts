/** Registers the spending commands: spend, advise, welcome, and watch. */
import type { Command } from 'commander';
import type { AdviseOptions } from '../advise.js';
import { SPEND_IMPORT_OPTIONS, type SpendImportOptions } from '../spend-import-options.js';
import type { SpendListOptions, SpendSetOptions, SpendSummaryOptions } from '../spend.js';
import type { WatchAddOptions } from '../watch.js';
import type { Flags, Helpers } from './helpers.js';

/** spend, advise, welcome. */
export function registerSpendCommands(program: Command, { run, examples }: Helpers): void {
  const spend = program
    .command('spend')
    .description('imported card spending (issuer CSV or OFX/QFX exports): import, list, summary, fix a category')
    .addHelpText('after', examples('perk spend import activity.csv --card amex-gold', 'perk spend summary --months 3', 'perk spend list --limit 20'));
  const spendImport = spend
    .command('import')
    .description('import issuer exports (Amex, Chase, Capital One, Citi, Discover CSV; OFX/QFX), atomically; a re-import adds nothing')
    .argument('<files...>', 'export files')
    .addHelpText('after', examples('perk spend import activity.csv --card amex-gold', 'perk spend import Chase1234_Activity.CSV --dry-run', 'perk spend import statement.qfx --card c1-venture-x'));
  // The options of commands/spend-import-options.ts, which the fast path (src/fast-argv.ts) reads too.
  for (const o of SPEND_IMPORT_OPTIONS) spendImport.option(o.flags, o.description);
  spendImport.action(async (files: string[], opts: Flags<SpendImportOptions, 'files'>, cmd: Command) =>
    run(cmd, async (ctx) => (await import('../spend-import.js')).runSpendImport({ ...opts, files }, ctx)),
  );
  spend
    .command('list')
    .description('imported transactions, latest last')
    .option('--since <date>', 'from this date (YYYY-MM-DD)')
    .option('--until <date>', 'to this date (YYYY-MM-DD)')
    .option('--card <id>', 'only this card')
    .option('--category <c>', 'only this category')
    .option('--limit <n>', 'only the latest n')
    .addHelpText('after', examples('perk spend list --limit 20', 'perk spend list --card amex-gold --category dining --json'))
    .action(async (opts: SpendListOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../spend.js')).runSpendList(opts, ctx)),
    );
  spend
    .command('summary')
    .description('spending by category and card: a table and a bar chart')
    .option('--months <n>', 'the last n months (default 12)')
    .addHelpText('after', examples('perk spend summary', 'perk spend summary --months 3 --json'))
    .action(async (opts: SpendSummaryOptions, cmd: Command) => run(cmd, async (ctx) => (await import('../spend.js')).runSpendSummary(opts, ctx)));
  spend
    .command('set')
    .description("fix one transaction's category (kept on re-import)")
    .argument('<id>', 'transaction id (perk spend list)')
    .option('--category <c>', 'the perk category')
    .addHelpText('after', examples('perk spend set 812 --category dining'))
    .action(async (id: string, opts: Flags<SpendSetOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../spend.js')).runSpendSet({ ...opts, id }, ctx)),
    );

  program
    .command('advise')
    .description('which card next: replay your spending through each card, against its fee and welcome bonus')
    .option('--months <n>', 'replay the last n months (default 12)')
    .addHelpText('after', examples('perk advise', 'perk advise --months 6 --json'))
    .action(async (opts: AdviseOptions, cmd: Command) => run(cmd, async (ctx) => (await import('../advise.js')).runAdvise(opts, ctx)));

  program
    .command('welcome')
    .description('welcome-bonus windows of your cards: spent, left, days left, pace needed, on track')
    .addHelpText('after', examples('perk wallet add chase-sapphire-preferred --opened 2026-10-01', 'perk welcome', 'perk welcome --json'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('../welcome.js')).runWelcome(ctx)));
}

/** watch (list)/add/remove. */
export function registerWatchCommand(program: Command, { run, examples }: Helpers): void {
  const watch = program
    .command('watch')
    .description('targets for the best stacked return at a retailer, evaluated today')
    .addHelpText('after', examples('perk watch', 'perk watch --json', 'perk watch add macys 15% --amount 200'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('../watch.js')).runWatchList(ctx)));
  watch
    .command('add')
    .description('watch a retailer for a stacked return of at least <return%>')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<return>', 'the return wanted, e.g. 12% or 7.5')
    .option('--amount <amount>', 'the purchase to evaluate (default $100)')
    .addHelpText('after', examples('perk watch add macys 15%', 'perk watch add nike 12 --amount 150'))
    .action(async (retailer: string, target: string, opts: Flags<WatchAddOptions, 'retailer' | 'target'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../watch.js')).runWatchAdd({ ...opts, retailer, target }, ctx)),
    );
  watch
    .command('remove')
    .description('stop watching (by the id perk watch shows)')
    .addHelpText('after', examples('perk watch remove 1'))
    .argument('<id>', 'watch id')
    .action(async (id: string, _opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('../watch.js')).runWatchRemove({ id }, ctx)));
}
