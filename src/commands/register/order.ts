/** Registers the order log and portal bonuses: order, bonus. */
import { Option, type Command } from 'commander';
import type { BonusAddOptions, BonusConfirmOptions, BonusListOptions, BonusSetOptions } from '../bonus.js';
import type { OrderAddOptions, OrderConfirmOptions, OrderListOptions, OrderSetOptions } from '../order.js';
import type { Helpers } from './helpers.js';

/** order add/list/confirm/set/remove/import/export. */
export function registerOrderCommand(program: Command, { run, examples, collect }: Helpers): void {
  const order = program
    .command('order')
    .description('the order log: what each order should earn through its portal, and what needs action')
    .addHelpText('after', examples('perk order add macys 200 --card amex-gold --portal rakuten', 'perk order list --status pending', 'perk order confirm 12', 'perk order import orders.csv'));
  order
    .command('add')
    .description('log an order; records the expected portal cash back from the rate valid on its date')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<amount>', 'pre-tax subtotal, e.g. 200 or $1,234.56')
    .option('--date <date>', 'order date YYYY-MM-DD (default: today)')
    .option('--card <id>', 'the card it was paid with')
    .option('--portal <id>', 'the shopping portal it went through (e.g. rakuten)')
    .option('--offer <id>', 'the card-linked offer it used (consumes one use)')
    .option('--category <c>', 'spending category (default: the retailer\'s)')
    .option('--promo <code>', 'a promo code used (repeatable)', collect)
    .option('--gift-card', 'spend the stored gift-card balance at this retailer first')
    .option('--online', 'an online purchase (the default, unless the category is dining)')
    .option('--in-store', 'an in-store purchase (in-store rates)')
    .option('--dining', 'a dining purchase (dining rates and window; the default for a dining category)')
    .option('--via <travel portal>', 'booked through an issuer travel portal (amex_travel, chase_travel, c1_travel)')
    .option('--trip-end <date>', 'travel only: the last day of the trip; the portal confirms within its window after it')
    .option('--note <text>', 'a note')
    .addHelpText(
      'after',
      examples(
        'perk order add macys 200 --card amex-gold --portal rakuten --offer amex-macys-25',
        'perk order add amazon 120 --gift-card --card chase-freedom-flex',
        'perk order add "Olive Garden" 64.20 --dining --card rakuten-amex --portal rakuten --json',
        'perk order add marriott 1000 --portal rakuten --date 2026-12-01 --trip-end 2027-01-20',
      ),
    )
    .action(async (retailer: string, amount: string, opts: Omit<OrderAddOptions, 'retailer' | 'amount'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderAdd({ ...opts, retailer, amount }, ctx)),
    );
  order
    .command('list')
    .description('the order log, flagging what needs action (overdue, credited less, ineligible)')
    .option('--status <status>', 'pending, confirmed or ineligible')
    .option('--since <date>', 'orders on or after this date')
    .option('--until <date>', 'orders on or before this date')
    .option('--portal <id>', 'only this portal')
    .option('--card <id>', 'only this card')
    .addHelpText('after', examples('perk order list', 'perk order list --status pending --portal rakuten', 'perk order list --since 2026-01-01 --json'))
    .action(async (opts: OrderListOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderList(opts, ctx)),
    );
  order
    .command('confirm')
    .description('mark an order confirmed by the portal')
    .argument('<id>', 'order id (see perk order list)')
    .option('--date <date>', 'confirmation date (default: today)')
    .option('--cashback <amount>', 'what the portal actually credited')
    .addHelpText('after', examples('perk order confirm 12', 'perk order confirm 12 --date 2026-12-20 --cashback 11.40'))
    .action(async (id: string, opts: Omit<OrderConfirmOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderConfirm({ id, ...opts }, ctx)),
    );
  order
    .command('set')
    .description("change an order's status, credited cash back or confirmation date")
    .argument('<id>', 'order id')
    .addOption(new Option('--status <status>', 'new status').choices(['pending', 'confirmed', 'ineligible']))
    .option('--cashback <amount>', 'what the portal actually credited')
    .option('--date <date>', 'confirmation date')
    .addHelpText('after', examples('perk order set 12 --status ineligible', 'perk order set 12 --cashback 9.50', 'perk order set 12 --status confirmed --date 2026-12-20'))
    .action(async (id: string, opts: Omit<OrderSetOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderSet({ id, ...opts }, ctx)),
    );
  order
    .command('remove')
    .description('delete an order (its gift-card balance goes back to the card)')
    .addHelpText('after', examples('perk order remove 12'))
    .argument('<id>', 'order id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderRemove({ id }, ctx)),
    );
  order
    .command('import')
    .description('log many orders from a CSV file (header row; same fields as order add), all or nothing; an order export CSV is matched by id')
    .argument('<file>', 'CSV file: retailer,amount,date,card,portal,offer,category,promo,gift_card,channel,via,note,status,confirmed_on,cashback — or one written by perk order export')
    .addHelpText('after', examples('perk order import orders.csv', 'perk order import orders.csv --json', 'perk order export > orders.csv && perk order import orders.csv'))
    .action(async (file: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../order.js')).runOrderImport({ file }, ctx)),
    );
  order
    .command('export')
    .description('every order as CSV (or --format json), with ids: perk order import reads it back, matching the ids')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addHelpText('after', examples('perk order export > orders.csv', 'perk order export --format json'))
    .action(async (opts: { format: 'json' | 'csv' }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../export.js')).runExport({ kind: 'orders', format: opts.format }, ctx)),
    );
}

/** bonus add/list/confirm/set/remove. */
export function registerBonusCommand(program: Command, { run, examples }: Helpers): void {
  const bonus = program
    .command('bonus')
    .description('portal bonuses (welcome, referral, promotion): pending until confirmed, paid with the orders')
    .addHelpText('after', examples('perk bonus add rakuten 30 --note "welcome bonus"', 'perk bonus confirm 1', 'perk bonus list'));
  bonus
    .command('add')
    .description('log a portal bonus (pending until you confirm it)')
    .addHelpText('after', examples('perk bonus add rakuten 30 --note "welcome bonus"', 'perk bonus add rakuten 50 --date 2026-11-02 --confirmed'))
    .argument('<portal>', 'portal id')
    .argument('<amount>', 'bonus amount, e.g. 30')
    .option('--date <date>', 'date earned (default: today)')
    .option('--note <text>', 'a note')
    .option('--confirmed', 'already confirmed by the portal (on --date)')
    .action(async (portal: string, amount: string, opts: Omit<BonusAddOptions, 'portal' | 'amount'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../bonus.js')).runBonusAdd({ portal, amount, ...opts }, ctx)),
    );
  bonus
    .command('list')
    .description('list bonuses')
    .addHelpText('after', examples('perk bonus list', 'perk bonus list --portal rakuten --status pending'))
    .option('--portal <id>', 'only this portal')
    .option('--status <status>', 'pending, confirmed or ineligible')
    .action(async (opts: BonusListOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../bonus.js')).runBonusList(opts, ctx)),
    );
  bonus
    .command('confirm')
    .description('mark a bonus confirmed by the portal')
    .addHelpText('after', examples('perk bonus confirm 3', 'perk bonus confirm 3 --date 2026-11-20'))
    .argument('<id>', 'bonus id')
    .option('--date <date>', 'confirmation date (default: today)')
    .action(async (id: string, opts: Omit<BonusConfirmOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../bonus.js')).runBonusConfirm({ id, ...opts }, ctx)),
    );
  bonus
    .command('set')
    .description("change a bonus's status, confirmation date or amount")
    .addHelpText('after', examples('perk bonus set 3 --status ineligible', 'perk bonus set 3 --amount 25'))
    .argument('<id>', 'bonus id')
    .addOption(new Option('--status <status>', 'new status').choices(['pending', 'confirmed', 'ineligible']))
    .option('--date <date>', 'confirmation date')
    .option('--amount <amount>', 'bonus amount')
    .action(async (id: string, opts: Omit<BonusSetOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../bonus.js')).runBonusSet({ id, ...opts }, ctx)),
    );
  bonus
    .command('remove')
    .description('delete a bonus')
    .addHelpText('after', examples('perk bonus remove 3'))
    .argument('<id>', 'bonus id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../bonus.js')).runBonusRemove({ id }, ctx)),
    );
}
