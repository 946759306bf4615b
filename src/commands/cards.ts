import type { Ctx } from '../context.js';
import type { CapUse } from '../core/caps.js';
import { formatCents } from '../core/money.js';
import type { EarnRule } from '../core/types.js';
import type { Store } from '../db/store.js';
import { safeText } from '../ui/safe-text.js';
import { capUseInStore, printJson, requireCard } from './shared.js';

export interface CardsOptions {
  issuer?: string | undefined;
}

export async function runCards(options: CardsOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const cards = store.cards(options.issuer);
  const wallet = new Set(store.walletIds());
  if (ctx.json) {
    printJson(ctx, { cards: cards.map((c) => ({ ...c, in_wallet: wallet.has(c.id) })) });
    return;
  }
  if (!cards.length) {
    ctx.out(options.issuer ? `No cards from issuer "${safeText(options.issuer)}".` : 'The catalog is empty.');
    return;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  ctx.out(
    renderTable(
      ['', 'card', 'name', 'issuer', 'currency', 'fee', 'best earn'],
      cards.map((card) => [
        wallet.has(card.id) ? c.green('✓') : '',
        card.id,
        safeText(card.name),
        card.issuer,
        card.currency,
        formatCents(card.annual_fee_cents),
        // A USD card's multiplier is a percent (cents per $1).
        `${Math.max(card.base, ...card.earn.map((r) => r.multiplier))}${card.currency === 'USD' ? '%' : 'x'}`,
      ]),
      // Narrow terminals: the name is shortened, then currency, issuer, name and best earn are left out.
      { tty: ctx.tty, width: ctx.width, align: ['left', 'left', 'left', 'left', 'left', 'right', 'right'], cut: [2], drop: [4, 3, 2, 6] },
    ),
  );
  ctx.out(c.dim('✓ = in your wallet. Details: perk card <id>'));
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
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  ctx.out(`${c.bold(safeText(card.name))} (${card.id}) — ${card.issuer}, earns ${card.currency}, annual fee ${formatCents(card.annual_fee_cents)}${inWallet ? c.green(' — in your wallet') : ''}`);
  if (card.pays_via) ctx.out(`Rewards are paid into your ${card.pays_via} balance when you shop through ${card.pays_via}.`);
  const unit = card.currency === 'USD' ? '%' : 'x';
  const rows = rules.map((r) => [
    `${r.multiplier}${unit}`,
    r.category ?? 'everything',
    r.via ?? '',
    r.from || r.to ? `${r.from ?? '…'} → ${r.to ?? '…'}` : '',
    r.cap ? `${formatCents(r.cap.cap_cents)}/${r.cap_period ?? 'year'}` : '',
    r.cap ? formatCents(r.cap.used_cents) : '',
    r.cap ? (r.cap.left_cents === 0 ? c.red(formatCents(0)) : formatCents(r.cap.left_cents)) : '',
  ]);
  rows.push([`${card.base}${unit}`, 'everything else', '', '', '', '', '']);
  ctx.out(
    renderTable(['earn', 'category', 'via', 'dates', 'cap', 'used', 'left'], rows, {
      tty: ctx.tty,
      width: ctx.width,
      align: ['right', 'left', 'left', 'left', 'right', 'right', 'right'],
      // Narrow terminals: the category is shortened, then dates, used, via and cap are left out.
      cut: [1],
      drop: [3, 5, 2, 4],
    }),
  );
  if (rules.some((r) => r.cap)) ctx.out(c.dim(`Cap use is for the period containing ${ctx.today}, from imported spending and the orders it does not hold.`));
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
  const { inWindow } = await import('../core/dates.js');
  const chainOf = categoryChains(store.categories());
  const wallet = store.walletCards();
  const cards = wallet.length ? wallet : store.cards();
  const views: CategoryView[] = store.categories().map((cat) => {
    const chain = chainOf(cat.id);
    const earn = cards
      .map((card) => ({ card: card.id, multiplier: Math.max(0, ...card.earn.filter((r) => r.category && chain.includes(r.category) && !r.via && inWindow(ctx.today, r.from, r.to)).map((r) => r.multiplier)) }))
      .filter((e) => e.multiplier > 0)
      .sort((a, b) => b.multiplier - a.multiplier || a.card.localeCompare(b.card));
    return { id: cat.id, parent: cat.parent ?? null, earn };
  });
  if (ctx.json) {
    printJson(ctx, { categories: views });
    return views;
  }
  const { renderTable } = await import('../ui/table.js');
  const unit = (id: string) => (store.card(id)?.currency === 'USD' ? '%' : 'x');
  ctx.out(
    renderTable(
      ['category', 'parent', `earns more (${wallet.length ? 'your wallet' : 'catalog'})`],
      views.map((v) => [v.id, v.parent ?? '', v.earn.map((e) => `${e.card} ${e.multiplier}${unit(e.card)}`).join(', ')]),
      // Narrow terminals: the cards are shortened, then the parent is left out.
      { tty: ctx.tty, width: ctx.width, cut: [2], drop: [1] },
    ),
  );
  ctx.out('Use one with: perk stack <retailer> <amount> --category <category>');
  return views;
}
