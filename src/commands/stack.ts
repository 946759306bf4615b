/**
 * `perk stack <retailer> <amount>`: the thin shell around core/stack.ts. It resolves and checks the
 * flags, reads only what this one retailer needs (indexed reads), calls the core and prints. The table
 * code (ui/stack-view) and the prompts are imported only when a person is looking, so `--json` stays
 * on the hot path.
 */
import type { Ctx } from '../context.js';
import { cardsBookingVia, computeStack, type StackResult } from '../core/stack.js';
import type { Card, EarnRule, Retailer } from '../core/types.js';
import { categoryChains } from '../core/caps.js';
import { stackChannel } from '../core/rates.js';
import { pathRequires } from '../core/valuation.js';
import { comparedCards, meets, type Holdings } from '../core/wallet.js';
import { formatCents, formatUnits } from '../core/money.js';
import { welcomeEnds, welcomeOpen } from '../core/welcome.js';
import { SpendStore } from '../db/spend-store.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import type { StackOptions } from './stack-options.js';
import { capUseInStore, channelOption, parseAmountArg, parseCountArg, printJsonInPieces, requireCard, requireCategory, requirePortal, resolveRetailer } from './shared.js';

export type { StackOptions };

/** Options shown to a person when `--top` is not given. */
const DEFAULT_HUMAN_TOP = 10;

/**
 * `perk stack`: the guided flow on a terminal when the retailer or amount is missing (its prompts and
 * the order log are loaded only then), else the plain stack.
 */
export async function runStack(options: StackOptions, ctx: Ctx): Promise<StackResult> {
  ctx.store();
  if ((!options.retailer || !options.amount) && ctx.interactive) {
    return (await import('./stack-guided.js')).runGuidedStack(options, ctx);
  }
  return showStack(options, ctx);
}

/**
 * `perk stack <retailer> <amount>`: compute and print, never a prompt. The fast path (fast-stack.ts)
 * runs exactly this, so it imports nothing of the guided flow.
 */
export async function showStack(options: StackOptions, ctx: Ctx): Promise<StackResult> {
  ctx.store();
  if (!options.retailer) {
    throw new UsageError('The retailer and amount are missing: run perk stack <retailer> <amount>.', 'For example: perk stack macys 200');
  }
  if (!options.amount) {
    throw new UsageError('The amount is missing: run perk stack <retailer> <amount>.', `For example: perk stack ${options.retailer} 200`);
  }
  const { result, top } = stackFor({ ...options, retailer: options.retailer, amount: options.amount }, ctx);
  const shown = limitTo(result, top);

  if (ctx.json) {
    printJsonInPieces(ctx, shown);
    return shown;
  }
  const { renderStack } = await import('../ui/stack-view.js');
  const limited = top === undefined && result.options.length > DEFAULT_HUMAN_TOP;
  ctx.out(
    renderStack(limited ? { ...result, options: result.options.slice(0, DEFAULT_HUMAN_TOP) } : shown, {
      color: ctx.color,
      tty: ctx.tty,
      width: ctx.width,
      hidden: limited ? result.options.length - DEFAULT_HUMAN_TOP : 0,
    }),
  );
  return shown;
}

type StackRequest = StackOptions & { retailer: string; amount: string };

/** What `perk stack <retailer> <amount> --json` prints; also the MCP tool `stack` (commands/mcp). */
export function stackJson(options: StackRequest, ctx: Ctx): StackResult {
  const { result, top } = stackFor(options, ctx);
  return limitTo(result, top);
}

function stackFor(options: StackRequest, ctx: Ctx): { result: StackResult; top: number | undefined } {
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  const amount = parseAmountArg(options.amount, 'The amount');
  const result = computeFor(store, ctx, retailer, amount, options);
  const top = options.top === undefined ? undefined : parseCountArg(options.top, 'top');
  return { result, top };
}

const limitTo = (result: StackResult, top: number | undefined): StackResult =>
  top === undefined ? result : { ...result, options: result.options.slice(0, top) };

/**
 * `--path CUR=path` → { CUR: path }, each currency and path checked against the database, and the path
 * available to the wallet (SPEC 9.1).
 */
function parsePaths(store: Store, values: readonly string[], held: Holdings): Record<string, string> {
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
    const requires = pathRequires(currency.paths[path]);
    if (!meets(requires, held)) {
      throw new UsageError(
        `${code} path "${path}" needs one of ${requires!.join(', ')} in your wallet (--path ${text}).`,
        `Add one with: perk wallet add ${requires![0]}`,
      );
    }
    out[code] = path;
  }
  return out;
}

/** The stack of one purchase with the given flags (also what `perk watch` evaluates, with none). */
export function computeFor(store: Store, ctx: Pick<Ctx, 'today'>, retailer: Retailer, amount: number, options: StackOptions): StackResult {
  const flagged = channelOption(options);
  const category = options.category ?? retailer.category;
  if (options.category !== undefined) requireCategory(store, options.category);
  const categoryList = store.categories();
  const chain = categoryChains(categoryList)(category);
  const channel = stackChannel(flagged, chain);
  const portals = store.portals();
  if (typeof options.portal === 'string') requirePortal(store, options.portal);

  const notes: string[] = [];
  const wallet = store.walletCards();
  const catalog = store.cards();
  const named = [...new Set(options.card ?? [])].map((id) => requireCard(store, id));
  const { cards, held, catalogStandsIn } = comparedCards(wallet, catalog, named);
  if (catalogStandsIn) notes.push('Your wallet is empty, so every card in the catalog is compared. Add yours with: perk wallet add <card>…');

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
    const known = new Set(catalog.flatMap((c) => c.earn.map((r) => r.via)).filter((v): v is string => typeof v === 'string'));
    if (!known.has(options.via)) {
      throw new UsageError(`Unknown --via "${options.via}".`, `Travel portals in earn rules: ${[...known].sort().join(', ')}.`);
    }
    // SPEC 9.4: only cards that can book through the travel portal.
    if (!cardsBookingVia(cards, options.via).length) {
      const able = cardsBookingVia(catalog, options.via).map((c) => c.id);
      throw new UsageError(
        `None of the cards compared can book through ${options.via} (--via): ${able.length ? `it takes ${able.join(', ')}` : 'no card earns there'}.`,
        able.length ? `Add one with --card ${able[0]}, or to your wallet with perk wallet add ${able[0]}.` : undefined,
      );
    }
  }
  const pathOverrides = parsePaths(store, options.path ?? [], held);

  // Cap use is read once per rule, and only for rules this purchase matches.
  const capMemo = new Map<EarnRule, number | undefined>();
  const capLeft = (card: Card, rule: EarnRule): number | undefined => {
    if (!capMemo.has(rule)) capMemo.set(rule, capUseInStore(store, card, rule, ctx.today)?.left_cents);
    return capMemo.get(rule);
  };
  const offerUseMemo = new Map<string, number>();

  notes.push(...welcomeNotes(store, wallet, ctx.today));

  const giftCardBalance = options.giftCard ? store.giftCards(retailer.id).reduce((s, g) => s + g.balance_cents, 0) : 0;
  if (options.giftCard && giftCardBalance === 0) notes.push(`No gift-card balance stored for ${retailer.name} (add one with perk giftcard add).`);

  const result = computeStack({
    date: ctx.today,
    retailer,
    amount_cents: amount,
    category,
    chain,
    channel,
    cards,
    heldCurrencies: [...held.currencies],
    held,
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

/** SPEC 10.4: a wallet card whose welcome-bonus window is open (one read of the wallet's opening days). */
function welcomeNotes(store: Store, wallet: readonly Card[], today: string): string[] {
  const notes: string[] = [];
  for (const { card: id, opened } of new SpendStore(store).openedCards()) {
    const card = wallet.find((c) => c.id === id);
    if (!card?.welcome || !welcomeOpen(opened, card.welcome, today)) continue;
    notes.push(
      `${card.id} is in its welcome-bonus window until ${welcomeEnds(opened, card.welcome)}: ${formatUnits(card.welcome.units)} ${card.currency} after ${formatCents(card.welcome.min_spend_cents)} of spending (perk welcome).`,
    );
  }
  return notes;
}
