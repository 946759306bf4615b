/**
 * The tools of `perk mcp` (SPEC section 12): for each, a zod input schema described for an assistant and
 * the command function that builds the command's `--json` document (no second implementation). Inputs
 * are passed to the commands as the command line would pass them (amounts and counts as text), so a bad
 * value gets the command's own exit-2 sentence. This module does not import the MCP SDK (commands/mcp.ts
 * does), so tests can call the tools in-process.
 */
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { adviseJson } from './advise.js';
import { compareJson } from './compare.js';
import { offersJson } from './offers.js';
import { orderAddJson } from './order.js';
import { payoutForecastJson, payoutNextJson } from './payout.js';
import { rateSetJson, retailersJson } from './retailers.js';
import { stackJson } from './stack.js';
import { valueJson } from './value.js';
import { welcomeJson } from './welcome.js';

export interface PerkTool {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  /** Changes the database: only served with `perk mcp --allow-writes`. */
  writes: boolean;
  run(args: Record<string, unknown>, ctx: Ctx): object;
}

/** A tool whose `run` sees its own parsed input type. */
function tool<S extends z.ZodObject>(def: {
  name: string;
  title: string;
  description: string;
  input: S;
  writes?: boolean;
  run(args: z.infer<S>, ctx: Ctx): object;
}): PerkTool {
  return { ...def, writes: def.writes ?? false, run: def.run as PerkTool['run'] };
}

const UNITS = 'Money in the result is in integer cents (1234 = $12.34) and points in integer units.';

/** Dollars as a number or as text: 200, 120.5, "$1,234.56". */
const dollars = (what: string) =>
  z.union([z.number(), z.string()]).describe(`${what} in dollars (not cents): a number such as 200 or 120.5, or text such as "$1,234.56".`);

/** A whole number, as a number or text; the command checks it (so a bad one gets the command's sentence). */
const count = (what: string) => z.union([z.number(), z.string()]).describe(what);

/** Text as the command line would give it: numbers are written out as they are. */
const text = (value: number | string | undefined): string | undefined => (value === undefined ? undefined : String(value));

const retailer = z.string().describe('The retailer: its id, name or an alias ("macys", "Macy\'s"); a unique prefix or a near miss is resolved too.');
const portalId = z.string().describe('A shopping portal id, e.g. "rakuten", "topcashback" (see the `rate` of each retailer in `retailers`).');
const cardId = z.string().describe('A card id from the catalog, e.g. "amex-gold", "chase-freedom-flex".');
const isoDate = (what: string) => z.string().describe(`${what}, written YYYY-MM-DD.`);

const stackInput = z.object({
  retailer,
  amount: dollars('The pre-tax subtotal of the purchase'),
  online: z.boolean().optional().describe('An online purchase (online rates); the default unless the retailer is a restaurant.'),
  in_store: z.boolean().optional().describe('The purchase is made in a store (in-store portal rates and offers).'),
  dining: z.boolean().optional().describe('A restaurant bill (dining rates); the default for a restaurant.'),
  category: z.string().optional().describe("Use this spending category instead of the retailer's own, e.g. \"gift_cards\"."),
  cards: z.array(cardId).optional().describe("Compare only these cards (default: the user's wallet, or the whole catalog when it is empty)."),
  portal: z
    .union([z.string(), z.literal(false)])
    .optional()
    .describe('Only options through this portal id; false for only options without a shopping portal.'),
  payout: z.string().optional().describe('Take the portal payout in this currency, e.g. "MR" or "USD" (default: the user\'s setting).'),
  via: z.string().optional().describe('Booked through an issuer travel portal: "amex_travel", "chase_travel" or "c1_travel".'),
  promos: z.array(z.string()).optional().describe('Promo codes the user has stored and wants to use.'),
  gift_card: z.boolean().optional().describe("Spend the user's stored gift-card balance at this retailer first."),
  paths: z
    .record(z.string(), z.string())
    .optional()
    .describe('Value a points currency by this redemption path, e.g. {"MR": "statement_credit"} (default: the user\'s setting).'),
  top: count('Return only the best N options (1 to 1000).').optional(),
});

const retailersInput = z.object({
  search: z.string().optional().describe('Part of a retailer id, name or alias ("mac", "amaz"); omit for every retailer.'),
});

const offersInput = z.object({
  expiring_days: count('Only offers that end within this many days (1 to 3650).').optional(),
  card: cardId.optional().describe('Only offers added to this card id.'),
  all: z.boolean().optional().describe('Also expired and used-up offers.'),
});

const portalFilter = z.object({
  portal: portalId.optional().describe('Only this portal id (default: every portal).'),
});

const forecastInput = z.object({
  quarters: count('How many quarters ahead (1 to 40, default 4).').optional(),
  portal: portalId.optional().describe('Only this portal id (default: the portals with orders or bonuses).'),
});

const valueInput = z.object({
  currency: z.string().describe('A points currency code: "MR" (Amex), "UR" (Chase), "C1" (Capital One), "BILT", "USD", …'),
  points: z
    .union([z.number(), z.string()])
    .optional()
    .describe('How many points to value, a whole number such as 50000 or "50,000" (default 10,000).'),
});

const compareInput = z.object({
  cash: dollars('The cash back a portal offers'),
  portal: portalId.optional().describe('The portal whose payout options to compare (default "rakuten").'),
});

const adviseInput = z.object({
  months: count(
    "How many months of the user's spending, back from today, to replay (a whole number of months, 1 to 120, default 12); results are scaled to a year.",
  ).optional(),
});

const welcomeInput = z.object({});

const orderAddInput = z.object({
  retailer,
  amount: dollars('The pre-tax subtotal of the order'),
  date: isoDate('The order date (default: today)').optional(),
  card: cardId.optional().describe('The card it was paid with.'),
  portal: portalId.optional().describe('The shopping portal it went through.'),
  offer: z.string().optional().describe('The id of the card-linked offer it used (uses one of its uses).'),
  category: z.string().optional().describe("The spending category (default: the retailer's)."),
  promos: z.array(z.string()).optional().describe('Promo codes used.'),
  gift_card: z.boolean().optional().describe("Pay from the user's stored gift-card balance at this retailer first."),
  online: z.boolean().optional().describe('An online purchase; the default unless the retailer is a restaurant.'),
  in_store: z.boolean().optional().describe('An in-store purchase.'),
  dining: z.boolean().optional().describe('A restaurant bill; the default for a restaurant.'),
  via: z.string().optional().describe('Booked through an issuer travel portal: "amex_travel", "chase_travel" or "c1_travel".'),
  note: z.string().optional().describe('A note to keep with the order.'),
});

const rateSetInput = z.object({
  retailer,
  rate: z
    .union([z.number(), z.string()])
    .describe('The rate seen on the portal: a percent (6 or "6%") or a flat amount in dollars as text ("$15").'),
  portal: portalId,
  from: isoDate('First day of the rate (default: today)').optional(),
  to: isoDate('Last day of the rate, for a limited-time boost').optional(),
  channel: z.enum(['online', 'in_store', 'dining']).optional().describe('Where the rate applies (default "online").'),
});

export const TOOLS: readonly PerkTool[] = [
  tool({
    name: 'stack',
    title: 'Best way to pay',
    description:
      "Which card, shopping portal, card-linked offer and promo code give the most for one purchase at a retailer today, from the user's own wallet, cap use, offers and settings. " +
      'Returns `options` ranked best first, each with its components (portal cash back, offer, card points), `total_value_cents`, `effective_rate` and a one-line `explanation`, plus `notes`. ' +
      `Same JSON as \`perk stack <retailer> <amount> --json\`. ${UNITS}`,
    input: stackInput,
    run: (a, ctx) =>
      stackJson(
        {
          retailer: a.retailer,
          amount: String(a.amount),
          online: a.online,
          inStore: a.in_store,
          dining: a.dining,
          category: a.category,
          card: a.cards,
          portal: a.portal,
          payout: a.payout,
          via: a.via,
          promo: a.promos,
          giftCard: a.gift_card,
          path: a.paths && Object.entries(a.paths).map(([currency, path]) => `${currency}=${path}`),
          top: text(a.top),
        },
        ctx,
      ),
  }),
  tool({
    name: 'retailers',
    title: 'Retailers and portal rates',
    description:
      "Find retailers by name and list each one's shopping-portal rates valid today (percent or flat), in every channel. " +
      `Same JSON as \`perk retailers [search] --json\`. ${UNITS}`,
    input: retailersInput,
    run: (a, ctx) => retailersJson({ search: a.search }, ctx),
  }),
  tool({
    name: 'offers',
    title: 'Card-linked offers',
    description:
      'The card-linked offers (Amex, Chase, Capital One…) the user has, soonest expiry first, with uses left, days left and status. ' +
      `Same JSON as \`perk offers --json\`. ${UNITS}`,
    input: offersInput,
    run: (a, ctx) => offersJson({ expiring: text(a.expiring_days), card: a.card, all: a.all }, ctx),
  }),
  tool({
    name: 'payout_next',
    title: 'Next portal payouts',
    description:
      "The next payout of each shopping portal from the user's order log: date, confirmed, expected and possible amounts, the minimum, whether it will pay, and the payout in the portal's payout currency. " +
      `Same JSON as \`perk payout next --json\`. ${UNITS}`,
    input: portalFilter,
    run: (a, ctx) => payoutNextJson({ portal: a.portal }, ctx),
  }),
  tool({
    name: 'payout_forecast',
    title: 'Payout forecast',
    description:
      "Every portal payout date in the next N quarters with what it should pay, from the user's order log. " +
      `Same JSON as \`perk payout forecast --json\`. ${UNITS}`,
    input: forecastInput,
    run: (a, ctx) => payoutForecastJson({ quarters: text(a.quarters), portal: a.portal }, ctx),
  }),
  tool({
    name: 'value',
    title: 'What points are worth',
    description:
      "What a number of points is worth through each redemption path of a currency (cents per point and value), best first; the path perk values the currency with is marked `default`, the user's own cpp `user`. " +
      `Same JSON as \`perk value <currency> [points] --json\`. ${UNITS}`,
    input: valueInput,
    run: (a, ctx) => valueJson({ currency: a.currency, points: text(a.points) }, ctx),
  }),
  tool({
    name: 'compare',
    title: 'Cash back or points?',
    description:
      "Whether to take a portal's cash back as cash or as points: each payout option valued by every redemption path, with the break-even cents per point, the `best` choice and a recommendation. " +
      `Same JSON as \`perk compare <cash> --json\`. ${UNITS}`,
    input: compareInput,
    run: (a, ctx) => compareJson({ cash: String(a.cash), portal: a.portal }, ctx),
  }),
  tool({
    name: 'advise',
    title: 'Which card next',
    description:
      "Which credit card to add next (or which held card earns least): replays the user's own spending of the last N months (imported issuer statements and logged orders) through each card held and each catalog card, " +
      'against its annual fee and welcome bonus, scaled to a year. Returns `held` (value, fee, net, and what dropping it loses), `candidates` ranked by net value a year best first (with `first_year_cents` including the welcome bonus when the spending reaches its minimum in time), and an `explanation`. ' +
      'Portal cash back and card-linked offers are not counted. Empty when no spending is imported (`perk spend import`). ' +
      `Same JSON as \`perk advise [--months N] --json\`. ${UNITS}`,
    input: adviseInput,
    run: (a, ctx) => adviseJson({ months: text(a.months) }, ctx),
  }),
  tool({
    name: 'welcome',
    title: 'Welcome-bonus progress',
    description:
      "Each card in the user's wallet that is inside its welcome-bonus window (from the date it was opened): the bonus points, the minimum spend, what was spent so far, what is left, days left, the daily pace needed and whether the user is on track. " +
      'Empty when no card has an opening date in its window (`perk wallet add <card> --opened YYYY-MM-DD`). ' +
      `Same JSON as \`perk welcome --json\`. ${UNITS}`,
    input: welcomeInput,
    run: (_a, ctx) => welcomeJson(ctx),
  }),
  tool({
    name: 'order_add',
    title: 'Log an order',
    description:
      "Log a purchase in the user's order log (it writes to the database): records the expected portal cash back from the rate valid on the order date, uses an offer, promo or gift-card balance, and says when the portal should confirm it and the payout it is likely in. " +
      `Same JSON as \`perk order add … --json\`. ${UNITS}`,
    input: orderAddInput,
    writes: true,
    run: (a, ctx) =>
      orderAddJson(
        {
          retailer: a.retailer,
          amount: String(a.amount),
          date: a.date,
          card: a.card,
          portal: a.portal,
          offer: a.offer,
          category: a.category,
          promo: a.promos,
          giftCard: a.gift_card,
          online: a.online,
          inStore: a.in_store,
          dining: a.dining,
          via: a.via,
          note: a.note,
        },
        ctx,
      ),
  }),
  tool({
    name: 'rate_set',
    title: 'Record a portal rate',
    description:
      'Record a shopping-portal rate the user just saw (it writes to the database), replacing the rate of that portal, retailer and channel that starts the same day. ' +
      `Same JSON as \`perk rate set … --json\`. ${UNITS}`,
    input: rateSetInput,
    writes: true,
    run: (a, ctx) =>
      rateSetJson({ retailer: a.retailer, rate: String(a.rate), portal: a.portal, from: a.from, to: a.to, channel: a.channel ?? 'online' }, ctx),
  }),
];
