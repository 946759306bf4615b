/**
 * The command line: registers every command (each loaded lazily, so `perk stack` pays only for what
 * it uses) and is the one place where errors become exit codes: 0 ok, 1 runtime failure, 2 bad usage
 * or invalid input.
 */
import { Command, Option } from 'commander';
import { ensureDatabase, makeContext, removeIfCreated, resolveToday, type Ctx, type CtxOutput } from './context.js';
import { errorPrefix, printError } from './exit.js';
import { safeLines } from './ui/safe-text.js';

interface GlobalOptions {
  db?: string;
  today?: string;
  json?: boolean;
  color?: boolean;
}

const VERSION = '0.1.0';

type Runner = (ctx: Ctx) => Promise<unknown> | unknown;

let activeCtx: Ctx | undefined;

/** Build the context from the global flags, create/seed the database on first use, run, close. */
async function run(cmd: Command, fn: Runner, options: { db?: boolean } = {}): Promise<void> {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  const ctx = makeContext({ db: globals.db, today: globals.today, json: globals.json, color: globals.color, stdout: outputStream });
  if (ctx.tty && ctx.width && !ctx.json) {
    // SPEC 13: on a terminal, a line of prose wider than the terminal is wrapped to it (tables fit it
    // already, see ui/table.ts), so no note is broken by the terminal in the middle of a word.
    const { fitToWidth } = await import('./ui/wrap.js');
    const out = ctx.out;
    const width = ctx.width;
    ctx.out = (text) => out(fitToWidth(text, width));
  }
  activeCtx = ctx;
  try {
    if (options.db !== false) await ensureDatabase(ctx);
    await fn(ctx);
  } catch (error) {
    // Bad input on a first run: the database created for it goes again (exit 2 changes nothing).
    if ((error as { exitCode?: number }).exitCode === 2) await removeIfCreated(ctx);
    throw error;
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

/** Examples for subcommands whose registration below does not give any, keyed by command path. */
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
    .option('--db <path>', 'database file (default: $PERK_DB, else ~/.local/share/perk/perk.db)')
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

  // ---- data ---------------------------------------------------------------------------------------

  program
    .command('load')
    .description('load data files (JSON or CSV, data format v1) into the database, atomically')
    .argument('<files...>', 'JSON or CSV files')
    .option('--dry-run', 'validate only; change nothing')
    .option('--kind <kind>', 'the kind of a CSV file whose header does not say (retailers|rates|offers|promos|orders)')
    .addHelpText('after', examples('perk load my-rates.csv', 'perk load cards.json offers.json --dry-run', 'perk load rates.txt.csv --kind rates'))
    .action(async (files: string[], opts: { dryRun?: boolean; kind?: string }, cmd: Command) =>
      // A first run is seeded by the load itself (its wallet, if it carries one, is the wallet).
      run(cmd, async (ctx) => (await import('./commands/load.js')).runLoad({ files, dryRun: Boolean(opts.dryRun), kind: opts.kind }, ctx), { db: false }),
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
    .option('--replace-edits', 'with --force: also replace the default records you changed (otherwise kept, and named)')
    .addHelpText('after', examples('perk init', 'perk init --force --wallet amex-gold,rakuten-amex --payout MR', 'perk init --force --replace-edits', 'perk --db empty.db init --empty'))
    .action(async (opts: { force?: boolean; empty?: boolean; wallet?: string; payout?: string; replaceEdits?: boolean }, cmd: Command) =>
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
    .option('--opened <date>', 'the day the card was opened (YYYY-MM-DD): starts its welcome-bonus window (perk welcome)')
    .action(async (cards: string[], opts: { opened?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/wallet.js')).runWallet({ action: 'add', cards, opened: opts.opened }, ctx)),
    );
  wallet
    .command('remove')
    .description('remove cards from your wallet')
    .argument('<cards...>', 'card ids')
    .action(async (cards: string[], _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/wallet.js')).runWallet({ action: 'remove', cards }, ctx)),
    );

  const spend = program
    .command('spend')
    .description('imported card spending (issuer CSV or OFX/QFX exports): import, list, summary, fix a category')
    .addHelpText('after', examples('perk spend import activity.csv --card amex-gold', 'perk spend summary --months 3', 'perk spend list --limit 20'));
  spend
    .command('import')
    .description('import issuer exports (Amex, Chase, Capital One, Citi, Discover CSV; OFX/QFX), atomically; a re-import adds nothing')
    .argument('<files...>', 'export files')
    .option('--card <id>', 'the card the files are from (needed when the file does not say and your wallet has no single card of its issuer)')
    .option('--dry-run', 'read and check only; change nothing')
    .addHelpText('after', examples('perk spend import activity.csv --card amex-gold', 'perk spend import Chase1234_Activity.CSV --dry-run', 'perk spend import statement.qfx --card c1-venture-x'))
    .action(async (files: string[], opts: { card?: string; dryRun?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/spend.js')).runSpendImport({ files, card: opts.card, dryRun: opts.dryRun }, ctx)),
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
    .action(async (opts: { since?: string; until?: string; card?: string; category?: string; limit?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/spend.js')).runSpendList(opts, ctx)),
    );
  spend
    .command('summary')
    .description('spending by category and card: a table and a bar chart')
    .option('--months <n>', 'the last n months (default 12)')
    .addHelpText('after', examples('perk spend summary', 'perk spend summary --months 3 --json'))
    .action(async (opts: { months?: string }, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/spend.js')).runSpendSummary(opts, ctx)));
  spend
    .command('set')
    .description("fix one transaction's category (kept on re-import)")
    .argument('<id>', 'transaction id (perk spend list)')
    .option('--category <c>', 'the perk category')
    .addHelpText('after', examples('perk spend set 812 --category dining'))
    .action(async (id: string, opts: { category?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/spend.js')).runSpendSet({ id, category: opts.category }, ctx)),
    );

  program
    .command('advise')
    .description('which card next: replay your spending through each card, against its fee and welcome bonus')
    .option('--months <n>', 'replay the last n months (default 12)')
    .addHelpText('after', examples('perk advise', 'perk advise --months 6 --json'))
    .action(async (opts: { months?: string }, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/advise.js')).runAdvise(opts, ctx)));

  program
    .command('welcome')
    .description('welcome-bonus windows of your cards: spent, left, days left, pace needed, on track')
    .addHelpText('after', examples('perk wallet add chase-sapphire-preferred --opened 2026-10-01', 'perk welcome', 'perk welcome --json'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/welcome.js')).runWelcome(ctx)));

  program
    .command('cards')
    .description('the card catalog')
    .option('--issuer <issuer>', 'only this issuer (amex, chase, capital_one, bilt)')
    .addHelpText('after', examples('perk cards', 'perk cards --issuer chase --json'))
    .action(async (opts: { issuer?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/cards.js')).runCards(opts, ctx)),
    );

  program
    .command('categories')
    .description('the purchase categories (for --category), with the cards of your wallet that earn more there')
    .addHelpText('after', examples('perk categories', 'perk categories --json'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/cards.js')).runCategories(ctx)));

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
    .argument('<rate>', "6% or 6 (percent), or '$15' in quotes (flat)")
    .requiredOption('--portal <id>', 'the portal (e.g. rakuten)')
    .option('--from <date>', 'first day of the rate (default: today)')
    .option('--to <date>', 'last day of the rate (a boost)')
    .addOption(new Option('--channel <channel>', 'where it applies').choices(['online', 'in_store', 'dining']).default('online'))
    .addHelpText('after', examples('perk rate set macys 12% --portal rakuten --to 2026-11-30', "perk rate set hotwire '$15' --portal rakuten"))
    .action(
      async (
        retailer: string,
        value: string,
        opts: { portal: string; from?: string; to?: string; channel: 'online' | 'in_store' | 'dining' },
        cmd: Command,
      ) => run(cmd, async (ctx) => (await import('./commands/retailers.js')).runRateSet({ retailer, rate: value, ...opts }, ctx)),
    );

  rate
    .command('paste')
    .description("read a portal's store list pasted on stdin, show what changed, and save the rates dated today")
    .requiredOption('--portal <id>', 'the portal the list is from (e.g. rakuten, aadvantage)')
    .option('-y, --yes', 'save without asking (needed without a terminal)')
    .addHelpText('after', examples('pbpaste | perk rate paste --portal rakuten --yes', 'perk rate paste --portal aadvantage < stores.txt --json'))
    .action(async (opts: { portal: string; yes?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/paste.js')).runRatePaste(opts, ctx)),
    );

  program
    .command('rates')
    .description('rate history')
    .command('history')
    .description("every dated rate of a retailer, as a table and a line chart")
    .argument('<retailer>', 'retailer id, name or alias')
    .option('--portal <id>', 'only this portal')
    .addHelpText('after', examples('perk rates history macys', 'perk rates history macys --portal rakuten --json'))
    .action(async (retailer: string, opts: { portal?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/rates-history.js')).runRatesHistory({ retailer, ...opts }, ctx)),
    );

  const watch = program
    .command('watch')
    .description('targets for the best stacked return at a retailer, evaluated today')
    .addHelpText('after', examples('perk watch', 'perk watch --json', 'perk watch add macys 15% --amount 200'))
    .action(async (_opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/watch.js')).runWatchList(ctx)));
  watch
    .command('add')
    .description('watch a retailer for a stacked return of at least <return%>')
    .argument('<retailer>', 'retailer id, name or alias')
    .argument('<return>', 'the return wanted, e.g. 12% or 7.5')
    .option('--amount <amount>', 'the purchase to evaluate (default $100)')
    .addHelpText('after', examples('perk watch add macys 15%', 'perk watch add nike 12 --amount 150'))
    .action(async (retailer: string, target: string, opts: { amount?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/watch.js')).runWatchAdd({ retailer, target, amount: opts.amount }, ctx)),
    );
  watch
    .command('remove')
    .description('stop watching (by the id perk watch shows)')
    .argument('<id>', 'watch id')
    .action(async (id: string, _opts: unknown, cmd: Command) => run(cmd, async (ctx) => (await import('./commands/watch.js')).runWatchRemove({ id }, ctx)));

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

  // ---- stack (issue 3) ------------------------------------------------------------------------------

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
    .action(async (retailer: string | undefined, amount: string | undefined, opts: Record<string, unknown>, cmd: Command) =>
      run(cmd, async (ctx) =>
        (await import('./commands/stack.js')).runStack(
          {
            retailer,
            amount,
            online: opts.online as boolean | undefined,
            inStore: opts.inStore as boolean | undefined,
            dining: opts.dining as boolean | undefined,
            category: opts.category as string | undefined,
            card: opts.card as string[] | undefined,
            portal: opts.portal as string | false | undefined,
            payout: opts.payout as string | undefined,
            via: opts.via as string | undefined,
            promo: opts.promo as string[] | undefined,
            giftCard: opts.giftCard as boolean | undefined,
            path: opts.path as string[] | undefined,
            top: opts.top as string | undefined,
          },
          ctx,
        ),
      ),
    );

  // ---- valuation, gift cards, promo codes (issue 5) -------------------------------------------------

  program
    .command('value')
    .description('cents per point of each redemption path of a currency, and what the points are worth')
    .argument('<currency>', 'currency code: MR, UR, C1, BILT, USD, …')
    .argument('[points]', 'how many points (50000 or 50,000)', '10,000')
    .addHelpText('after', examples('perk value MR', 'perk value MR 50,000', 'perk value MR 1200000 --json', 'perk config set cpp.MR.transfer 1.7'))
    .action(async (currency: string, points: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/value.js')).runValue({ currency, points }, ctx)),
    );

  program
    .command('compare')
    .description("cash back vs each payout option of a portal (cash, MR, Bilt…), valued by every path, with the break-even cpp")
    .argument('<cash>', 'the cash back, e.g. 42.17 or $42.17')
    .option('--portal <id>', 'the portal', 'rakuten')
    .addHelpText('after', examples('perk compare 42.17', "perk compare '$120' --portal rakuten --json"))
    .action(async (cash: string, opts: { portal: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/compare.js')).runCompare({ cash, portal: opts.portal }, ctx)),
    );

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
    .action(async (retailer: string, opts: { code?: string; balance?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/giftcard.js')).runGiftCardAdd({ retailer, ...opts }, ctx)),
    );
  giftcard
    .command('list', { isDefault: true })
    .description('gift cards and their balances')
    .option('--retailer <retailer>', 'only this retailer')
    .action(async (opts: { retailer?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/giftcard.js')).runGiftCardList(opts, ctx)),
    );
  giftcard
    .command('remove')
    .description('forget a gift card (orders paid with it keep what it paid)')
    .argument('<id>', 'gift card id (or the last four characters of its code)')
    .addHelpText('after', examples('perk giftcard remove gc-amazon-75mu', 'perk giftcard remove 75MU'))
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/giftcard.js')).runGiftCardRemove({ id }, ctx)),
    );
  giftcard
    .command('set-balance')
    .description('correct the balance of a gift card')
    .argument('<id>', 'gift card id (or the last four characters of its code)')
    .argument('<amount>', 'new balance, e.g. 12.30')
    .action(async (id: string, balance: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/giftcard.js')).runGiftCardSetBalance({ id, balance }, ctx)),
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
    .action(
      async (
        retailer: string,
        code: string,
        opts: { amount?: string; percent?: string; min?: string; from?: string; to?: string; uses?: string; portalSafe?: boolean },
        cmd: Command,
      ) => run(cmd, async (ctx) => (await import('./commands/promo.js')).runPromoAdd({ retailer, code, ...opts }, ctx)),
    );
  promo
    .command('list', { isDefault: true })
    .description('promo codes with uses left and status (active, expired, used up, not started)')
    .option('--retailer <retailer>', 'only this retailer')
    .action(async (opts: { retailer?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/promo.js')).runPromoList(opts, ctx)),
    );


  program
    .command('backup')
    .description('copy the database to a file (a consistent snapshot, private to you)')
    .argument('<file>', 'the backup file to write')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', examples('perk backup ~/perk-2026-11-21.db', 'perk backup /media/usb/perk.db --force'))
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/backup.js')).runBackup({ file, force: Boolean(opts.force) }, ctx), { db: false }),
    );

  program
    .command('restore')
    .description('replace the database with a backup, after checking it (the old one is kept as <db>.pre-restore)')
    .argument('<file>', 'a file written by perk backup')
    .addHelpText('after', examples('perk restore ~/perk-2026-11-21.db', 'perk --db other.db restore backup.db'))
    .action(async (file: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/backup.js')).runRestore({ file }, ctx), { db: false }),
    );

  // ---- orders and payouts (issue 4) -----------------------------------------------------------------

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
    .action(async (retailer: string, amount: string, opts: Record<string, unknown>, cmd: Command) =>
      run(cmd, async (ctx) =>
        (await import('./commands/order.js')).runOrderAdd(
          {
            retailer,
            amount,
            date: opts.date as string | undefined,
            card: opts.card as string | undefined,
            portal: opts.portal as string | undefined,
            offer: opts.offer as string | undefined,
            category: opts.category as string | undefined,
            promo: opts.promo as string[] | undefined,
            giftCard: Boolean(opts.giftCard),
            online: Boolean(opts.online),
            inStore: Boolean(opts.inStore),
            dining: Boolean(opts.dining),
            via: opts.via as string | undefined,
            note: opts.note as string | undefined,
            tripEnd: opts.tripEnd as string | undefined,
          },
          ctx,
        ),
      ),
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
    .action(async (opts: { status?: string; since?: string; until?: string; portal?: string; card?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/order.js')).runOrderList(opts, ctx)),
    );
  order
    .command('confirm')
    .description('mark an order confirmed by the portal')
    .argument('<id>', 'order id (see perk order list)')
    .option('--date <date>', 'confirmation date (default: today)')
    .option('--cashback <amount>', 'what the portal actually credited')
    .addHelpText('after', examples('perk order confirm 12', 'perk order confirm 12 --date 2026-12-20 --cashback 11.40'))
    .action(async (id: string, opts: { date?: string; cashback?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/order.js')).runOrderConfirm({ id, ...opts }, ctx)),
    );
  order
    .command('set')
    .description("change an order's status, credited cash back or confirmation date")
    .argument('<id>', 'order id')
    .addOption(new Option('--status <status>', 'new status').choices(['pending', 'confirmed', 'ineligible']))
    .option('--cashback <amount>', 'what the portal actually credited')
    .option('--date <date>', 'confirmation date')
    .addHelpText('after', examples('perk order set 12 --status ineligible', 'perk order set 12 --cashback 9.50', 'perk order set 12 --status confirmed --date 2026-12-20'))
    .action(async (id: string, opts: { status?: string; cashback?: string; date?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/order.js')).runOrderSet({ id, ...opts }, ctx)),
    );
  order
    .command('remove')
    .description('delete an order (its gift-card balance goes back to the card)')
    .argument('<id>', 'order id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/order.js')).runOrderRemove({ id }, ctx)),
    );
  order
    .command('import')
    .description('log many orders from a CSV file (header row; same fields as order add), all or nothing; an order export CSV is matched by id')
    .argument('<file>', 'CSV file: retailer,amount,date,card,portal,offer,category,promo,gift_card,channel,via,note,status,confirmed_on,cashback — or one written by perk order export')
    .addHelpText('after', examples('perk order import orders.csv', 'perk order import orders.csv --json', 'perk order export > orders.csv && perk order import orders.csv'))
    .action(async (file: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/order.js')).runOrderImport({ file }, ctx)),
    );
  order
    .command('export')
    .description('every order as CSV (or --format json), with ids: perk order import reads it back, matching the ids')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .addHelpText('after', examples('perk order export > orders.csv', 'perk order export --format json'))
    .action(async (opts: { format: 'json' | 'csv' }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/export.js')).runExport({ kind: 'orders', format: opts.format }, ctx)),
    );

  const bonus = program
    .command('bonus')
    .description('portal bonuses (welcome, referral, promotion): pending until confirmed, paid with the orders')
    .addHelpText('after', examples('perk bonus add rakuten 30 --note "welcome bonus"', 'perk bonus confirm 1', 'perk bonus list'));
  bonus
    .command('add')
    .description('log a portal bonus (pending until you confirm it)')
    .argument('<portal>', 'portal id')
    .argument('<amount>', 'bonus amount, e.g. 30')
    .option('--date <date>', 'date earned (default: today)')
    .option('--note <text>', 'a note')
    .option('--confirmed', 'already confirmed by the portal (on --date)')
    .action(async (portal: string, amount: string, opts: { date?: string; note?: string; confirmed?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/bonus.js')).runBonusAdd({ portal, amount, ...opts }, ctx)),
    );
  bonus
    .command('list')
    .description('list bonuses')
    .option('--portal <id>', 'only this portal')
    .option('--status <status>', 'pending, confirmed or ineligible')
    .action(async (opts: { portal?: string; status?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/bonus.js')).runBonusList(opts, ctx)),
    );
  bonus
    .command('confirm')
    .description('mark a bonus confirmed by the portal')
    .argument('<id>', 'bonus id')
    .option('--date <date>', 'confirmation date (default: today)')
    .action(async (id: string, opts: { date?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/bonus.js')).runBonusConfirm({ id, ...opts }, ctx)),
    );
  bonus
    .command('set')
    .description("change a bonus's status, confirmation date or amount")
    .argument('<id>', 'bonus id')
    .addOption(new Option('--status <status>', 'new status').choices(['pending', 'confirmed', 'ineligible']))
    .option('--date <date>', 'confirmation date')
    .option('--amount <amount>', 'bonus amount')
    .action(async (id: string, opts: { status?: string; date?: string; amount?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/bonus.js')).runBonusSet({ id, ...opts }, ctx)),
    );
  bonus
    .command('remove')
    .description('delete a bonus')
    .argument('<id>', 'bonus id')
    .action(async (id: string, _opts: unknown, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/bonus.js')).runBonusRemove({ id }, ctx)),
    );

  const payout = program
    .command('payout')
    .description("each portal's payouts from the order log: next, forecast, history")
    .addHelpText('after', examples('perk payout', 'perk payout next --portal rakuten --json', 'perk payout forecast --quarters 8', 'perk payout history'));
  payout
    .command('next', { isDefault: true })
    .description('the next payout of each portal: confirmed, expected and possible amounts, minimum, whether it pays')
    .option('--portal <id>', 'only this portal')
    .action(async (opts: { portal?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/payout.js')).runPayoutNext(opts, ctx)),
    );
  payout
    .command('forecast')
    .description('the payouts of the next N quarters, as a table and a bar chart')
    .option('--quarters <n>', 'how many quarters ahead (default 4)')
    .option('--portal <id>', 'only this portal')
    .action(async (opts: { quarters?: string; portal?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/payout.js')).runPayoutForecast(opts, ctx)),
    );
  payout
    .command('history')
    .description('past payout dates derived from the log: what was paid, what carried over')
    .option('--portal <id>', 'only this portal')
    .action(async (opts: { portal?: string }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/payout.js')).runPayoutHistory(opts, ctx)),
    );

  // ---- card-linked offers ---------------------------------------------------------------------------

  program
    .command('offers')
    .description('card-linked offers (Amex, Chase, Capital One), soonest expiry first, with uses left')
    .option('--expiring <days>', 'only offers ending within this many days')
    .option('--card <id>', 'only offers on this card')
    .option('--all', 'also expired and used-up offers')
    .addHelpText('after', examples('perk offers', 'perk offers --expiring 7', 'perk offers --card amex-gold --json'))
    .action(async (opts: { expiring?: string; card?: string; all?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/offers.js')).runOffers(opts, ctx)),
    );

  const offer = program.command('offer').description('record a card-linked offer you added to a card');
  offer
    .command('add')
    .description('add (or replace, by id) a card-linked offer')
    .argument('<id>', 'an id for the offer, e.g. amex-macys-25')
    .requiredOption('--card <id>', 'the card the offer is added to')
    .requiredOption('--retailer <retailer>', 'where it applies')
    .addOption(new Option('--kind <kind>', 'what it gives').choices(['credit', 'percent', 'points', 'points_per_dollar']).makeOptionMandatory())
    .option('--min <amount>', 'minimum spend charged to the card')
    .option('--credit <amount>', 'statement credit (kind credit)')
    .option('--percent <n>', 'percent back (kind percent)')
    .option('--max-credit <amount>', 'most a percent offer pays')
    .option('--points <n>', 'points (kind points)')
    .option('--points-per-dollar <n>', 'extra points per $1 (kind points_per_dollar)')
    .option('--max-points <n>', 'most a points-per-dollar offer pays')
    .option('--uses <n>', 'how many times it can be used (default 1)')
    .option('--from <date>', 'first day')
    .option('--to <date>', 'last day')
    .option('--click-through', 'a click-through program (Capital One Offers): competes with shopping portals')
    .option('--not-added', "not yet added to the card on the issuer's site (stack warns to add it before you pay)")
    .option('--issuer <issuer>', "the issuer (default: the card's)")
    .addHelpText(
      'after',
      examples(
        'perk offer add amex-macys-25 --card amex-gold --retailer macys --kind credit --min 75 --credit 25 --to 2026-12-31',
        'perk offer add chase-nike-10 --card chase-sapphire-preferred --retailer nike --kind percent --percent 10 --max-credit 15',
        'perk offer add amex-sephora-2x --card amex-gold --retailer sephora --kind points_per_dollar --points-per-dollar 2 --max-points 3000 --uses 2',
      ),
    )
    .action(async (id: string, opts: Omit<import('./commands/offers.js').OfferAddOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/offers.js')).runOfferAdd({ id, ...opts }, ctx)),
    );
  offer
    .command('paste')
    .description('read an Amex, Chase or Capital One offers page pasted on stdin and save its offers to a card')
    .requiredOption('--card <id>', 'the card whose offers page it is')
    .option('-y, --yes', 'save without asking (needed without a terminal)')
    .addHelpText('after', examples('pbpaste | perk offer paste --card amex-gold --yes', 'perk offer paste --card chase-freedom-flex < offers.txt --json'))
    .action(async (opts: { card: string; yes?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => (await import('./commands/paste.js')).runOfferPaste(opts, ctx)),
    );

  // ---- perk for assistants (issue 18) ----------------------------------------------------------------

  program
    .command('mcp')
    .description('serve perk to an AI assistant: a Model Context Protocol server on stdin/stdout')
    .option('--allow-writes', 'also offer the tools that change the database (order_add, rate_set)')
    .addHelpText(
      'after',
      examples(
        'perk mcp                          # started by an MCP client (see README: perk for assistants)',
        'perk mcp --allow-writes --db ~/perk.db',
      ),
    )
    .action(async (opts: { allowWrites?: boolean }, cmd: Command) => {
      const today = cmd.optsWithGlobals<GlobalOptions>().today;
      return run(cmd, async (ctx) =>
        (await import('./commands/mcp.js')).runMcp(
          { allowWrites: Boolean(opts.allowWrites), today: () => resolveToday(today, process.env), version: VERSION },
          ctx,
        ),
      );
    });

  addSubcommandExamples(program);
  return program;
}

/** Where command output goes when not the process's stdout (in-process callers such as tests). */
let outputStream: CtxOutput | undefined;

export async function main(argv: string[] = process.argv, io: { stdout?: CtxOutput } = {}): Promise<number> {
  const program = buildProgram();
  outputStream = io.stdout;
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    activeCtx?.close();
    return printError(error);
  } finally {
    outputStream = undefined;
  }
}
