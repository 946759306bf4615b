/** `perk order add`: log one order and print it; its JSON (also the MCP tool `order_add`) and the payout sentence. */
import { safeText } from '../../ui/safe-text.js';
import type { Ctx } from '../../context.js';
import type { IsoDate } from '../../core/dates.js';
import { formatCents, type Cents } from '../../core/money.js';
import { isTravelCategory } from '../../core/caps.js';
import { isOnRequest, orderPayoutTiming, payoutItems, PAYOUT_HORIZON, type OrderPayoutTiming } from '../../core/payouts.js';
import { describeRate } from '../../core/rates.js';
import type { Order, Portal } from '../../core/types.js';
import { UsageError } from '../../errors.js';
import { balanceFormatter, channelOption, parseAmountArg, parseDateArg, printJson } from '../shared.js';
import { FieldError, OrderResolver, type OrderRequest, type ResolvedOrder } from './resolve.js';

export interface OrderAddOptions {
  retailer: string;
  amount: string;
  date?: string | undefined;
  card?: string | undefined;
  portal?: string | undefined;
  offer?: string | undefined;
  category?: string | undefined;
  promo?: string[] | undefined;
  giftCard?: boolean | undefined;
  online?: boolean | undefined;
  inStore?: boolean | undefined;
  dining?: boolean | undefined;
  via?: string | undefined;
  note?: string | undefined;
  tripEnd?: string | undefined;
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

export interface OrderAddResult {
  order: Order;
  expected: { rate: string | null; portal_cents: Cents; card_cents: Cents; expected_cents: Cents };
  promos: Array<{ code: string; discount_cents: Cents; portal_safe: boolean }>;
  giftcards: Array<{ id: string; used_cents: Cents; balance_after_cents: Cents }>;
  /** When the portal should confirm it and the payout it is likely in (null without a portal). */
  confirm_by: IsoDate | null;
  payout: IsoDate | null;
  warnings: string[];
}

/** `perk order add … --json`: logs the order and returns what it prints; also the MCP tool `order_add`. */
export function orderAddJson(options: OrderAddOptions, ctx: Ctx): OrderAddResult {
  return addOrder(options, ctx).out;
}

export async function runOrderAdd(options: OrderAddOptions, ctx: Ctx): Promise<OrderAddResult> {
  const { out, resolved, order, timing, portal } = addOrder(options, ctx);
  if (ctx.json) {
    printJson(ctx, out);
    return out;
  }
  const { makeChalk } = await import('../../ui/style.js');
  const c = makeChalk(ctx.color);
  const parts = [`${formatCents(order.amount_cents)} at ${safeText(resolved.retailer.name)} on ${order.date}`];
  if (order.card) parts.push(`with ${order.card}`);
  if (order.portal) parts.push(`through ${order.portal}`);
  ctx.out(`Logged order ${c.bold(String(order.id))}: ${parts.join(' ')}.`);
  if (resolved.promos.length) {
    ctx.out(`  promos: ${resolved.promos.map((p) => `${p.code} −${formatCents(p.discount_cents)}`).join(', ')} → price ${formatCents(resolved.quote.price_cents)}`);
  }
  if (order.giftcard_cents) {
    ctx.out(`  gift card: ${formatCents(order.giftcard_cents)} (${resolved.giftcards.map((g) => `${g.id} left ${formatCents(g.balance_after_cents)}`).join(', ')}); charged ${formatCents(order.charged_cents)}`);
  }
  if (order.offer) ctx.out(`  offer: ${order.offer}`);
  if (order.portal) {
    const pieces = [`${formatCents(resolved.quote.portal_cents)}${out.expected.rate ? ` (${out.expected.rate})` : ''}`];
    if (resolved.quote.card_cents) pieces.push(`${formatCents(resolved.quote.card_cents)} ${order.card} earn`);
    const money = balanceFormatter(portal ? [portal] : []);
    pieces[0] = `${money(order.portal, resolved.quote.portal_cents)}${out.expected.rate ? ` (${out.expected.rate})` : ''}`;
    ctx.out(`  expected cash back: ${c.green(money(order.portal, order.expected_cents))}${pieces.length > 1 || resolved.quote.card_cents ? ` = ${pieces.join(' + ')}` : out.expected.rate ? ` (${out.expected.rate})` : ''}`);
    if (timing && portal) {
      const trip = order.trip_end ? ` (counted from the trip's end, ${order.trip_end})` : '';
      ctx.out(c.dim(`  should confirm by ${timing.confirm_by}${trip}; ${payoutSentence(portal, timing)}`));
    }
  }
  for (const w of out.warnings) ctx.err(`${c.yellow('warning:')} ${safeText(w)}`);
  return out;
}

function addOrder(
  options: OrderAddOptions,
  ctx: Ctx,
): { out: OrderAddResult; resolved: ResolvedOrder; order: Order; timing: ReturnType<typeof orderPayoutTiming> | undefined; portal: Portal | undefined } {
  const channel = channelOption(options);
  if (options.date !== undefined) parseDateArg(options.date, 'date');
  if (options.tripEnd !== undefined) parseDateArg(options.tripEnd, 'trip-end');
  if (options.amount !== undefined) parseAmountArg(options.amount, 'The amount');
  const store = ctx.store();
  const resolver = new OrderResolver(store, ctx.today);
  const request: OrderRequest = {
    retailer: options.retailer,
    amount: options.amount,
    date: options.date,
    card: options.card,
    portal: options.portal,
    offer: options.offer,
    category: options.category,
    promos: options.promo ?? [],
    giftCard: options.giftCard,
    channel,
    via: options.via,
    note: options.note,
    tripEnd: options.tripEnd,
  };
  const result = store.write(() => {
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
    return { resolved, order, timing, portal };
  });
  const { resolved, order, timing, portal } = result;
  const warnings = [...resolved.quote.warnings];
  const out: OrderAddResult = {
    order,
    expected: {
      rate: resolved.quote.rate ? describeRate(resolved.quote.rate) : null,
      portal_cents: resolved.quote.portal_cents,
      card_cents: resolved.quote.card_cents,
      expected_cents: resolved.quote.expected_cents,
    },
    promos: resolved.promos.map((p) => ({ code: p.code, discount_cents: p.discount_cents, portal_safe: p.portal_safe })),
    giftcards: resolved.giftcards,
    confirm_by: timing?.confirm_by ?? null,
    payout: timing?.payout ?? null,
    warnings,
  };
  return { out, resolved, order, timing, portal };
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
