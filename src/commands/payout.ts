/**
 * `perk payout [next] | forecast | history`: each portal's payouts from the order log (SPEC section 6).
 * The rules are in core/payouts.ts; this module reads the log, calls them and prints.
 */
import type { Ctx } from '../context.js';
import type { IsoDate } from '../core/dates.js';
import { isTravelCategory } from '../core/caps.js';
import { compareIds } from '../core/ids.js';
import { formatCents, formatUnits, type Cents, type Units } from '../core/money.js';
import { addMonths, payoutCurrency, payoutItems, payoutUnits, planPayouts, type PayoutPlan, type PlanOptions } from '../core/payouts.js';
import type { Portal } from '../core/types.js';
import type { Store } from '../db/store.js';
import { heldCurrencies, parseCountArg, printJson, requirePortal } from './shared.js';
import { wrapText } from '../ui/wrap.js';

export interface PayoutOptions {
  portal?: string | undefined;
}

interface PortalPlan {
  portal: Portal;
  currency: string;
  plan: PayoutPlan;
  /** Why the payout currency is not the configured one (an MR payout without an MR card). */
  note?: string | undefined;
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
  return portals.map((portal) => {
    const items = payoutItems(portal, store.ordersForPortal(portal.id), store.bonuses(portal.id), isTravel);
    const currency = payoutCurrency(portal, config, held);
    const wanted = payoutCurrency(portal, config);
    const note =
      currency === wanted
        ? undefined
        : `${portal.name} pays ${wanted} only to ${wanted} cardholders and your wallet has no ${wanted} card: shown in ${currency}.`;
    return { portal, currency, plan: planPayouts(portal.payout, items, options), note };
  });
}

/** One upcoming payout as `perk payout next --json` prints it (SPEC section 6). */
export interface PayoutView {
  portal: string;
  date: IsoDate;
  currency: string;
  confirmed_cents: Cents;
  expected_cents: Cents;
  possible_cents: Cents;
  minimum_cents: Cents;
  will_pay: boolean;
  likely_pay: boolean;
  units: Units;
}

interface UpcomingView extends PayoutView {
  carried_in_cents: Cents;
}

function upcomingViews(list: PortalPlan[]): UpcomingView[] {
  return list.flatMap(({ portal, currency, plan }) =>
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
      units: payoutUnits(portal, currency, u.expected_cents),
      carried_in_cents: u.carried_in_cents,
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

const NO_ACTIVITY = 'No orders or bonuses through a portal yet. Log one with: perk order add <retailer> <amount> --portal rakuten';

async function upcomingTable(views: UpcomingView[], ctx: Ctx): Promise<string> {
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  return renderTable(
    ['portal', 'date', 'confirmed', 'expected', 'possible', 'minimum', 'pays', 'payout'],
    views.map((u) => {
      const pays = paysText(u);
      return [
        u.portal,
        u.date,
        formatCents(u.confirmed_cents),
        formatCents(u.expected_cents),
        formatCents(u.possible_cents),
        formatCents(u.minimum_cents),
        pays === 'yes' ? c.green(pays) : pays === 'likely' ? c.yellow(pays) : pays === 'no' ? c.dim(pays) : pays,
        payoutText(u),
      ];
    }),
    { tty: ctx.tty, align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'right'] },
  );
}

export async function runPayoutNext(options: PayoutOptions, ctx: Ctx): Promise<PayoutView[]> {
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal, { all: true }), { today: ctx.today, count: 1 });
  const views = upcomingViews(list);
  if (ctx.json) {
    printJson(ctx, { payouts: views.map(specView) });
    return views.map(specView);
  }
  if (!views.length) {
    // Portals but no dates: today is so late (9999) that no payout date follows it.
    if (list.length) ctx.out(`No payout dates after ${ctx.today}.`);
    else ctx.out('No portals in the database. Load some with: perk init');
    return [];
  }
  ctx.out(await upcomingTable(views, ctx));
  if (!options.portal && !store.portalsWithActivity().length) ctx.out(NO_ACTIVITY);
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  for (const p of list) if (p.note) ctx.out(c.dim(p.note));
  for (const u of views) {
    if (u.carried_in_cents > 0) ctx.out(c.dim(`${u.portal}: confirmed includes ${formatCents(u.carried_in_cents)} carried over (below the ${formatCents(u.minimum_cents)} minimum last time).`));
  }
  ctx.out(
    c.dim(
      wrapText(
        'Paid on the date: confirmed before it. Expected adds pending orders whose confirmation window ends before it; possible, those whose window has begun. Payout is the expected amount.',
      ),
    ),
  );
  return views.map(specView);
}

export interface PayoutForecastOptions extends PayoutOptions {
  quarters?: string | undefined;
}

export async function runPayoutForecast(options: PayoutForecastOptions, ctx: Ctx): Promise<UpcomingView[]> {
  const quarters = options.quarters === undefined ? 4 : parseCountArg(options.quarters, 'quarters', 40);
  const until = addMonths(ctx.today, quarters * 3);
  const store = ctx.store();
  const list = plans(store, portalsToShow(store, options.portal), { today: ctx.today, until });
  const views = upcomingViews(list).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.portal.localeCompare(b.portal)));
  if (ctx.json) {
    printJson(ctx, { date: ctx.today, quarters, until, payouts: views });
    return views;
  }
  if (!views.length) {
    ctx.out(list.length ? `No payout dates before ${until}.` : NO_ACTIVITY);
    return views;
  }
  const { makeChalk } = await import('../ui/style.js');
  const { renderStackedBars } = await import('../ui/chart.js');
  const c = makeChalk(ctx.color);
  // A portal that pays more often than quarterly would fill the screen with empty months: its dates
  // with nothing possible are left out of the table and chart (not of --json), except its next one.
  const frequent = new Set(list.filter((p) => new Set(p.portal.payout.months).size > 4).map((p) => p.portal.id));
  const firstOf = new Map<string, IsoDate>();
  for (const v of views) if (!firstOf.has(v.portal)) firstOf.set(v.portal, v.date);
  const shown = views.filter((v) => !frequent.has(v.portal) || v.possible_cents > 0 || firstOf.get(v.portal) === v.date);
  ctx.out(`Payouts in the next ${quarters} quarter${quarters === 1 ? '' : 's'} (to ${until}):`);
  ctx.out(await upcomingTable(shown, ctx));
  if (shown.length < views.length) {
    const hidden = views.length - shown.length;
    ctx.out(c.dim(`${hidden} monthly payout date${hidden === 1 ? '' : 's'} with nothing due not shown (see --json).`));
  }
  ctx.out('');
  const several = new Set(shown.map((v) => v.portal)).size > 1;
  const portalWidth = Math.max(...shown.map((v) => v.portal.length));
  ctx.out(
    renderStackedBars(
      shown.map((u) => ({
        label: several ? `${u.portal.padEnd(portalWidth)} ${u.date}` : u.date,
        values: [u.confirmed_cents, u.expected_cents - u.confirmed_cents, u.possible_cents - u.expected_cents],
        note: `${formatCents(u.expected_cents)}${u.possible_cents > u.expected_cents ? ` (up to ${formatCents(u.possible_cents)})` : ''}`,
        threshold: u.minimum_cents > 1 ? u.minimum_cents : undefined,
      })),
      {
        width: 80,
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
    .flatMap(({ portal, currency, plan }) =>
      plan.history.map((h) => ({
        portal: portal.id,
        date: h.date,
        currency,
        total_cents: h.total_cents,
        paid: h.paid,
        paid_cents: h.paid_cents,
        carried_cents: h.carried_cents,
        units: payoutUnits(portal, currency, h.paid_cents),
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
  ctx.out(
    renderTable(
      ['portal', 'date', 'due', 'paid', 'carried over', 'payout'],
      history.map((h) => [
        h.portal,
        h.date,
        formatCents(h.total_cents),
        h.paid ? c.green(formatCents(h.paid_cents)) : c.dim('—'),
        h.carried_cents ? c.yellow(formatCents(h.carried_cents)) : '',
        h.paid ? payoutText(h) : '',
      ]),
      { tty: ctx.tty, align: ['left', 'left', 'right', 'right', 'right', 'right'] },
    ),
  );
  ctx.out(c.dim(wrapText('Derived from the order log: each date pays what was confirmed before it, if that reaches the minimum; otherwise it carries over.')));
  return history;
}
