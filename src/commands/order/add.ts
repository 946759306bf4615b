/** `perk order add`: log one order and print it; its JSON (also the MCP tool `order_add`) and the payout sentence. */
import type { Ctx } from '../../context.js';
import { isTravelCategory } from '../../core/caps.js';
import { orderAdded, type OrderAddResult } from '../../core/order-entry.js';
import { orderPayoutTiming, payoutItems } from '../../core/payouts.js';
import type { Order } from '../../core/types.js';
import { UsageError } from '../../errors.js';
import type { OrderAddView } from '../../ui/orders-view.js';
import { print } from '../../ui/printout.js';
import { channelOption, parseAmountArg, parseDateArg, printJson } from '../shared.js';
import { FieldError, OrderResolver, type OrderRequest, type ResolvedOrder } from './resolve.js';

export interface OrderAddOptions
  extends Pick<OrderRequest, 'retailer' | 'amount' | 'date' | 'card' | 'portal' | 'offer' | 'category' | 'giftCard' | 'via' | 'note' | 'tripEnd'> {
  /** `--promo`, repeatable. */
  promo?: string[] | undefined;
  online?: boolean | undefined;
  inStore?: boolean | undefined;
  dining?: boolean | undefined;
}

const FLAG_OF: Record<string, string> = {
  retailer: 'the retailer',
  amount: 'the amount',
  date: '--date',
  card: '--card',
  portal: '--portal',
  offer: '--offer',
  category: '--category',
  promo: '--promo',
  gift_card: '--gift-card',
  via: '--via',
  note: '--note',
  trip_end: '--trip-end',
};

function flagError(error: FieldError): UsageError {
  const what = FLAG_OF[error.field] ?? `--${error.field}`;
  // "unknown card …" reads as a sentence; "amex-macys-25 has …" starts with an id and keeps its case.
  const message = /^[a-z]+\s/.test(error.message) ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : error.message;
  return new UsageError(`${message} (${what}).`, error.hint);
}

export type { OrderAddResult };

/** `perk order add … --json`: logs the order and returns what it prints; also the MCP tool `order_add`. */
export function orderAddJson(options: OrderAddOptions, ctx: Ctx): OrderAddResult {
  return addOrder(options, ctx).result;
}

export async function runOrderAdd(options: OrderAddOptions, ctx: Ctx): Promise<OrderAddResult> {
  const view = addOrder(options, ctx);
  if (ctx.json) printJson(ctx, view.result);
  else {
    const { renderOrderAdded } = await import('../../ui/orders-view.js');
    print(ctx, renderOrderAdded(view, ctx));
  }
  return view.result;
}

function addOrder(options: OrderAddOptions, ctx: Ctx): OrderAddView {
  const channel = channelOption(options);
  if (options.date !== undefined) parseDateArg(options.date, 'date');
  if (options.tripEnd !== undefined) parseDateArg(options.tripEnd, 'trip-end');
  if (options.amount !== undefined) parseAmountArg(options.amount, 'The amount');
  const store = ctx.store();
  const resolver = new OrderResolver(store, ctx.today);
  const { promo, online: _online, inStore: _inStore, dining: _dining, ...fields } = options;
  const request: OrderRequest = { ...fields, promos: promo ?? [], channel };
  return store.write(() => {
    let resolved: ResolvedOrder;
    try {
      resolved = resolver.resolve(request);
    } catch (error) {
      if (error instanceof FieldError) throw flagError(error);
      throw error;
    }
    const id = resolver.save(resolved);
    const order = store.order(id) as Order;
    // The payout that likely pays it, with everything of the portal already in the log (SPEC 9.9);
    // computed inside the transaction: should it fail, the order is not saved either.
    const portal = resolved.portal;
    const isTravel = isTravelCategory(store.categories());
    const timing = portal
      ? orderPayoutTiming(portal, order, payoutItems(portal, store.payoutOrders(portal.id), store.bonuses(portal.id), isTravel), isTravel(order.category), ctx.today)
      : undefined;
    return { result: orderAdded(resolved, order, timing), retailer_name: resolved.retailer.name, price_cents: resolved.quote.price_cents, portal, timing };
  });
}
