/** Registers the catalog commands: wallet; cards, categories, card, retailers, rate, rates. */
import { Option, type Command } from 'commander';
import type { CardsOptions } from '../cards.js';
import type { RateSetOptions } from '../retailers.js';
import type { WalletOptions } from '../wallet.js';
import type { Flags, Helpers } from './helpers.js';

/** wallet list/add/remove. */
export function registerWalletCommand(program: Command, { run, examples }: Helpers): void {
  const wallet = program
    .command('wallet')
    .description('the cards you hold (the stack compares these)')
    .addHelpText('after', examples('perk wallet', 'perk wallet add amex-gold chase-freedom-flex', 'perk wallet remove c1-venture-x'));
  wallet
    .command('list', { isDefault: true })
    .description('list the cards in your wallet')
    .addHelpText('after', examples('perk wallet list', 'perk wallet list --json'))
    .action(async (_opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../wallet.js')).runWallet({ action: 'list', cards: [] }, ctx)),
    );
  wallet
    .command('add')
    .description('add cards to your wallet')
    .addHelpText('after', examples('perk wallet add amex-gold', 'perk wallet add chase-freedom-flex rakuten-amex', 'perk wallet add chase-sapphire-preferred --opened 2026-10-01'))
    .argument('<cards...>', 'card ids (see perk cards)')
    .option('--opened <date>', 'the day the card was opened (YYYY-MM-DD): starts its welcome-bonus window (perk welcome)')
    .action(async (cards: string[], opts: Flags<WalletOptions, 'action' | 'cards'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../wallet.js')).runWallet({ ...opts, action: 'add', cards }, ctx)),
    );
  wallet
    .command('remove')
    .description('remove cards from your wallet')
    .addHelpText('after', examples('perk wallet remove c1-venture-x'))
    .argument('<cards...>', 'card ids')
    .action(async (cards: string[], _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../wallet.js')).runWallet({ action: 'remove', cards }, ctx)),
    );
}

/** cards, categories, card, retailers, rate, rates. */
export function registerCatalogCommands(program: Command, { run, examples }: Helpers): void {
  program
    .command('cards')
    .description('the card catalog')
    .option('--issuer <issuer>', 'only this issuer (amex, chase, capital_one, bilt)')
    .addHelpText('after', examples('perk cards', 'perk cards --issuer chase --json'))
    .action(async (opts: CardsOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../cards.js')).runCards(opts, ctx)),
    );

  program
    .command('categories')
    .description('the purchase categories (for --category), with the cards of your wallet that earn more there')
    .addHelpText('after', examples('perk categories', 'perk categories --json'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('../cards.js')).runCategories(ctx)));

  program
    .command('card')
    .description("one card's earn rules and caps, with what is used and left this period")
    .argument('<id>', 'card id')
    .addHelpText('after', examples('perk card amex-gold', 'perk card chase-freedom-flex --today 2026-12-31 --json'))
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../cards.js')).runCard({ id }, ctx)),
    );

  program
    .command('retailers')
    .description('browse retailers and their current portal rates')
    .argument('[search]', 'id, name or alias (prefix or fuzzy)')
    .addHelpText('after', examples('perk retailers', 'perk retailers mac', 'perk retailers amaz --json'))
    .action(async (search: string | undefined, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../retailers.js')).runRetailers({ search }, ctx)),
    );

  const rate = program
    .command('rate')
    .description('portal rates')
    .addHelpText('after', examples('perk rate set macys 12% --portal rakuten --to 2026-11-30', 'pbpaste | perk rate paste --portal rakuten'));
  rate
    .command('set')
    .description('record a rate you just saw on a portal')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<rate>', "6% or 6 (percent), or '$15' in quotes (flat)")
    .requiredOption('--portal <id>', 'the portal (e.g. rakuten)')
    .option('--from <date>', 'first day of the rate (default: today)')
    .option('--to <date>', 'last day of the rate (a boost)')
    .addOption(new Option('--channel <channel>', 'where it applies').choices(['online', 'in_store', 'dining']).default('online'))
    .addHelpText('after', examples('perk rate set macys 12% --portal rakuten --to 2026-11-30', "perk rate set hotwire '$15' --portal rakuten"))
    .action(async (retailer: string, rate: string, opts: Flags<RateSetOptions, 'retailer' | 'rate'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../retailers.js')).runRateSet({ ...opts, retailer, rate }, ctx)),
    );

  rate
    .command('paste')
    .description("read a portal's store list pasted on stdin, show what changed, and save the rates dated today")
    .requiredOption('--portal <id>', 'the portal the list is from (e.g. rakuten, aadvantage)')
    .option('-y, --yes', 'save without asking (needed without a terminal)')
    .addHelpText('after', examples('pbpaste | perk rate paste --portal rakuten --yes', 'perk rate paste --portal aadvantage < stores.txt --json'))
    .action(async (opts: import('../paste.js').RatePasteOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../paste.js')).runRatePaste(opts, ctx)),
    );

  program
    .command('rates')
    .description('rate history')
    .addHelpText('after', examples('perk rates history macys', 'perk rates history macys --portal rakuten'))
    .command('history')
    .description("every dated rate of a retailer, as a table and a line chart")
    .argument('<retailer>', 'retailer id, name or alias')
    .option('--portal <id>', 'only this portal')
    .addHelpText('after', examples('perk rates history macys', 'perk rates history macys --portal rakuten --json'))
    .action(async (retailer: string, opts: Omit<import('../rates-history.js').RatesHistoryOptions, 'retailer'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../rates-history.js')).runRatesHistory({ ...opts, retailer }, ctx)),
    );
}
