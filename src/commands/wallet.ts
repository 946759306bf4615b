import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { parseDateArg, printJson, requireCard, view } from './shared.js';

export interface WalletOptions {
  action: 'list' | 'add' | 'remove';
  cards: string[];
  /** SPEC 10.4: the day the cards were opened (starts their welcome-bonus windows). */
  opened?: string | undefined;
}

export async function runWallet(options: WalletOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  if (options.action === 'add') {
    options.cards.forEach((id) => requireCard(store, id, ''));
    const opened = options.opened === undefined ? undefined : parseDateArg(options.opened, 'opened');
    if (opened !== undefined && opened > ctx.today) throw new UsageError(`--opened ${opened} is after today (${ctx.today}).`);
    store.write(() => options.cards.forEach((id) => store.addToWallet(id, opened)));
  } else if (options.action === 'remove') {
    const held = new Set(store.walletIds());
    for (const id of options.cards) {
      if (!held.has(id)) throw new UsageError(`"${id}" is not in your wallet.`, `Your wallet: ${[...held].join(', ') || 'empty'}.`);
    }
    store.write(() => options.cards.forEach((id) => store.removeFromWallet(id)));
  }
  const cards = store.walletCards();
  if (ctx.json) {
    printJson(ctx, { wallet: cards.map((c) => ({ id: c.id, name: c.name, issuer: c.issuer, currency: c.currency })) });
    return;
  }
  const { renderWallet } = await import('../ui/catalog-view.js');
  ctx.out(renderWallet(cards, options.action === 'list' ? undefined : changed(options), view(ctx)));
}

function changed(options: WalletOptions): string {
  const ids = [...new Set(options.cards)].join(', ');
  return options.action === 'add' ? `Added ${ids} to your wallet.` : `Removed ${ids} from your wallet.`;
}
