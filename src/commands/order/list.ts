/** `perk order list`: the order log as a table (or JSON), with the orders that need action flagged. */
import type { Ctx } from '../../context.js';
import type { IsoDate } from '../../core/dates.js';
import { awaitingPayout, cashBackTotal, orderFlags, type ListedOrder, type OrderFlag } from '../../core/orders.js';
import { isTravelCategory } from '../../core/caps.js';
import { confirmWindow } from '../../core/payouts.js';
import type { Order } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import { print } from '../../ui/printout.js';
import { parseDateArg, printJson, requireCard, requirePortal } from '../shared.js';
import { parseStatus } from './status.js';

export type { ListedOrder };

export interface OrderListOptions {
  status?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  portal?: string | undefined;
  card?: string | undefined;
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
    .filter((o) => status !== 'pending' || awaitingPayout(o))
    .map((o) => ({ ...o, flags: flagsOf(o), awaiting_payout: awaitingPayout(o) }));
  if (ctx.json) {
    printJson(ctx, { orders });
    return orders;
  }
  const portals = store.portals();
  const { renderOrderList } = await import('../../ui/orders-view.js');
  print(
    ctx,
    renderOrderList(
      { orders, logEmpty: !orders.length && !store.orderCount(), portals, cash_back_cents: cashBackTotal(orders, portals) },
      ctx,
    ),
  );
  return orders;
}
