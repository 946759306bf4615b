/**
 * Human views of `perk order add|list|confirm|set|remove|import`, drawn from the same result objects as
 * their JSON. Each returns the lines to print (stdout, and warnings for stderr).
 */
import type { IsoDate } from '../core/dates.js';
import { formatCents, type Cents } from '../core/money.js';
import type { OrderAddResult } from '../core/order-entry.js';
import { shortCredit, type ListedOrder } from '../core/orders.js';
import { isOnRequest, PAYOUT_HORIZON, type OrderPayoutTiming } from '../core/payouts.js';
import type { Order, Portal } from '../core/types.js';
import { balanceFormatter } from './balance.js';
import type { Printout } from './printout.js';
import { safeText } from './safe-text.js';
import { makeChalk } from './style.js';
import { renderTable } from './table.js';
import type { ViewOptions } from './valuation-view.js';

/** `perk order add`: the result and what its sentences name besides (the retailer, the price, the portal and its timing). */
export interface OrderAddView {
  result: OrderAddResult;
  retailer_name: string;
  /** The price after promos. */
  price_cents: Cents;
  portal?: Portal | undefined;
  timing?: OrderPayoutTiming | undefined;
}

export function renderOrderAdded(view: OrderAddView, options: ViewOptions): Printout {
  const { result, portal, timing } = view;
  const { order, expected } = result;
  const c = makeChalk(options.color);
  const out: string[] = [];
  const parts = [`${formatCents(order.amount_cents)} at ${safeText(view.retailer_name)} on ${order.date}`];
  if (order.card) parts.push(`with ${order.card}`);
  if (order.portal) parts.push(`through ${order.portal}`);
  out.push(`Logged order ${c.bold(String(order.id))}: ${parts.join(' ')}.`);
  if (result.promos.length) {
    out.push(`  promos: ${result.promos.map((p) => `${p.code} −${formatCents(p.discount_cents)}`).join(', ')} → price ${formatCents(view.price_cents)}`);
  }
  if (order.giftcard_cents) {
    out.push(`  gift card: ${formatCents(order.giftcard_cents)} (${result.giftcards.map((g) => `${g.id} left ${formatCents(g.balance_after_cents)}`).join(', ')}); charged ${formatCents(order.charged_cents)}`);
  }
  if (order.offer) out.push(`  offer: ${order.offer}`);
  if (order.portal) {
    const money = balanceFormatter(portal ? [portal] : []);
    const rate = expected.rate ? ` (${expected.rate})` : '';
    const pieces = [`${money(order.portal, expected.portal_cents)}${rate}`];
    if (expected.card_cents) pieces.push(`${formatCents(expected.card_cents)} ${order.card} earn`);
    out.push(`  expected cash back: ${c.green(money(order.portal, order.expected_cents))}${pieces.length > 1 ? ` = ${pieces.join(' + ')}` : rate}`);
    if (timing && portal) {
      const trip = order.trip_end ? ` (counted from the trip's end, ${order.trip_end})` : '';
      out.push(c.dim(`  should confirm by ${timing.confirm_by}${trip}; ${payoutSentence(portal, timing)}`));
    }
  }
  return { out, err: result.warnings.map((w) => `${c.yellow('warning:')} ${safeText(w)}`) };
}

/** When the order is likely paid, or plainly why it is not (a balance below the minimum). */
function payoutSentence(portal: Portal, timing: OrderPayoutTiming): string {
  const onRequest = isOnRequest(portal.payout);
  if (timing.payout) return `likely paid ${timing.payout}${onRequest ? ` (${portal.name} pays on request: ask for it then)` : ''}`;
  if (timing.why === 'confirms_later') return `paid after the next ${PAYOUT_HORIZON} payouts`;
  const minimum = formatCents(portal.payout.minimum_cents);
  return onRequest
    ? `not paid until the ${portal.name} balance reaches ${minimum}`
    : `not paid in the next ${PAYOUT_HORIZON} payouts: not paid until the ${portal.name} balance reaches ${minimum}`;
}

/** `perk order list`: the orders, whether the log has any at all, the portals (for miles balances) and the cash-back total. */
export interface OrderListView {
  orders: ListedOrder[];
  logEmpty: boolean;
  portals: readonly Portal[];
  /** Credited, else expected, of the orders that count, at cash-back portals (a miles balance is not cents). */
  cash_back_cents: Cents;
}

export function renderOrderList(view: OrderListView, options: ViewOptions): Printout {
  const { orders } = view;
  if (!orders.length) {
    return { out: ['No orders match.', ...(view.logEmpty ? ['Log one with: perk order add <retailer> <amount> --card <id> --portal <id>'] : [])], err: [] };
  }
  const c = makeChalk(options.color);
  const money = balanceFormatter(view.portals);
  const rows = orders.map((o) => [
    String(o.id),
    o.date,
    o.retailer,
    formatCents(o.amount_cents),
    o.card ?? '',
    o.portal ?? '',
    o.actual_cents !== null && o.actual_cents !== undefined ? money(o.portal, o.actual_cents) : c.dim(money(o.portal, o.expected_cents)),
    !o.portal && o.status === 'pending'
      ? c.dim('no portal')
      : o.status === 'confirmed'
        ? c.green(`confirmed ${o.confirmed_on ?? ''}`.trim())
        : o.status === 'ineligible'
          ? c.red('ineligible')
          : 'pending',
    o.flags.map((f) => (f.code === 'overdue' ? c.yellow(`! ${f.message}`) : c.red(`! ${f.message}`))).join('; ') || (o.note ? c.dim(safeText(o.note)) : ''),
  ]);
  const table = renderTable(['id', 'date', 'retailer', 'amount', 'card', 'portal', 'cash back', 'status', 'action / note'], rows, {
    tty: options.tty,
    width: options.width,
    align: ['right', 'left', 'left', 'right', 'left', 'left', 'right', 'left', 'left'],
    // Narrow terminals (SPEC 13): the note and the retailer are shortened, then card, portal, date,
    // amount and cash back are left out (perk order list --json or a pipe has them all).
    cut: [8, 2],
    drop: [4, 5, 1, 3, 6],
  });
  const flagged = orders.filter((o) => o.flags.length).length;
  const summary =
    `${orders.length.toLocaleString('en-US')} order${orders.length === 1 ? '' : 's'}, ${formatCents(view.cash_back_cents)} cash back (credited, else expected)` +
    (flagged ? `; ${flagged} need${flagged === 1 ? 's' : ''} action (marked !)` : '');
  return { out: [table, c.dim(summary)], err: [] };
}

/**
 * `perk order confirm|set`: the order as it is now, and a warning when it was credited short. `portals`:
 * the order's portal, so a miles portal's amounts read in miles (ui/balance.ts).
 */
export function renderOrderChanged(after: Order, verb: string, options: ViewOptions, portals: readonly Portal[] = []): Printout {
  const c = makeChalk(options.color);
  const money = balanceFormatter(portals);
  const bits = [`${after.status}${after.status === 'confirmed' && after.confirmed_on ? ` on ${after.confirmed_on}` : ''}`];
  if (after.actual_cents !== null && after.actual_cents !== undefined) bits.push(`credited ${money(after.portal, after.actual_cents)}`);
  const out = [`${verb} order ${c.bold(String(after.id))} (${after.retailer} ${formatCents(after.amount_cents)} on ${after.date}): ${bits.join(', ')}.`];
  const short = shortCredit(after);
  const err = short > 0 ? [`${c.yellow('warning:')} credited ${money(after.portal, short)} less than the ${money(after.portal, after.expected_cents)} expected: ask the portal.`] : [];
  return { out, err };
}

/** What `perk order remove` did: the order, and what each gift card got back. */
export interface OrderRemoved {
  order: Order;
  restored: Array<{ id: string; back_cents: Cents; balance_cents: Cents }>;
}

export function renderOrderRemoved({ order, restored }: OrderRemoved): Printout {
  return {
    out: [
      `Removed order ${order.id} (${order.retailer} ${formatCents(order.amount_cents)} on ${order.date}).`,
      ...restored.map((r) => `Gift card ${r.id}: ${formatCents(r.back_cents)} back, balance ${formatCents(r.balance_cents)}.`),
    ],
    err: [],
  };
}

/** What `perk order import --json` prints. */
export interface OrderImportResult {
  file: string;
  imported: number;
  first_id: number | null;
  last_id: number | null;
  expected_cents: Cents;
  /** Warnings of the rows (at most 100, each naming its line) and how many there were in all. */
  warnings: string[];
  warnings_total: number;
  /** An `order export` CSV (it has ids): how many rows matched an order of that id and replaced it. */
  matched?: number;
}

export function renderOrderImported(result: OrderImportResult): Printout {
  const n = result.imported;
  if (result.matched !== undefined) {
    return {
      out: [
        `Imported ${n.toLocaleString('en-US')} exported order${n === 1 ? '' : 's'} from ${result.file}: ` +
          `${n - result.matched} added, ${result.matched} matched by id and updated; ${formatCents(result.expected_cents)} cash back expected.`,
      ],
      err: [],
    };
  }
  const err = result.warnings.slice(0, 5).map((w) => `warning: ${safeText(w)}`);
  if (result.warnings_total > 5) err.push(`… and ${(result.warnings_total - 5).toLocaleString('en-US')} more warnings (see --json).`);
  return {
    out: [
      `Imported ${n.toLocaleString('en-US')} order${n === 1 ? '' : 's'} from ${result.file}` +
        (result.first_id !== null ? ` (ids ${result.first_id}–${result.last_id}), ${formatCents(result.expected_cents)} cash back expected.` : '.'),
    ],
    err,
  };
}

/** `perk bonus list`. */
export function renderBonusList(bonuses: ReadonlyArray<{ id: number; date: IsoDate; portal: string; amount_cents: Cents; status: string; confirmed_on?: IsoDate | null | undefined; note?: string | null | undefined }>, options: ViewOptions): Printout {
  if (!bonuses.length) return { out: ['No bonuses. Log one with: perk bonus add rakuten 30 --note "welcome bonus"'], err: [] };
  const table = renderTable(
    ['id', 'date', 'portal', 'amount', 'status', 'note'],
    bonuses.map((b) => [
      String(b.id),
      b.date,
      b.portal,
      formatCents(b.amount_cents),
      b.status === 'confirmed' ? `confirmed ${b.confirmed_on ?? ''}`.trim() : b.status,
      b.note ? safeText(b.note) : '',
    ]),
    { tty: options.tty, width: options.width, align: ['right', 'left', 'left', 'right', 'left', 'left'], cut: [5], drop: [5, 1] },
  );
  return { out: [table], err: [] };
}
