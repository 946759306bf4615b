/** Registers `perk stack` (its flags must match the fast path, src/stack-argv.ts). */
import type { Command } from 'commander';
import type { StackOptions } from '../stack.js';
import type { Flags, Helpers } from './helpers.js';

/** stack. */
export function registerStackCommand(program: Command, { run, examples, collect }: Helpers): void {
  program
    .command('stack')
    .description('ranked stacks for one purchase: card × portal × offer × promo, each component valued')
    .argument('[retailer]', 'retailer id, name or alias')
    .argument('[amount]', 'pre-tax subtotal, e.g. 200, 120.50 or $1,234.56')
    .option('--online', 'use online portal rates (the default, unless the category is dining)')
    .option('--in-store', 'use in-store portal rates')
    .option('--dining', 'use dining portal rates (the default for a dining category)')
    .option('--category <category>', "override the retailer's category")
    .option('--card <id>', 'only this card (repeatable)', collect)
    .option('--portal <id>', 'only options through this portal')
    .option('--no-portal', 'only options without a shopping portal')
    .option('--payout <currency>', "the portal payout currency (default: config portal.<id>.payout, else the portal's default)")
    .option('--via <portal>', 'booked through an issuer travel portal (amex_travel, chase_travel, c1_travel)')
    .option('--promo <code>', 'a promo code to use (repeatable)', collect)
    .option('--gift-card', "spend the retailer's stored gift-card balance first")
    .option('--path <CUR=path>', 'value a currency by this redemption path, e.g. MR=statement_credit (repeatable)', collect)
    .option('--top <n>', 'show only the best n options')
    .addHelpText(
      'after',
      examples(
        'perk stack macys 200',
        'perk stack amazon 120 --gift-card --promo AMZ10OFF',
        'perk stack macys 200 --payout MR --path MR=statement_credit',
        'perk stack hotels.com 600 --via c1_travel --card c1-venture-x --json',
        'perk stack                      # guided: search a retailer, enter the amount',
      ),
    )
    .action(async (retailer: string | undefined, amount: string | undefined, opts: Flags<StackOptions, 'retailer' | 'amount'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../stack.js')).runStack({ ...opts, retailer, amount }, ctx)),
    );
}
