/**
 * `perk giftcard add/list/set-balance` (SPEC section 8). A claim code is normalised, validated,
 * hashed and cut to its last four characters here and never goes further: it is not stored, printed,
 * exported or quoted in an error message.
 */
import { safeText } from '../ui/safe-text.js';
import type { Ctx } from '../context.js';
import { hashClaimCode } from '../claim-hash.js';
import { checkClaimCode, giftCardId, last4 } from '../core/giftcards.js';
import { formatCents } from '../core/money.js';
import type { GiftCard } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { parseAmountArg, printJson, resolveRetailer, view as viewOptions } from './shared.js';

export interface GiftCardAddOptions {
  retailer: string;
  /** The claim code as typed, or `-` to read it from stdin (keeps it out of shell history). */
  code?: string | undefined;
  balance?: string | undefined;
  /** Reads stdin for `--code -` (tests pass their own). */
  readStdin?: () => Promise<string>;
}

/** What is printed about a gift card: never the code, not even its hash. */
export interface GiftCardView {
  id: string;
  retailer: string;
  balance_cents: number;
  last4: string;
}

const view = (g: GiftCard): GiftCardView => ({ id: g.id, retailer: g.retailer, balance_cents: g.balance_cents, last4: g.last4 });

/** The most `--code -` reads from stdin: a claim code is at most 20 characters, plus room for spaces. */
export const CODE_STDIN_MAX = 4096;

/** Stdin for `--code -`, at most CODE_STDIN_MAX bytes: more (`< /dev/zero`) is refused, not read forever. */
export async function readAllStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > CODE_STDIN_MAX) {
      (stdin as NodeJS.ReadStream).destroy?.();
      throw new UsageError(`--code -: stdin holds more than ${CODE_STDIN_MAX} bytes; a claim code is at most 20 characters.`, 'Pipe just the code: echo XXXX-XXXXXX-XXXX | perk giftcard add amazon --code - --balance 50.');
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function runGiftCardAdd(options: GiftCardAddOptions, ctx: Ctx): Promise<GiftCardView> {
  if (options.code === undefined) {
    throw new UsageError('--code is required.', 'Give the claim code: perk giftcard add amazon --code XXXX-XXXXXX-XXXX --balance 50 (or --code - to read it from stdin).');
  }
  if (options.balance === undefined) {
    throw new UsageError('--balance is required.', 'Give the balance on the card, e.g. --balance 50 or --balance 25.50.');
  }
  const balance = parseAmountArg(options.balance, '--balance', { allowZero: true });
  const typed = options.code === '-' ? await (options.readStdin ?? readAllStdin)() : options.code;
  const store = ctx.store();
  const retailerText = options.retailer;
  // A claim code typed where the retailer goes would be echoed in "unknown retailer": refuse it quietly.
  if (/\d/.test(retailerText) && checkClaimCode(retailerText).ok && !store.retailer(retailerText.toLowerCase())) {
    throw new UsageError('The retailer looks like a claim code.', 'Usage: perk giftcard add <retailer> --code <code> --balance <amount>.');
  }
  const retailer = resolveRetailer(store, retailerText);
  // Amazon's codes are 14–15 characters; other retailers' 8–20 (SPEC 8).
  const check = checkClaimCode(typed, retailer.id);
  if (!check.ok) {
    throw new UsageError(
      `--code is not a gift-card claim code: ${check.reason}.`,
      retailer.id === 'amazon' ? 'Amazon prints claim codes as XXXX-XXXXXX-XXXX; type it exactly.' : 'Type the card number (and PIN, if the card has one) exactly as printed.',
    );
  }
  const hash = hashClaimCode(check.code);
  const card = store.write(() => {
    const existing = store.giftCardByHash(hash);
    if (existing) {
      throw new UsageError(
        `This gift card is already stored as ${existing.id} (code ending ${existing.last4}).`,
        `Change its balance with: perk giftcard set-balance ${existing.id} <amount>.`,
      );
    }
    const lastFour = last4(check.code);
    const id = giftCardId(retailer.id, lastFour, new Set(store.giftCards().map((g) => g.id)));
    const record: GiftCard = { id, retailer: retailer.id, balance_cents: balance, last4: lastFour, code_hash: hash };
    store.upsertGiftCard(record);
    return record;
  });
  if (ctx.json) printJson(ctx, { giftcard: view(card) });
  else ctx.out(`Stored gift card ${card.id} for ${safeText(retailer.name)}: ${formatCents(card.balance_cents)} (code ending ${card.last4}; only the last four and a hash are kept).`);
  return view(card);
}

export interface GiftCardListOptions {
  retailer?: string | undefined;
}

export async function runGiftCardList(options: GiftCardListOptions, ctx: Ctx): Promise<GiftCardView[]> {
  const store = ctx.store();
  const retailer = options.retailer === undefined ? undefined : resolveRetailer(store, options.retailer);
  const cards = store.giftCards(retailer?.id).map(view);
  const total = cards.reduce((s, g) => s + g.balance_cents, 0);
  if (ctx.json) {
    printJson(ctx, { giftcards: cards, total_cents: total });
    return cards;
  }
  const { renderGiftCards } = await import('../ui/catalog-view.js');
  ctx.out(renderGiftCards({ giftcards: cards, total_cents: total }, retailer?.name, viewOptions(ctx)));
  return cards;
}

export interface GiftCardSetBalanceOptions {
  /** Gift card id, the last four characters of its code when they identify one card, or the code. */
  id: string;
  balance: string;
}

function findGiftCard(store: Store, text: string): GiftCard {
  const cards = store.giftCards();
  const byId = cards.find((g) => g.id === text.trim().toLowerCase());
  if (byId) return byId;
  // The full claim code also identifies a card (by its hash); it is never echoed back.
  const asCode = checkClaimCode(text);
  if (asCode.ok) {
    const found = store.giftCardByHash(hashClaimCode(asCode.code));
    if (found) return found;
    throw new UsageError('No stored gift card has that claim code.', 'List them with: perk giftcard list.');
  }
  const byLast4 = cards.filter((g) => g.last4 === text.trim().toUpperCase());
  if (byLast4.length === 1) return byLast4[0] as GiftCard;
  const list = (byLast4.length ? byLast4 : cards).map((g) => g.id);
  // Echo only what cannot be (part of) a claim code: a gift-card id, or the four characters of last4.
  // A near-miss code (a typo, a character short) is not quoted back to the screen or a log.
  const t = text.trim();
  const shown = /^gc-[a-z0-9._-]{1,60}$/i.test(t) || byLast4.length > 1 ? `"${t}"` : undefined;
  throw new UsageError(
    byLast4.length > 1 ? `Several gift cards end in ${shown}.` : shown ? `Unknown gift card ${shown}.` : 'No stored gift card has that id, claim code or last four characters.',
    list.length ? `Gift cards: ${list.join(', ')}.` : 'No gift cards stored (perk giftcard add).',
  );
}

export async function runGiftCardSetBalance(options: GiftCardSetBalanceOptions, ctx: Ctx): Promise<GiftCardView> {
  const balance = parseAmountArg(options.balance, 'The balance', { allowZero: true });
  const store = ctx.store();
  const card = findGiftCard(store, options.id);
  store.write(() => store.setGiftCardBalance(card.id, balance));
  const updated = { ...view(card), balance_cents: balance };
  if (ctx.json) printJson(ctx, { giftcard: updated });
  else ctx.out(`${card.id}: balance ${formatCents(card.balance_cents)} → ${formatCents(balance)}.`);
  return updated;
}

export interface GiftCardRemoveOptions {
  /** Gift card id, the last four characters of its code when they identify one card, or the code. */
  id: string;
}

/**
 * `perk giftcard remove`: forget a gift card (used up, lost, or stored by mistake). Orders paid with it
 * keep their record of what it paid; removing one of them later gives nothing back to a card that is gone.
 */
export async function runGiftCardRemove(options: GiftCardRemoveOptions, ctx: Ctx): Promise<GiftCardView> {
  const store = ctx.store();
  const card = findGiftCard(store, options.id);
  const used = store.write(() => store.removeGiftCard(card.id));
  if (ctx.json) printJson(ctx, { removed: view(card), orders: used });
  else {
    ctx.out(`Removed gift card ${card.id} (${formatCents(card.balance_cents)} left on it, code ending ${card.last4}).`);
    if (used) ctx.out(`${used} order${used === 1 ? '' : 's'} paid with it keep${used === 1 ? 's' : ''} what it paid.`);
  }
  return view(card);
}
