/** Registers the card-linked offer commands: offers, offer add/paste. */
import { Option, type Command } from 'commander';
import type { OfferAddOptions, OffersOptions } from '../offers.js';
import type { Flags, Helpers } from './helpers.js';

/** offers, offer. */
export function registerOfferCommands(program: Command, { run, examples }: Helpers): void {
  program
    .command('offers')
    .description('card-linked offers (Amex, Chase, Capital One), soonest expiry first, with uses left')
    .option('--expiring <days>', 'only offers ending within this many days')
    .option('--card <id>', 'only offers on this card')
    .option('--all', 'also expired and used-up offers')
    .addHelpText('after', examples('perk offers', 'perk offers --expiring 7', 'perk offers --card amex-gold --json'))
    .action(async (opts: OffersOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../offers.js')).runOffers(opts, ctx)),
    );

  const offer = program
    .command('offer')
    .description('record a card-linked offer you added to a card')
    .addHelpText('after', examples('pbpaste | perk offer paste --card amex-gold', 'perk offer add amex-macys-25 --card amex-gold --retailer macys --kind credit --min 75 --credit 25 --to 2026-12-31'));
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
    .action(async (id: string, opts: Flags<OfferAddOptions, 'id'>, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../offers.js')).runOfferAdd({ ...opts, id }, ctx)),
    );
  offer
    .command('paste')
    .description('read an Amex, Chase or Capital One offers page pasted on stdin and save its offers to a card')
    .requiredOption('--card <id>', 'the card whose offers page it is')
    .option('-y, --yes', 'save without asking (needed without a terminal)')
    .addHelpText('after', examples('pbpaste | perk offer paste --card amex-gold --yes', 'perk offer paste --card chase-freedom-flex < offers.txt --json'))
    .action(async (opts: import('../paste.js').OfferPasteOptions, cmd: Command) =>
      run(cmd, async (ctx) => (await import('../paste.js')).runOfferPaste(opts, ctx)),
    );
}
