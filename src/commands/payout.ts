/**
 * `perk payout [next] | forecast | history`: each portal's payouts from the order log (SPEC section 6).
 * The rules are in core/payouts.ts; this module reads the log, calls them and prints.
 */
import type { Ctx } from '../context.js';
import type { IsoDate } from '../core/dates.js';
import { isTravelCategory } from '../core/caps.js';
import { compareIds } from '../core/ids.js';
import { formatCents, formatUnits, type Cents, type Units } from '../core/money.js';
import { centsToUnits } from '../core/money.js';
import { holdings, unitsPerCent } from '../core/wallet.js';
import { addMonths, isOnRequest, payoutCurrency, payoutItems, planPayouts, type PayoutPlan, type PlanOptions } from '../core/payouts.js';
import type { Portal } from '../core/types.js';
import type { Store } from '../db/store.js';
import { balanceFormatter, heldCurrencies, parseCountArg, printJson, requirePortal } from './shared.js';
import { wrapText } from '../ui/wrap.js';
import { proseWidth } from '../ui/table.js';

export interface PayoutOptions {
  portal?: string | undefined;
}

interface PortalPlan {
  portal: Portal;
  currency: string;
  plan: PayoutPlan;
  /** Why the payout currency is not the configured one (an MR payout without an MR card). */
  note?: string | undefined;
  /** Units of `currency` paid per cent of cash back, for this wallet and config (SPEC 9.2). */
  perCent: number;
}

/**
 * `--portal`, else the portals with orders or bonuses (by id) — and, with `all`, every other portal
 * after them (by id): `payout next` shows each portal's next payout (SPEC), the active ones first.
 */
function portalsToShow(store: Store, portal: string | undefined, options: { all?: boolean } = {}): Portal[] {
  if (portal) return [requirePortal(store, portal)];
  const active = store
    .portalsWithActivity()
    .map((id) => store.portal(id))
    .filter((p): p is Portal => p !== undefined);
  if (!options.all) return active;
  const shown = new Set(active.map((p) => p.id));
  return [...active, ...store.portals().filter((p) => !shown.has(p.id))];
}

function plans(store: Store, portals: Portal[], options: PlanOptions): PortalPlan[] {
  const config = store.config();
  const isTravel = isTravelCategory(store.categories());
  // As in the stack: an MR payout needs an MR card in the wallet (the whole catalog for an empty wallet).
  const held = heldCurrencies(store);
  const wallet = holdings(store.walletCards(), store.cards());
  return portals.map((portal) => {
    const items = payoutItems(portal, store.payoutOrders(portal.id), store.bonuses(portal.id), isTravel);
    const currency = payoutCurrency(portal, config, held);
    const wanted = payoutCurrency(portal, config);
    const note =
      currency === wanted
        ? undefined
        : `${portal.name} pays ${wanted} only to ${wanted} cardholders and your wallet has no ${wanted} card: shown in ${currency}.`;
    const perCent = unitsPerCent(portal, currency, wallet, config) ?? 0;
    return { portal, currency, plan: planPayouts(portal.payout, items, options), note, perCent };
  });
}

/**
 * One upcoming payout as `perk payout next --json` prints it (SPEC section 6). `date` is null for an
 * on-request portal whose expected balance does not reach the minimum (SPEC 9.10).
 */
export interface PayoutView {
  portal: string;
  date: IsoDate | null;
  currency: string;
  confirmed_cents: Cents;
  expected_cents: Cents;
  possible_cents: Cents;
  minimum_cents: Cents;
  will_pay: boolean;
  likely_pay: boolean;
  units: Units;
}

export interface UpcomingView extends PayoutView {
  carried_in_cents: Cents;
  /** On the likely path: what this payout pays (0 below the minimum) and what it carries over (SPEC 9.9). */
  paid_cents: Cents;
  carried_cents: Cents;
}

function upcomingViews(list: PortalPlan[]): UpcomingView[] {
  return list.flatMap(({ portal, currency, plan, perCent }) =>
    plan.upcoming.map((u) => ({
      portal: portal.id,
      date: u.date,
      currency,
      confirmed_cents: u.confirmed_cents,
      expected_cents: u.expected_cents,
      possible_cents: u.possible_cents,
      minimum_cents: u.minimum_cents,
      will_pay: u.will_pay,
      likely_pay: u.likely_pay,
      units: centsToUnits(u.expected_cents, perCent),
      carried_in_cents: u.carried_in_cents,
      paid_cents: u.paid_cents,
      carried_cents: u.carried_cents,
    })),
  );
}

/** Exactly the SPEC fields, in the SPEC order. */
function specView(u: UpcomingView): PayoutView {
  return {
    portal: u.portal,
    date: u.date,
    currency: u.currency,
    confirmed_cents: u.confirmed_cents,
    expected_cents: u.expected_cents,
    possible_cents: u.possible_cents,
    minimum_cents: u.minimum_cents,
    will_pay: u.will_pay,
    likely_pay: u.likely_pay,
    units: u.units,
  };
}

function payoutText(u: { currency: string; units: Units }): string {
  return u.currency === 'USD' ? formatCents(u.units) : `${formatUnits(u.units)} ${u.currency}`;
}

function paysText(u: PayoutView): string {
  if (u.will_pay) return 'yes';
  if (u.likely_pay) return 'likely';
  if (u.possible_cents > 0 && u.possible_cents >= u.minimum_cents) return 'maybe';
  return 'no';
}

/** What an on-request portal's next payout means for the member (nothing for a calendar portal). */
function onRequestNote(p: PortalPlan, u: PayoutView | undefined, today: IsoDate): string | undefined {
  if (!isOnRequest(p.portal.payout) || !u || u.expected_cents <= 0) return undefined;
  const name = p.portal.name;
  const minimum = formatCents(u.minimum_cents);
  if (u.date === null) return `${name} pays on request: not paid until the ${name} balance reaches ${minimum} (${formatCents(u.expected_cents)} expected so far).`;
  if (u.will_pay && u.date === today) return `${name} pays on request: ${formatCents(u.confirmed_cents)} is confirmed, at least the ${minimum} minimum: ask ${name} for the payout now.`;
  return `${name} pays on request: the balance should reach the ${minimum} minimum by ${u.date}; ask ${name} for the payout then.`;
}

const NO_ACTIVITY = 'No orders or bonuses through a portal yet. Log one with: perk order add <retailer> <amount> --portal rakuten';

async function upcomingTable(views: UpcomingView[], ctx: Ctx): Promise<string> {
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const money = balanceFormatter(ctx.store().portals());
  return renderTable(
    ['portal', 'date', 'confirmed', 'expected', 'possible', 'minimum', 'pays', 'payout'],
    views.map((u) => {
      const pays = paysText(u);
      return [
        u.portal,
        u.date ?? c.dim('—'),
        money(u.portal, u.confirmed_cents),
        money(u.portal, u.expected_cents),
        money(u.portal, u.possible_cents),
        money(u.portal, u.minimum_cents),
        pays === 'yes' ? c.green(pays) : pays === 'likely' ? c.yellow(pays) : pays === 'no' ? c.dim(pays) : pays,
        pays === 'no' && u.expected_cents > 0 ? c.dim('—') : payoutText(u),
      ];
    }),
    // Narrow terminals leave out possible, minimum, confirmed, then payout (SPEC 13).
    { tty: ctx.tty, width: ctx.width, align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'right'], drop: [4, 5, 2, 7] },
  );
}

function nextPlans(options: PayoutOptions, ctx: Ctx): PortalPlan[] {
  const store = ctx.store();
  return plans(store, portalsToShow(store, options.portal, { all: true }), { today: ctx.today, count: 1 });
}

/** What `perk payout next --json` prints; also the MCP tool `payout_next` (commands/mcp). */
export function payoutNextJson(options: PayoutOptions, ctx: Ctx): { payouts: PayoutView[] } {
  return { payouts: upcomingViews(nextPlans(options, ctx)).map(specView) };
}

export async function runPayoutNext(options: PayoutOptions, ctx: Ctx): Promise<PayoutView[]> {
  if (ctx.json) {
    const doc = payoutNextJson(options, ctx);
    printJson(ctx, doc);
    return doc.payouts;
  }
  const store = ctx.store();
  const list = nextPlans(options, ctx);
  const views = upcomingViews(list);
  // Calendar portals without a date: today is so late (9999) that no payout date follows it.
  const undated = list.filter((p) => !isOnRequest(p.portal.payout) && !p.plan.upcoming.length).map((p) => p.portal.id);
  if (!views.length) {
    if (list.length) ctx.out(`No payout dates after ${ctx.today}.`);
    else ctx.out('No portals in the database. Load some with: perk init');
    return [];
  }
  if (undated.length) ctx.out(`No payout dates after ${ctx.today} for ${undated.join(', ')}.`);
  ctx.out(await upcomingTable(views, ctx));
  if (!options.portal && !store.portalsWithActivity().length) ctx.out(NO_ACTIVITY);
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const prose = proseWidth(ctx);
  for (const p of list) if (p.note) ctx.out(c.dim(wrapText(p.note, prose)));
  for (const u of views) {
    if (u.carried_in_cents > 0) {
      ctx.out(c.dim(wrapText(`${u.portal}: confirmed includes ${formatCents(u.carried_in_cents)} carried over (below the ${formatCents(u.minimum_cents)} minimum last time).`, prose)));
    }
  }
  for (const p of list) {
    const line = onRequestNote(p, views.find((v) => v.portal === p.portal.id), ctx.today);
    if (line) ctx.out(c.dim(wrapText(line)));
  }
  ctx.out(
    c.dim(
      wrapText(
        'Paid on the date: confirmed before it. Expected adds pending orders whose confirmation window ends before it; possible, those whose window has begun. Payout is the expected amount.',
        prose,
      ),
    ),
  );
  return views.map(specView);
}

export interface PayoutForecastOptions extends PayoutOptions {
  quarters?: string | undefined;
}

function forecast(options: PayoutForecastOptions, ctx: Ctx): { quarters: number; until: IsoDate; list: PortalPlan[]; views: UpcomingView[] } {
  const quarters = options.quarters === undefined ? 4 : parseCountArg(options.quarters, 'quarters', 40);
  const until = addMonths(ctx.today, quarters * 3);
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal), { today: ctx.today, until });
  // By date (an on-request balance that never reaches its minimum, with no date, last), then portal.
  const NO_DATE = '9999-12-31';
  const views = upcomingViews(list).sort((a, b) => {
    const da = a.date ?? NO_DATE;
    const db = b.date ?? NO_DATE;
    return da < db ? -1 : da > db ? 1 : a.portal.localeCompare(b.portal);
  });
  return { quarters, until, list, views };
}

/** What `perk payout forecast --json` prints; also the MCP tool `payout_forecast` (commands/mcp). */
export function payoutForecastJson(
  options: PayoutForecastOptions,
  ctx: Ctx,
): { date: IsoDate; quarters: number; until: IsoDate; payouts: UpcomingView[] } {
  const { quarters, until, views } = forecast(options, ctx);
  return { date: ctx.today, quarters, until, payouts: views };
}

export async function runPayoutForecast(options: PayoutForecastOptions, ctx: Ctx): Promise<UpcomingView[]> {
  if (ctx.json) {
    const doc = payoutForecastJson(options, ctx);
    printJson(ctx, doc);
    return doc.payouts;
  }
  const { quarters, until, list, views } = forecast(options, ctx);
  if (!views.length) {
    ctx.out(list.length ? `No payout dates before ${until}.` : NO_ACTIVITY);
    return views;
  }
  const { makeChalk } = await import('../ui/style.js');
  const { renderStackedBars } = await import('../ui/chart.js');
  const c = makeChalk(ctx.color);
  // A portal that pays more often than quarterly would fill the screen with empty months: its dates
  // with nothing possible are left out of the table and chart (not of --json), except its next one.
  const frequent = new Set(list.filter((p) => !isOnRequest(p.portal.payout) && new Set(p.portal.payout.months).size > 4).map((p) => p.portal.id));
  const firstOf = new Map<string, IsoDate | null>();
  for (const v of views) if (!firstOf.has(v.portal)) firstOf.set(v.portal, v.date);
  const shown = views.filter((v) => !frequent.has(v.portal) || v.possible_cents > 0 || firstOf.get(v.portal) === v.date);
  ctx.out(wrapText(`Payouts in the next ${quarters} quarter${quarters === 1 ? '' : 's'} (to ${until}):`, proseWidth(ctx)));
  ctx.out(await upcomingTable(shown, ctx));
  if (shown.length < views.length) {
    const hidden = views.length - shown.length;
    ctx.out(c.dim(wrapText(`${hidden} monthly payout date${hidden === 1 ? '' : 's'} with nothing due not shown (see --json).`, proseWidth(ctx))));
  }
  ctx.out('');
  const money = balanceFormatter(ctx.store().portals());
  const several = new Set(shown.map((v) => v.portal)).size > 1;
  const portalWidth = Math.max(...shown.map((v) => v.portal.length));
  ctx.out(
    renderStackedBars(
      shown.map((u) => {
        const date = u.date ?? 'below min';
        return {
          label: several ? `${u.portal.padEnd(portalWidth)} ${date}` : date,
          values: chartValues(u),
          note: chartNote(u, money),
          threshold: u.minimum_cents > 1 ? u.minimum_cents : undefined,
        };
      }),
      {
        width: Math.min(80, proseWidth(ctx)),
        segments: [
          { label: 'confirmed', fill: '█', color: ctx.color ? c.green : undefined },
          { label: 'expected', fill: '▓', color: ctx.color ? c.yellow : undefined },
          { label: 'possible', fill: '░', color: ctx.color ? c.dim : undefined },
        ],
        marker: { char: '¦', label: 'minimum' },
      },
    ),
  );
  return views;
}

/**
 * The bar of one payout: paid amounts only (SPEC 9.9). A payout that likely pays draws its confirmed and
 * expected parts; what might be paid besides (possible, when that reaches the minimum) is shaded; an
 * amount below the minimum, carried over, draws nothing.
 */
function chartValues(u: UpcomingView): number[] {
  const maybe = u.possible_cents > 0 && u.possible_cents >= u.minimum_cents ? u.possible_cents - u.paid_cents : 0;
  if (u.paid_cents <= 0) return [0, 0, Math.max(0, maybe)];
  return [Math.min(u.confirmed_cents, u.paid_cents), u.paid_cents - Math.min(u.confirmed_cents, u.paid_cents), Math.max(0, maybe)];
}

function chartNote(u: UpcomingView, money: (portal: string, cents: Cents) => string): string {
  const m = (cents: Cents) => money(u.portal, cents);
  if (u.paid_cents > 0) return `${m(u.paid_cents)}${u.possible_cents > u.paid_cents ? ` (up to ${m(u.possible_cents)})` : ''}`;
  if (u.possible_cents > 0 && u.possible_cents >= u.minimum_cents) return `maybe ${m(u.possible_cents)}`;
  return u.carried_cents > 0 ? `${m(u.carried_cents)} < min` : '';
}

export interface PastPayoutView {
  portal: string;
  date: IsoDate;
  currency: string;
  /** Confirmed and unpaid before the date (carry-over included). */
  total_cents: Cents;
  paid: boolean;
  paid_cents: Cents;
  carried_cents: Cents;
  /** Units paid, in today's payout currency. */
  units: Units;
}

export async function runPayoutHistory(options: PayoutOptions, ctx: Ctx): Promise<PastPayoutView[]> {
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal), { today: ctx.today, count: 1 });
  const history: PastPayoutView[] = list
    .flatMap(({ portal, currency, plan, perCent }) =>
      plan.history.map((h) => ({
        portal: portal.id,
        date: h.date,
        currency,
        total_cents: h.total_cents,
        paid: h.paid,
        paid_cents: h.paid_cents,
        carried_cents: h.carried_cents,
        units: centsToUnits(h.paid_cents, perCent),
      })),
    )
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : compareIds(a.portal, b.portal)));
  if (ctx.json) {
    printJson(ctx, { date: ctx.today, history });
    return history;
  }
  if (!history.length) {
    ctx.out(list.length ? `No payout before ${ctx.today} had anything confirmed to pay.` : NO_ACTIVITY);
    return history;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  const money = balanceFormatter(ctx.store().portals());
  ctx.out(
    renderTable(
      ['portal', 'date', 'due', 'paid', 'carried over', 'payout'],
      history.map((h) => [
        h.portal,
        h.date,
        money(h.portal, h.total_cents),
        h.paid ? c.green(money(h.portal, h.paid_cents)) : c.dim('—'),
        h.carried_cents ? c.yellow(money(h.portal, h.carried_cents)) : '',
        h.paid ? payoutText(h) : '',
      ]),
      // Narrow terminals leave out carried over, then payout (SPEC 13).
      { tty: ctx.tty, width: ctx.width, align: ['left', 'left', 'right', 'right', 'right', 'right'], drop: [4, 5] },
    ),
  );
  ctx.out(c.dim(wrapText('Derived from the order log: each date pays what was confirmed before it, if that reaches the minimum; otherwise it carries over.', proseWidth(ctx))));
  const onRequest = list.filter((p) => isOnRequest(p.portal.payout)).map((p) => p.portal.name);
  if (onRequest.length) {
    ctx.out(
      c.dim(
        wrapText(
          `${onRequest.join(' and ')} ${onRequest.length === 1 ? 'pays' : 'pay'} on request: shown as asked for on the first day the confirmed balance reached the minimum.`,
          proseWidth(ctx),
        ),
      ),
    );
  }
  return history;
}
