/**
 * The guided `perk stack` (a terminal, and the retailer or amount missing): search the retailer, ask the
 * amount and category, show the stack, then offer to log the best option with `perk order add`.
 * Loaded only in that case, with the prompts and the order log.
 */
import type { Ctx } from '../context.js';
import { parseAmountToCents } from '../core/money.js';
import type { StackResult } from '../core/stack.js';
import type { Store } from '../db/store.js';
import { resolveRetailer } from './shared.js';
import type { OrderAddOptions } from './order.js';
import { showStack, type StackOptions } from './stack.js';

export async function runGuidedStack(options: StackOptions, ctx: Ctx): Promise<StackResult> {
  const resolved = await askMissing(options, ctx.store());
  const shown = await showStack(resolved, ctx);
  if (shown.options[0]) await offerToLog(shown, resolved, ctx);
  return shown;
}

/** The guided flow: ask for what is missing (retailer by type-ahead search, amount, category). */
async function askMissing(options: StackOptions, store: Store): Promise<StackOptions> {
  const { askInput, askSearch } = await import('../ui/prompts.js');
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
  const category =
    options.category ??
    (await askInput(
      'Category',
      (v) => (store.hasCategory(v.trim()) ? true : 'a category id such as department_store (perk cards shows which earn more)'),
      retailer.category,
    )).trim();
  return { ...options, retailer: retailer.id, amount, category: category === retailer.category ? undefined : category };
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
