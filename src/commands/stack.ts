/**
 * `perk stack <retailer> <amount>`: the thin shell around core/stack.ts. It resolves and checks the
 * flags, reads only what this one retailer needs (indexed reads), calls the core and prints. The table
 * code (ui/stack-view) and the prompts are imported only when a person is looking, so `--json` stays
 * on the hot path.
 */
import type { Ctx } from '../context.js';
import { parseAmountToCents } from '../core/money.js';
import { computeStack, type StackResult } from '../core/stack.js';
import type { Card, Channel, EarnRule, Retailer } from '../core/types.js';
import { categoryChains } from '../core/caps.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { capUseInStore, parseAmountArg, parseCountArg, printJson, requireCard, requirePortal, resolveRetailer } from './shared.js';

export interface StackOptions {
  retailer?: string | undefined;
  amount?: string | undefined;
  inStore?: boolean | undefined;
  dining?: boolean | undefined;
  category?: string | undefined;
  card?: string[] | undefined;
  /** `--portal <id>`; false for `--no-portal`. */
  portal?: string | false | undefined;
  payout?: string | undefined;
  via?: string | undefined;
  promo?: string[] | undefined;
  giftCard?: boolean | undefined;
  path?: string[] | undefined;
  top?: string | undefined;
}

/** Options shown to a person when `--top` is not given. */
const DEFAULT_HUMAN_TOP = 10;

export async function runStack(options: StackOptions, ctx: Ctx): Promise<StackResult> {
  const store = ctx.store();
  const guided = (!options.retailer || !options.amount) && ctx.interactive;
  if (!options.retailer && !guided) {
    throw new UsageError('The retailer and amount are missing: run perk stack <retailer> <amount>.', 'For example: perk stack macys 200');
  }
  if (!options.amount && !guided) {
    throw new UsageError('The amount is missing: run perk stack <retailer> <amount>.', `For example: perk stack ${options.retailer ?? 'macys'} 200`);
  }
  let resolved: StackOptions = options;
  if (guided) resolved = await askMissing(options, store);
  const retailer = resolveRetailer(store, resolved.retailer ?? '');
  const amount = parseAmountArg(resolved.amount ?? '', 'The amount');
  const result = computeFor(store, ctx, retailer, amount, resolved);
  const top = resolved.top === undefined ? undefined : parseCountArg(resolved.top, 'top');
  const shown = top === undefined ? result : { ...result, options: result.options.slice(0, top) };

  if (ctx.json) {
    printJson(ctx, shown);
    return shown;
  }
  const { renderStack } = await import('../ui/stack-view.js');
  const limited = top === undefined && result.options.length > DEFAULT_HUMAN_TOP;
  ctx.out(
    renderStack(limited ? { ...result, options: result.options.slice(0, DEFAULT_HUMAN_TOP) } : shown, {
      color: ctx.color,
      tty: ctx.tty,
      hidden: limited ? result.options.length - DEFAULT_HUMAN_TOP : 0,
    }),
  );
  if (guided && result.options[0]) await offerToLog(result, resolved, ctx);
  return shown;
}

function channelOf(options: StackOptions): Channel {
  if (options.inStore && options.dining) throw new UsageError('--in-store and --dining cannot be used together.', 'Pick one channel.');
  return options.inStore ? 'in_store' : options.dining ? 'dining' : 'online';
}

/** `--path CUR=path` → { CUR: path }, each currency and path checked against the database. */
function parsePaths(store: Store, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const text of values) {
    const m = /^([A-Za-z0-9_]+)=([A-Za-z0-9_.-]+)$/.exec(text.trim());
    if (!m) throw new UsageError(`--path must be written CUR=path, e.g. MR=transfer (got "${text}").`);
    const code = m[1]!.toUpperCase();
    const path = m[2]!;
    if (code === 'USD') {
      if (path !== 'cash') throw new UsageError(`USD has one path, "cash" (got --path ${text}).`);
      continue;
    }
    const currency = store.currency(code);
    if (!currency) {
      const known = store.currencies().map((c) => c.code);
      throw new UsageError(`Unknown currency "${code}" in --path ${text}.`, `Known currencies: ${['USD', ...known].join(', ')}.`);
    }
    if (currency.paths[path] === undefined) {
      throw new UsageError(`${code} has no path "${path}" (--path ${text}).`, `Paths of ${code}: ${Object.keys(currency.paths).join(', ')}.`);
    }
    out[code] = path;
  }
  return out;
}

function computeFor(store: Store, ctx: Ctx, retailer: Retailer, amount: number, options: StackOptions): StackResult {
  const channel = channelOf(options);
  const category = options.category ?? retailer.category;
  if (options.category !== undefined && !store.hasCategory(options.category)) {
    throw new UsageError(`Unknown category "${options.category}" (--category).`, `Known categories: ${store.categories().map((c) => c.id).join(', ')}.`);
  }
  const portals = store.portals();
  if (typeof options.portal === 'string') requirePortal(store, options.portal);

  const notes: string[] = [];
  const wallet = store.walletCards();
  let cards: Card[];
  if (options.card?.length) {
    cards = [...new Set(options.card)].map((id) => requireCard(store, id));
  } else if (wallet.length) {
    cards = wallet;
  } else {
    cards = store.cards();
    notes.push('Your wallet is empty, so every card in the catalog is compared. Add yours with: perk wallet add <card>…');
  }
  const held = [...new Set((wallet.length ? wallet : store.cards()).map((c) => c.currency))];

  let payout: string | undefined;
  if (options.payout !== undefined) {
    payout = options.payout.trim().toUpperCase();
    const candidates = typeof options.portal === 'string' ? portals.filter((p) => p.id === options.portal) : portals;
    if (!candidates.some((p) => p.payout_options[payout!] !== undefined)) {
      const known = [...new Set(candidates.flatMap((p) => Object.keys(p.payout_options)))];
      throw new UsageError(`No portal pays in "${options.payout}" (--payout).`, `Payout currencies: ${known.join(', ')}.`);
    }
  }

  if (options.via !== undefined) {
    const known = new Set(store.cards().flatMap((c) => c.earn.map((r) => r.via)).filter((v): v is string => typeof v === 'string'));
    if (!known.has(options.via)) {
      throw new UsageError(`Unknown --via "${options.via}".`, `Travel portals in earn rules: ${[...known].sort().join(', ')}.`);
    }
  }
  const pathOverrides = parsePaths(store, options.path ?? []);

  // Cap use is read once per rule, and only for rules this purchase matches.
  const categoryList = store.categories();
  const capMemo = new Map<EarnRule, number | undefined>();
  const capLeft = (card: Card, rule: EarnRule): number | undefined => {
    if (!capMemo.has(rule)) capMemo.set(rule, capUseInStore(store, card.id, rule, ctx.today, categoryList)?.left_cents);
    return capMemo.get(rule);
  };
  const offerUseMemo = new Map<string, number>();

  const giftCardBalance = options.giftCard ? store.giftCards(retailer.id).reduce((s, g) => s + g.balance_cents, 0) : 0;
  if (options.giftCard && giftCardBalance === 0) notes.push(`No gift-card balance stored for ${retailer.name} (add one with perk giftcard add).`);

  const result = computeStack({
    date: ctx.today,
    retailer,
    amount_cents: amount,
    category,
    chain: categoryChains(categoryList)(category),
    channel,
    cards,
    heldCurrencies: held,
    portals,
    rates: store.ratesForRetailer(retailer.id),
    portal: options.portal,
    offers: store.offersForRetailer(retailer.id),
    offerUses: (o) => {
      let n = offerUseMemo.get(o.id);
      if (n === undefined) offerUseMemo.set(o.id, (n = store.offerUses(o.id)));
      return n;
    },
    capLeft,
    promoCodes: options.promo ?? [],
    promos: store.promosForRetailer(retailer.id),
    promoUses: (p) => store.promoUses(p.retailer, p.code),
    giftCardBalanceCents: giftCardBalance,
    via: options.via,
    payout,
    config: store.config(),
    currencies: store.currencies(),
    pathOverrides,
  });
  return { ...result, notes: [...notes, ...result.notes] };
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

/** The `perk order add` command line that logs the best option. */
export function orderCommandFor(result: StackResult, options: StackOptions): string {
  const best = result.options[0]!;
  const parts = ['perk', 'order', 'add', result.retailer.id, (result.amount_cents / 100).toFixed(2), '--date', result.date, '--card', best.card];
  if (best.portal) parts.push('--portal', best.portal);
  if (best.offer) parts.push('--offer', best.offer);
  else if (best.click_through) parts.push('--offer', best.click_through);
  if (result.category !== result.retailer.category) parts.push('--category', result.category);
  for (const code of best.promos) parts.push('--promo', code);
  if (options.via) parts.push('--via', options.via);
  if (best.gift_card_cents > 0) parts.push('--gift-card');
  if (result.channel === 'in_store') parts.push('--in-store');
  if (result.channel === 'dining') parts.push('--dining');
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
  const best = result.options[0]!;
  const { runOrderAdd } = await import('./order.js');
  await runOrderAdd(
    {
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
    },
    ctx,
  );
}
