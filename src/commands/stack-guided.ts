/**
 * The guided `perk stack` (a terminal, and the retailer or amount missing): search the retailer, ask the
 * amount, the channel (when the retailer has portal rates in more than one: online, in store, dining)
 * and the category (picked from the list), show the stack, then offer to log the best option with
 * `perk order add`.
 * Loaded only in that case, with the prompts and the order log.
 */
import type { Ctx } from '../context.js';
import { categoryChains } from '../core/caps.js';
import { parseAmountToCents } from '../core/money.js';
import { CHANNELS, stackChannel, validRatesAllChannels } from '../core/rates.js';
import type { Channel } from '../core/types.js';
import type { StackResult } from '../core/stack.js';
import type { Store } from '../db/store.js';
import { channelOption, resolveRetailer } from './shared.js';
import type { OrderAddOptions } from './order.js';
import { showStack, type StackOptions } from './stack.js';

export async function runGuidedStack(options: StackOptions, ctx: Ctx): Promise<StackResult> {
  const resolved = await askMissing(options, ctx.store(), ctx.today);
  const shown = await showStack(resolved, ctx);
  if (shown.options[0]) await offerToLog(shown, resolved, ctx);
  return shown;
}

/** The guided flow: ask for what is missing (retailer by type-ahead search, amount, category). */
async function askMissing(options: StackOptions, store: Store, today: string): Promise<StackOptions> {
  const { askInput, askSearch, askSelect } = await import('../ui/prompts.js');
  let retailerId = options.retailer;
  if (!retailerId) {
    retailerId = await askSearch<string>('Retailer', (term) =>
      store.retailersByPrefix(term ?? '', 20).map((r) => ({ name: `${r.name} (${r.id})`, value: r.id, description: r.category })),
    );
  }
  const retailer = resolveRetailer(store, retailerId);
  const amount =
    options.amount ??
    (await askInput('Amount (pre-tax subtotal, e.g. 120 or $1,234.56)', (v) =>
      parseAmountToCents(v) ? true : 'an amount in dollars such as 120, 120.50 or $1,234.56',
    ));
  // The channel decides the portal rate: asked when the retailer has rates today in more than one.
  let channel = channelOption(options);
  const channels = channelsWithRates(store, retailer.id, today);
  const usual = stackChannel(undefined, categoryChains(store.categories())(retailer.category));
  if (channel === undefined && channels.length > 1) {
    const labels: Record<Channel, string> = { online: 'online', in_store: 'in store', dining: 'dining (at the restaurant)' };
    const order = [usual, ...channels.filter((c) => c !== usual)];
    channel = await askSelect<Channel>(
      'Where do you pay?',
      order.map((c) => ({ name: labels[c], value: c, description: channels.includes(c) ? undefined : 'no portal rate' })),
      usual,
    );
  }
  // The category: the retailer's first, then every other one, searchable (perk categories lists them).
  const category =
    options.category ??
    (await askSearch<string>('Category (type to search; perk categories lists them)', (term) => {
      const t = (term ?? '').trim().toLowerCase();
      const ids = [retailer.category, ...store.categories().map((c) => c.id).filter((id) => id !== retailer.category)];
      return ids.filter((id) => id.includes(t)).map((id) => ({ name: id === retailer.category ? `${id} (${retailer.name})` : id, value: id }));
    }));
  const chosen = channel === undefined || channel === usual ? {} : { online: channel === 'online', inStore: channel === 'in_store', dining: channel === 'dining' };
  return { ...options, ...chosen, retailer: retailer.id, amount, category: category === retailer.category ? undefined : category };
}

/** The channels in which the retailer has a portal rate valid today, online first. */
function channelsWithRates(store: Store, retailer: string, today: string): Channel[] {
  const have = new Set(validRatesAllChannels(store.ratesForRetailer(retailer), today).map((r) => r.channel ?? 'online'));
  return CHANNELS.filter((c) => have.has(c));
}

/** The `perk order add` options that log the best option of a stack. */
function orderAddFor(result: StackResult, options: StackOptions): OrderAddOptions & { date: string; card: string } {
  const best = result.options[0]!;
  return {
    retailer: result.retailer.id,
    amount: (result.amount_cents / 100).toFixed(2),
    date: result.date,
    card: best.card,
    portal: best.portal ?? undefined,
    offer: best.offer ?? best.click_through ?? undefined,
    category: result.category !== result.retailer.category ? result.category : undefined,
    promo: best.promos,
    giftCard: best.gift_card_cents > 0,
    inStore: result.channel === 'in_store',
    dining: result.channel === 'dining',
    // Online at a restaurant was a choice (else the dining rate would apply by itself): logged as such.
    online: result.channel === 'online' && options.online === true,
    via: options.via,
  };
}

/** The `perk order add` command line that logs the best option (shell-quoted where needed). */
export function orderCommandFor(result: StackResult, options: StackOptions): string {
  const o = orderAddFor(result, options);
  const parts = ['perk', 'order', 'add', o.retailer, o.amount, '--date', o.date, '--card', o.card];
  if (o.portal) parts.push('--portal', o.portal);
  if (o.offer) parts.push('--offer', o.offer);
  if (o.category) parts.push('--category', o.category);
  for (const code of o.promo ?? []) parts.push('--promo', code);
  if (o.via) parts.push('--via', o.via);
  if (o.giftCard) parts.push('--gift-card');
  if (o.inStore) parts.push('--in-store');
  if (o.dining) parts.push('--dining');
  if (o.online) parts.push('--online');
  return parts.map((p) => (/^[A-Za-z0-9_.,:/=@%+-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** After a guided stack: offer to log the best option as an order (or print the command that does). */
async function offerToLog(result: StackResult, options: StackOptions, ctx: Ctx): Promise<void> {
  const { askConfirm } = await import('../ui/prompts.js');
  const command = orderCommandFor(result, options);
  if (!(await askConfirm('Log this order with the best option?', false))) {
    ctx.out(`To log it later: ${command}`);
    return;
  }
  await logOrder(result, options, ctx);
}

/** Log the best option with `perk order add` (loaded only now, in the guided flow). */
async function logOrder(result: StackResult, options: StackOptions, ctx: Ctx): Promise<void> {
  const { runOrderAdd } = await import('./order.js');
  await runOrderAdd(orderAddFor(result, options), ctx);
}
