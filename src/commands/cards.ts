import type { Ctx } from '../context.js';
import type { CapUse } from '../core/caps.js';
import type { EarnRule } from '../core/types.js';
import type { Store } from '../db/store.js';
import { cardsInScope } from '../core/wallet.js';
import { capUseInStore, printJson, requireCard, view } from './shared.js';

export interface CardsOptions {
  issuer?: string | undefined;
}

export async function runCards(options: CardsOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const cards = store.cards(options.issuer);
  const wallet = new Set(store.walletIds());
  const listed = cards.map((c) => ({ ...c, in_wallet: wallet.has(c.id) }));
  if (ctx.json) {
    printJson(ctx, { cards: listed });
    return;
  }
  const { renderCards } = await import('../ui/catalog-view.js');
  ctx.out(renderCards(listed, options.issuer, view(ctx)));
}

export interface CardRuleView extends EarnRule {
  cap?: CapUse | undefined;
}

/** A card's rules with the cap use of the current period, from the order log (as `perk stack` reads it). */
export function cardRulesWithUse(store: Store, cardId: string, today: string): CardRuleView[] {
  const card = requireCard(store, cardId, '');
  return card.earn.map((rule) => ({ ...rule, cap: capUseInStore(store, card, rule, today) }));
}

export interface CardOptions {
  id: string;
}

export async function runCard(options: CardOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const card = requireCard(store, options.id, '');
  const rules = cardRulesWithUse(store, card.id, ctx.today);
  const inWallet = store.walletIds().includes(card.id);
  if (ctx.json) {
    printJson(ctx, { card: { ...card, earn: rules, in_wallet: inWallet }, date: ctx.today });
    return;
  }
  const { renderCard } = await import('../ui/catalog-view.js');
  ctx.out(renderCard({ card, rules, inWallet, today: ctx.today }, view(ctx)));
}

export interface CategoryView {
  id: string;
  parent: string | null;
  /** Cards of the wallet (the catalog for an empty wallet) with an earn rule for it or a parent of it. */
  earn: Array<{ card: string; multiplier: number }>;
}

/** `perk categories`: every category id `--category` accepts, and which cards earn more there. */
export async function runCategories(ctx: Ctx): Promise<CategoryView[]> {
  const store = ctx.store();
  const { categoryChains } = await import('../core/caps.js');
  const { categoryEarn } = await import('../core/earn.js');
  const chainOf = categoryChains(store.categories());
  const wallet = store.walletCards();
  const cards = cardsInScope(wallet, store.cards());
  const views: CategoryView[] = store.categories().map((cat) => ({ id: cat.id, parent: cat.parent ?? null, earn: categoryEarn(cards, chainOf(cat.id), ctx.today) }));
  if (ctx.json) {
    printJson(ctx, { categories: views });
    return views;
  }
  const { renderCategories } = await import('../ui/catalog-view.js');
  ctx.out(renderCategories(views, { wallet: wallet.length > 0, currencyOf: (id) => store.card(id)?.currency }, view(ctx)));
  return views;
}
