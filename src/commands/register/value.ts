/** Registers valuation, gift cards and promo codes: value, compare, giftcard, promo. */
import type { Command } from 'commander';
import type { CompareOptions } from '../compare.js';
import type { GiftCardAddOptions, GiftCardListOptions } from '../giftcard.js';
import type { PromoAddOptions, PromoListOptions } from '../promo.js';
import type { Flags, Helpers } from './helpers.js';

/** value, compare. */
export function registerValueCommands(program: Command, { run, examples }: Helpers): void {
  program
    .command('value')
    .description('cents per point of each redemption path of a currency, and what the points are worth')
    .argument('<currency>', 'currency code: MR, UR, C1, BILT, USD, …')
    .argument('[points]', 'how many points (50000 or 50,000)', '10,000')
    .addHelpText('after', examples('perk value MR', 'perk value MR 50,000', 'perk value MR 1200000 --json', 'perk config set cpp.MR.transfer 1.7'))
    .action(async (currency: string, points: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../value.js')).runValue({ currency, points }, ctx)),
    );

  program
    .command('compare')
    .description("cash back vs each payout option of a portal (cash, MR, Bilt…), valued by every path, with the break-even cpp")
    .argument('<cash>', 'the cash back, e.g. 42.17 or $42.17')
    .option('--portal <id>', 'the portal', 'rakuten')
    .addHelpText('after', examples('perk compare 42.17', "perk compare '$120' --portal rakuten --json"))
    .action(async (cash: string, opts: Flags<CompareOptions, 'cash'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../compare.js')).runCompare({ ...opts, cash }, ctx)),
    );
}

/** giftcard, promo. */
export function registerGiftCardCommands(program: Command, { run, examples }: Helpers): void {
  const giftcard = program
    .command('giftcard')
    .description('gift-card balances (only the last four characters and a hash of a code are kept)')
    .addHelpText('after', examples('perk giftcard add amazon --code XXXX-XXXXXX-XXXX --balance 50', 'perk giftcard list', 'perk giftcard set-balance gc-amazon-75mu 12.30', 'perk giftcard remove gc-amazon-75mu'));
  giftcard
    .command('add')
    .description('store a gift card: its balance, the last four characters and a hash of its claim code')
    .argument('<retailer>', 'retailer id, name or alias')
    .option('--code <code>', 'claim code (spaces and dashes ignored); "-" reads it from stdin')
    .option('--balance <amount>', 'balance on the card, e.g. 50 or $25.50')
    .addHelpText('after', examples('perk giftcard add amazon --code XXXX-XXXXXX-XXXX --balance 50', 'pbpaste | perk giftcard add amazon --code - --balance 25'))
    .action(async (retailer: string, opts: Flags<GiftCardAddOptions, 'retailer' | 'readStdin'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../giftcard.js')).runGiftCardAdd({ ...opts, retailer }, ctx)),
    );
  giftcard
    .command('list', { isDefault: true })
    .description('gift cards and their balances')
    .addHelpText('after', examples('perk giftcard list', 'perk giftcard list --retailer amazon --json'))
    .option('--retailer <retailer>', 'only this retailer')
    .action(async (opts: GiftCardListOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../giftcard.js')).runGiftCardList(opts, ctx)),
    );
  giftcard
    .command('remove')
    .description('forget a gift card (orders paid with it keep what it paid)')
    .argument('<id>', 'gift card id (or the last four characters of its code)')
    .addHelpText('after', examples('perk giftcard remove gc-amazon-75mu', 'perk giftcard remove 75MU'))
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../giftcard.js')).runGiftCardRemove({ id }, ctx)),
    );
  giftcard
    .command('set-balance')
    .description('correct the balance of a gift card')
    .addHelpText('after', examples('perk giftcard set-balance gc-amazon-75mu 12.50'))
    .argument('<id>', 'gift card id (or the last four characters of its code)')
    .argument('<amount>', 'new balance, e.g. 12.30')
    .action(async (id: string, balance: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../giftcard.js')).runGiftCardSetBalance({ id, balance }, ctx)),
    );

  const promo = program
    .command('promo')
    .description('promo codes: discount, minimum, dates, uses left, whether the portal lists them')
    .addHelpText('after', examples('perk promo add macys SAVE10 --amount 10 --min 50 --to 2026-12-31', 'perk promo list --retailer amazon'));
  promo
    .command('add')
    .description('store a promo code (an existing code for the retailer is replaced)')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<code>', 'the code')
    .option('--amount <amount>', 'amount off in dollars, e.g. 10')
    .option('--percent <percent>', 'percent off, e.g. 10 or 10%')
    .option('--min <amount>', 'minimum subtotal')
    .option('--from <date>', 'first day (YYYY-MM-DD)')
    .option('--to <date>', 'last day (YYYY-MM-DD)')
    .option('--uses <n>', 'how many times it can be used (default 1)')
    .option('--portal-safe', 'the portal lists this code, so it does not void the cash back')
    .addHelpText('after', examples('perk promo add macys SAVE10 --amount 10 --min 50 --to 2026-12-31', 'perk promo add nike NIKE20 --percent 20 --min 100 --portal-safe'))
    .action(async (retailer: string, code: string, opts: Flags<PromoAddOptions, 'retailer' | 'code'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../promo.js')).runPromoAdd({ ...opts, retailer, code }, ctx)),
    );
  promo
    .command('list', { isDefault: true })
    .description('promo codes with uses left and status (active, expired, used up, not started)')
    .addHelpText('after', examples('perk promo list', 'perk promo list --retailer macys --json'))
    .option('--retailer <retailer>', 'only this retailer')
    .action(async (opts: PromoListOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../promo.js')).runPromoList(opts, ctx)),
    );
}
