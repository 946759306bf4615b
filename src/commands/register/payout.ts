/** Registers `perk payout`: next, forecast, history. */
import type { Command } from 'commander';
import type { PayoutForecastOptions, PayoutOptions } from '../payout.js';
import type { Helpers } from './helpers.js';

/** payout next/forecast/history. */
export function registerPayoutCommand(program: Command, { run, examples }: Helpers): void {
  const payout = program
    .command('payout')
    .description("each portal's payouts from the order log: next, forecast, history")
    .addHelpText('after', examples('perk payout', 'perk payout next --portal rakuten --json', 'perk payout forecast --quarters 8', 'perk payout history'));
  payout
    .command('next', { isDefault: true })
    .description('the next payout of each portal: confirmed, expected and possible amounts, minimum, whether it pays')
    .addHelpText('after', examples('perk payout next', 'perk payout next --portal rakuten --json'))
    .option('--portal <id>', 'only this portal')
    .action(async (opts: PayoutOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../payout.js')).runPayoutNext(opts, ctx)),
    );
  payout
    .command('forecast')
    .description('the payouts of the next N quarters, as a table and a bar chart')
    .addHelpText('after', examples('perk payout forecast', 'perk payout forecast --quarters 8 --portal rakuten'))
    .option('--quarters <n>', 'how many quarters ahead (default 4)')
    .option('--portal <id>', 'only this portal')
    .action(async (opts: PayoutForecastOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../payout.js')).runPayoutForecast(opts, ctx)),
    );
  payout
    .command('history')
    .description('past payout dates derived from the log: what was paid, what carried over')
    .addHelpText('after', examples('perk payout history', 'perk payout history --portal rakuten --json'))
    .option('--portal <id>', 'only this portal')
    .action(async (opts: PayoutOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../payout.js')).runPayoutHistory(opts, ctx)),
    );
}
