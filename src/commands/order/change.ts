/** `perk order confirm|set|remove`: change or remove one logged order, each in one transaction. */
import type { Ctx } from '../../context.js';
import type { IsoDate } from '../../core/dates.js';
import { formatCents, type Cents } from '../../core/money.js';
import type { Order } from '../../core/types.js';
import type { Store } from '../../db/store.js';
import { UsageError } from '../../errors.js';
import { parseAmountArg, parseDateArg, printJson, withStatus } from '../shared.js';
import { parseStatus } from './list.js';

function parseOrderId(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`The order id must be a whole number such as 12 (got "${text}").`, 'See "perk order list".');
  }
  return Number(text);
}

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

/** The order after applying a change of status, credited amount or confirmation date. */
function changedOrder(order: Order, options: OrderSetOptions, today: IsoDate): Order {
  const status = options.status === undefined ? undefined : parseStatus(options.status, 'status');
  const date = options.date === undefined ? undefined : parseDateArg(options.date, 'date');
  const cashback = options.cashback === undefined ? undefined : parseAmountArg(options.cashback, '--cashback', { allowZero: true });
  if (status === undefined && date === undefined && cashback === undefined) {
    throw new UsageError('Nothing to change.', 'Pass --status pending|confirmed|ineligible, --cashback <amount> or --date <YYYY-MM-DD>.');
  }
  if (status === 'pending' && cashback !== undefined) {
    throw new UsageError('--status pending and --cashback cannot go together: a pending order has not been credited yet.', 'Set the credited amount with --status confirmed --cashback <amount>.');
  }
  const next = withStatus(order, 'order', { status, date }, today);
  // Back to pending: nothing has been credited yet, so the credited amount goes too.
  if (status === 'pending') next.actual_cents = null;
  if (cashback !== undefined) next.actual_cents = cashback;
  return next;
}

async function printChanged(ctx: Ctx, after: Order, verb: string): Promise<void> {
  if (ctx.json) {
    printJson(ctx, { order: after });
    return;
  }
  const { makeChalk } = await import('../../ui/style.js');
  const c = makeChalk(ctx.color);
  const bits = [`${after.status}${after.status === 'confirmed' && after.confirmed_on ? ` on ${after.confirmed_on}` : ''}`];
  if (after.actual_cents !== null && after.actual_cents !== undefined) bits.push(`credited ${formatCents(after.actual_cents)}`);
  ctx.out(`${verb} order ${c.bold(String(after.id))} (${after.retailer} ${formatCents(after.amount_cents)} on ${after.date}): ${bits.join(', ')}.`);
  if (after.actual_cents !== null && after.actual_cents !== undefined && after.actual_cents < after.expected_cents && after.status === 'confirmed') {
    ctx.err(`${c.yellow('warning:')} credited ${formatCents(after.expected_cents - after.actual_cents)} less than the ${formatCents(after.expected_cents)} expected: ask the portal.`);
  }
}

/** Change one order in a transaction (refused changes write nothing), then say what it is now. */
async function changeOrder(options: OrderSetOptions, ctx: Ctx, verb: string): Promise<Order> {
  const id = parseOrderId(options.id);
  const store = ctx.store();
  const after = store.write(() => {
    const before = requireOrder(store, id);
    if (!before.portal && options.status !== undefined && options.status !== 'ineligible') {
      throw new UsageError(`Order ${id} was not made through a portal: there is no cash back to confirm or wait for.`, 'Only orders with --portal have a payout status.');
    }
    const after = changedOrder(before, options, ctx.today);
    store.saveOrder(after);
    return after;
  });
  await printChanged(ctx, after, verb);
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
  const id = parseOrderId(options.id);
  const store = ctx.store();
  const { order, restored } = store.write(() => {
    const order = requireOrder(store, id);
    // Give each gift card what the order took from it. Without a per-card record that agrees with the
    // order (orders from before migration 3, or replaced by a load), its whole gift-card amount goes
    // back to the card it names.
    let uses = store.orderGiftCards(id);
    const agrees = uses[0]?.giftcard === order.giftcard && uses.reduce((s, u) => s + u.cents, 0) === order.giftcard_cents;
    if (!agrees) uses = order.giftcard && order.giftcard_cents > 0 ? [{ giftcard: order.giftcard, cents: order.giftcard_cents }] : [];
    store.removeOrder(id);
    const restored: Array<{ id: string; back_cents: Cents; balance_cents: Cents }> = [];
    for (const use of uses) {
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
    return order;
  }
  ctx.out(`Removed order ${order.id} (${order.retailer} ${formatCents(order.amount_cents)} on ${order.date}).`);
  for (const r of restored) ctx.out(`Gift card ${r.id}: ${formatCents(r.back_cents)} back, balance ${formatCents(r.balance_cents)}.`);
  return order;
}
