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
      { tty: ctx.tty, align: ['left', 'left', 'left', 'left', 'left', 'right', 'right'], cut: [2] },
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
      align: ['right', 'left', 'left', 'left', 'right', 'right', 'right'],
    }),
  );
  if (rules.some((r) => r.cap)) ctx.out(c.dim(`Cap use is for the period containing ${ctx.today}, from imported spending and the orders it does not hold.`));
}
