/**
 * Human views of `perk payout next|forecast|history`, drawn from the same payout views as their JSON:
 * tables fitted to the terminal, notes wrapped to it, and the forecast's bar chart.
 */
import type { IsoDate } from '../core/dates.js';
import { formatCents, formatUnits, type Cents, type Units } from '../core/money.js';
import { isOnRequest } from '../core/payouts.js';
import { mayPay, paysMoreThanQuarterly, paysWord, type PastPayoutView, type PayoutView, type PortalPlan, type UpcomingView } from '../core/payout-report.js';
import type { Portal } from '../core/types.js';
import { balanceFormatter, type BalanceFormat } from './balance.js';
import { renderStackedBars } from './chart.js';
import type { Printout } from './printout.js';
import { makeChalk } from './style.js';
import { proseWidth, renderTable } from './table.js';
import type { ViewOptions } from './valuation-view.js';
import { wrapText } from './wrap.js';

/** What a payout view draws: the portal plans shown, their payouts, and every portal (for miles balances). */
export interface PayoutsView<V> {
  list: readonly PortalPlan[];
  views: readonly V[];
  portals: readonly Portal[];
  today: IsoDate;
}

export const NO_ACTIVITY = 'No orders or bonuses through a portal yet. Log one with: perk order add <retailer> <amount> --portal rakuten';

const FOOTNOTE =
  'Paid on the date: confirmed before it. Expected adds pending orders whose confirmation window ends before it; possible, those whose window has begun. Payout is the expected amount.';

function payoutText(u: { currency: string; units: Units }): string {
  return u.currency === 'USD' ? formatCents(u.units) : `${formatUnits(u.units)} ${u.currency}`;
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

function upcomingTable(views: readonly UpcomingView[], money: BalanceFormat, options: ViewOptions): string {
  const c = makeChalk(options.color);
  return renderTable(
    ['portal', 'date', 'confirmed', 'expected', 'possible', 'minimum', 'pays', 'payout'],
    views.map((u) => {
      const pays = paysWord(u);
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
    { tty: options.tty, width: options.width, align: ['left', 'left', 'right', 'right', 'right', 'right', 'left', 'right'], drop: [4, 5, 2, 7] },
  );
}

/** `perk payout next`: `noActivity` when no portal has orders or bonuses (and none was asked for). */
export function renderPayoutNext(view: PayoutsView<UpcomingView> & { noActivity: boolean }, options: ViewOptions): Printout {
  const { list, views, today } = view;
  // Calendar portals without a date: today is so late (9999) that no payout date follows it.
  const undated = list.filter((p) => !isOnRequest(p.portal.payout) && !p.plan.upcoming.length).map((p) => p.portal.id);
  if (!views.length) return { out: [list.length ? `No payout dates after ${today}.` : 'No portals in the database. Load some with: perk init'], err: [] };
  const out: string[] = [];
  if (undated.length) out.push(`No payout dates after ${today} for ${undated.join(', ')}.`);
  out.push(upcomingTable(views, balanceFormatter(view.portals), options));
  if (view.noActivity) out.push(NO_ACTIVITY);
  const c = makeChalk(options.color);
  const prose = proseWidth(options);
  for (const p of list) if (p.note) out.push(c.dim(wrapText(p.note, prose)));
  for (const u of views) {
    if (u.carried_in_cents > 0) {
      out.push(c.dim(wrapText(`${u.portal}: confirmed includes ${formatCents(u.carried_in_cents)} carried over (below the ${formatCents(u.minimum_cents)} minimum last time).`, prose)));
    }
  }
  for (const p of list) {
    const line = onRequestNote(p, views.find((v) => v.portal === p.portal.id), today);
    if (line) out.push(c.dim(wrapText(line, prose)));
  }
  out.push(c.dim(wrapText(FOOTNOTE, prose)));
  return { out, err: [] };
}

/**
 * The bar of one payout: paid amounts only (SPEC 9.9). A payout that likely pays draws its confirmed and
 * expected parts; what might be paid besides (possible, when that reaches the minimum) is shaded; an
 * amount below the minimum, carried over, draws nothing.
 */
function chartValues(u: UpcomingView): number[] {
  const maybe = mayPay(u) ? u.possible_cents - u.paid_cents : 0;
  if (u.paid_cents <= 0) return [0, 0, Math.max(0, maybe)];
  return [Math.min(u.confirmed_cents, u.paid_cents), u.paid_cents - Math.min(u.confirmed_cents, u.paid_cents), Math.max(0, maybe)];
}

function chartNote(u: UpcomingView, money: BalanceFormat): string {
  const m = (cents: Cents) => money(u.portal, cents);
  if (u.paid_cents > 0) return `${m(u.paid_cents)}${u.possible_cents > u.paid_cents ? ` (up to ${m(u.possible_cents)})` : ''}`;
  if (mayPay(u)) return `maybe ${m(u.possible_cents)}`;
  return u.carried_cents > 0 ? `${m(u.carried_cents)} < min` : '';
}

/** `perk payout forecast`: the table and the bar chart of the next `quarters` quarters (to `until`). */
export function renderPayoutForecast(view: PayoutsView<UpcomingView> & { quarters: number; until: IsoDate }, options: ViewOptions): Printout {
  const { list, views, quarters, until } = view;
  if (!views.length) return { out: [list.length ? `No payout dates before ${until}.` : NO_ACTIVITY], err: [] };
  const c = makeChalk(options.color);
  const prose = proseWidth(options);
  // A portal that pays more often than quarterly would fill the screen with empty months: its dates
  // with nothing possible are left out of the table and chart (not of --json), except its next one.
  const frequent = new Set(list.filter((p) => paysMoreThanQuarterly(p.portal.payout)).map((p) => p.portal.id));
  const firstOf = new Map<string, IsoDate | null>();
  for (const v of views) if (!firstOf.has(v.portal)) firstOf.set(v.portal, v.date);
  const shown = views.filter((v) => !frequent.has(v.portal) || v.possible_cents > 0 || firstOf.get(v.portal) === v.date);
  const money = balanceFormatter(view.portals);
  const out = [wrapText(`Payouts in the next ${quarters} quarter${quarters === 1 ? '' : 's'} (to ${until}):`, prose), upcomingTable(shown, money, options)];
  if (shown.length < views.length) {
    const hidden = views.length - shown.length;
    out.push(c.dim(wrapText(`${hidden} monthly payout date${hidden === 1 ? '' : 's'} with nothing due not shown (see --json).`, prose)));
  }
  out.push('');
  const several = new Set(shown.map((v) => v.portal)).size > 1;
  const portalWidth = Math.max(...shown.map((v) => v.portal.length));
  out.push(
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
        width: Math.min(80, prose),
        segments: [
          { label: 'confirmed', fill: '█', color: options.color ? c.green : undefined },
          { label: 'expected', fill: '▓', color: options.color ? c.yellow : undefined },
          { label: 'possible', fill: '░', color: options.color ? c.dim : undefined },
        ],
        marker: { char: '¦', label: 'minimum' },
      },
    ),
  );
  return { out, err: [] };
}

/** `perk payout history`. */
export function renderPayoutHistory(view: PayoutsView<PastPayoutView>, options: ViewOptions): Printout {
  const { list, views: history, today } = view;
  if (!history.length) return { out: [list.length ? `No payout before ${today} had anything confirmed to pay.` : NO_ACTIVITY], err: [] };
  const c = makeChalk(options.color);
  const prose = proseWidth(options);
  const money = balanceFormatter(view.portals);
  const out = [
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
      { tty: options.tty, width: options.width, align: ['left', 'left', 'right', 'right', 'right', 'right'], drop: [4, 5] },
    ),
    c.dim(wrapText('Derived from the order log: each date pays what was confirmed before it, if that reaches the minimum; otherwise it carries over.', prose)),
  ];
  const onRequest = list.filter((p) => isOnRequest(p.portal.payout)).map((p) => p.portal.name);
  if (onRequest.length) {
    out.push(c.dim(wrapText(`${onRequest.join(' and ')} ${onRequest.length === 1 ? 'pays' : 'pay'} on request: shown as asked for on the first day the confirmed balance reached the minimum.`, prose)));
  }
  return { out, err: [] };
}
