/** `perk order confirm|set|remove`: change or remove one logged order, each in one transaction. */
import type { Ctx } from '../../context.js';
import { giftCardRefunds } from '../../core/giftcards.js';
import { changeOrder as changedOrder } from '../../core/orders.js';
import type { Order } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import type { OrderRemoved } from '../../ui/orders-view.js';
import { print } from '../../ui/printout.js';
import { parseAmountArg, parseDateArg, printJson } from '../shared.js';
import { parseRecordId, parseStatus, statusProblem } from './status.js';

function requireOrder(store: Store, id: number): Order {
  const order = store.order(id);
  if (!order) throw new UsageError(`There is no order ${id}.`, 'See "perk order list".');
  return order;
}

export interface OrderSetOptions {
  id: string;
  status?: string | undefined;
  cashback?: string | undefined;
  date?: string | undefined;
}

/** The order after a change of status, credited amount or confirmation date (core/orders.ts changeOrder), or the usage error. */
function changed(order: Order, options: OrderSetOptions, today: string): Order {
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const date = options.date === undefined ? undefined : parseDateArg(options.date, 'date');
  const cashback = options.cashback === undefined ? undefined : parseAmountArg(options.cashback, '--cashback', { allowZero: true });
  const change = changedOrder(order, { status, date, cashback }, today);
  if ('order' in change) return change.order;
  switch (change.problem) {
    case 'no_portal':
      throw new UsageError(`Order ${order.id} was not made through a portal: there is no cash back to confirm or wait for.`, 'Only orders with --portal have a payout status.');
    case 'nothing':
      throw new UsageError('Nothing to change.', 'Pass --status pending|confirmed|ineligible, --cashback <amount> or --date <YYYY-MM-DD>.');
    case 'pending_with_cashback':
      throw new UsageError('--status pending and --cashback cannot go together: a pending order has not been credited yet.', 'Set the credited amount with --status confirmed --cashback <amount>.');
    default:
      throw statusProblem('order', order, change.problem, change.date ?? today, today);
  }
}

/** Change one order in a transaction (refused changes write nothing), then say what it is now. */
async function changeOrder(options: OrderSetOptions, ctx: Ctx, verb: string): Promise<Order> {
  const id = parseRecordId(options.id, 'order');
  const store = ctx.store();
  const after = store.write(() => {
    const after = changed(requireOrder(store, id), options, ctx.today);
    store.saveOrder(after);
    return after;
  });
  if (ctx.json) printJson(ctx, { order: after });
  else {
    const { renderOrderChanged } = await import('../../ui/orders-view.js');
    const portal = after.portal ? store.portal(after.portal) : undefined;
    print(ctx, renderOrderChanged(after, verb, ctx, portal ? [portal] : []));
  }
  return after;
}

export function runOrderSet(options: OrderSetOptions, ctx: Ctx): Promise<Order> {
  return changeOrder(options, ctx, 'Updated');
}

export interface OrderConfirmOptions {
  id: string;
  date?: string | undefined;
  cashback?: string | undefined;
}

export function runOrderConfirm(options: OrderConfirmOptions, ctx: Ctx): Promise<Order> {
  return changeOrder({ id: options.id, status: 'confirmed', date: options.date ?? ctx.today, cashback: options.cashback }, ctx, 'Confirmed');
}

export interface OrderRemoveOptions {
  id: string;
}

export async function runOrderRemove(options: OrderRemoveOptions, ctx: Ctx): Promise<Order> {
  const id = parseRecordId(options.id, 'order');
  const store = ctx.store();
  const { order, restored }: OrderRemoved = store.write(() => {
    const order = requireOrder(store, id);
    // Each gift card gets back what the order took from it (core/giftcards.ts giftCardRefunds).
    const refunds = giftCardRefunds(order, store.orderGiftCards(id));
    store.removeOrder(id);
    const restored: OrderRemoved['restored'] = [];
    for (const use of refunds) {
      const card = store.giftCardById(use.giftcard);
      if (!card) continue;
      restored.push({ id: card.id, back_cents: use.cents, balance_cents: card.balance_cents + use.cents });
      store.setGiftCardBalance(card.id, card.balance_cents + use.cents);
    }
    return { order, restored };
  });
  if (ctx.json) {
    // `giftcard`: the first card given back (the shape before orders could draw on several); `giftcards`: all.
    const first = restored[0];
    printJson(ctx, { removed: order, giftcard: first ? { id: first.id, balance_cents: first.balance_cents } : null, giftcards: restored });
  } else {
    const { renderOrderRemoved } = await import('../../ui/orders-view.js');
    print(ctx, renderOrderRemoved({ order, restored }));
  }
  return order;
}
