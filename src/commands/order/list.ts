/** `perk order list`: the order log as a table (or JSON), with the orders that need action flagged. */
import { safeText } from '../../ui/safe-text.js';
import type { Ctx } from '../../context.js';
import type { IsoDate } from '../../core/dates.js';
import { formatCents } from '../../core/money.js';
import { isOrderStatus, orderFlags, type OrderFlag } from '../../core/orders.js';
import { isTravelCategory } from '../../core/caps.js';
import { confirmWindow, orderCashBack } from '../../core/payouts.js';
import type { Order, OrderStatus } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import { balanceFormatter, parseDateArg, printJson, requireCard, requirePortal } from '../shared.js';

export interface OrderListOptions {
  status?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  portal?: string | undefined;
  card?: string | undefined;
}

export interface ListedOrder extends Order {
  flags: OrderFlag[];
  /** Whether a portal payout is still to come: false without a portal (nothing to confirm) or when settled. */
  awaiting_payout: boolean;
}

export function parseStatus(text: string, flag: string): OrderStatus {
  if (!isOrderStatus(text)) throw new UsageError(`--${flag} must be pending, confirmed or ineligible (got "${text}").`);
  return text;
}

/** Flags of orders, with each portal's confirmation windows looked up once. */
function flagger(store: Store, today: IsoDate): (o: Order) => OrderFlag[] {
  const portals = new Map(store.portals().map((p) => [p.id, p]));
  const isTravel = isTravelCategory(store.categories());
  return (o) => {
    const portal = o.portal ? portals.get(o.portal) : undefined;
    const window = portal ? confirmWindow(portal.confirm_days, o.channel, isTravel(o.category)) : undefined;
    return orderFlags(o, window, today);
  };
}

export async function runOrderList(options: OrderListOptions, ctx: Ctx): Promise<ListedOrder[]> {
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const since = options.since === undefined ? undefined : parseDateArg(options.since, 'since');
  const until = options.until === undefined ? undefined : parseDateArg(options.until, 'until');
  if (since && until && until < since) throw new UsageError(`--until (${until}) is before --since (${since}).`);
  const store = ctx.store();
  if (options.portal !== undefined) requirePortal(store, options.portal);
  if (options.card !== undefined) requireCard(store, options.card);
  const flagsOf = flagger(store, ctx.today);
  // An order without a portal has no payout to wait for: never "pending" (SPEC 6 statuses are the portal's).
  const orders: ListedOrder[] = store
    .orders({ status, since, until, portal: options.portal, card: options.card })
    .filter((o) => status !== 'pending' || o.portal)
    .map((o) => ({ ...o, flags: flagsOf(o), awaiting_payout: Boolean(o.portal) && o.status === 'pending' }));
  if (ctx.json) {
    printJson(ctx, { orders });
    return orders;
  }
  if (!orders.length) {
    ctx.out('No orders match.');
    if (!store.orderCount()) ctx.out('Log one with: perk order add <retailer> <amount> --card <id> --portal <id>');
    return orders;
  }
  const { renderTable } = await import('../../ui/table.js');
  const { makeChalk } = await import('../../ui/style.js');
  const c = makeChalk(ctx.color);
  const money = balanceFormatter(store.portals());
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
  ctx.out(
    renderTable(['id', 'date', 'retailer', 'amount', 'card', 'portal', 'cash back', 'status', 'action / note'], rows, {
      tty: ctx.tty,
      width: ctx.width,
      align: ['right', 'left', 'left', 'right', 'left', 'left', 'right', 'left', 'left'],
      // Narrow terminals (SPEC 13): the note and the retailer are shortened, then card, portal, date,
      // amount and cash back are left out (perk order list --json or a pipe has them all).
      cut: [8, 2],
      drop: [4, 5, 1, 3, 6],
    }),
  );
  const flagged = orders.filter((o) => o.flags.length).length;
  // A miles portal's balance is miles, not cents: the total is of the cash-back portals only.
  const expected = orders
    .filter((o) => o.status !== 'ineligible' && money(o.portal, 1) === formatCents(1))
    .reduce((s, o) => s + orderCashBack(o), 0);
  ctx.out(
    c.dim(
      `${orders.length.toLocaleString('en-US')} order${orders.length === 1 ? '' : 's'}, ${formatCents(expected)} cash back (credited, else expected)` +
        (flagged ? `; ${flagged} need${flagged === 1 ? 's' : ''} action (marked !)` : ''),
    ),
  );
  return orders;
}
