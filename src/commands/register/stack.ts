/** Registers `perk stack`, its options from commands/stack-options.ts (which the fast path, src/fast-argv.ts, reads too). */
import type { Command } from 'commander';
import { STACK_OPTIONS, type StackOptions } from '../stack-options.js';
import type { Flags, Helpers } from './helpers.js';

/** stack. */
export function registerStackCommand(program: Command, { run, examples, collect }: Helpers): void {
  const stack = program
    .command('stack')
    .description('ranked stacks for one purchase: card × portal × offer × promo, each component valued')
    .argument('[retailer]', 'retailer id, name or alias')
    .argument('[amount]', 'pre-tax subtotal, e.g. 200, 120.50 or $1,234.56')
    .addHelpText(
      'after',
      examples(
        'perk stack macys 200',
        'perk stack amazon 120 --gift-card --promo AMZ10OFF',
        'perk stack macys 200 --payout MR --path MR=statement_credit',
        'perk stack hotels.com 600 --via c1_travel --card c1-venture-x --json',
        'perk stack                      # guided: search a retailer, enter the amount',
      ),
    );
  for (const o of STACK_OPTIONS) {
    if (o.kind === 'list') stack.option(o.flags, o.description, collect);
    else stack.option(o.flags, o.description);
  }
  stack.action(async (retailer: string | undefined, amount: string | undefined, opts: Flags<StackOptions, 'retailer' | 'amount'>, cmd: Command) =>
    run(cmd, async (ctx) => (await import('../stack.js')).runStack({ ...opts, retailer, amount }, ctx)),
  );
}
