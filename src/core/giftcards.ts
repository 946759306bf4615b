/**
 * Gift-card claim codes: normalised, validated and reduced to a hash and the last four characters.
 * The full code never leaves this module but to be hashed (src/claim-hash.ts).
 */

/** Spaces and dashes removed, upper-cased. */
export function normalizeClaimCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * How long a claim code is (SPEC 8): Amazon prints 14–15 letters and digits; other retailers' cards
 * (a 16-digit Macy's card, a 19-digit one with its PIN…) 8–20. Without a retailer: any of them.
 */
export function claimCodeLength(retailer?: string): { min: number; max: number } {
  return retailer === 'amazon' ? { min: 14, max: 15 } : { min: 8, max: 20 };
}

/** A normalised code is letters and digits, as many as the retailer's codes have. */
export function isValidClaimCode(normalized: string, retailer?: string): boolean {
  const { min, max } = claimCodeLength(retailer);
  return /^[A-Z0-9]+$/.test(normalized) && normalized.length >= min && normalized.length <= max;
}

export function last4(normalized: string): string {
  return normalized.slice(-4);
}

/** One card's share of a purchase paid from gift-card balances. */
export interface GiftCardSpend {
  id: string;
  used_cents: number;
  balance_after_cents: number;
}

/**
 * Spend stored balances against `amount` cents: smallest balance first (so partly used cards are
 * emptied instead of leaving several small remainders), ties by id. Cards with no balance are skipped;
 * `perCard` lists only the cards actually drawn on, in spending order. `used` ≤ `amount`.
 */
export function spendGiftCards(
  cards: ReadonlyArray<{ id: string; balance_cents: number }>,
  amount: number,
): { used: number; perCard: GiftCardSpend[] } {
  const ordered = cards
    .filter((c) => c.balance_cents > 0)
    .slice()
    .sort((a, b) => a.balance_cents - b.balance_cents || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let remaining = Math.max(0, amount);
  const perCard: GiftCardSpend[] = [];
  for (const card of ordered) {
    if (remaining === 0) break;
    const take = Math.min(card.balance_cents, remaining);
    remaining -= take;
    perCard.push({ id: card.id, used_cents: take, balance_after_cents: card.balance_cents - take });
  }
  return { used: Math.max(0, amount) - remaining, perCard };
}

/**
 * How a purchase of `price` cents is paid (SPEC 8): up to `giftBalance` from gift cards (never more than
 * the price), the rest charged to the card. charged = price − gift card; card earn and card-linked
 * offers apply to the charged part only.
 */
export function splitPayment(price: number, giftBalance: number): { gift_cents: number; charged_cents: number } {
  const total = Math.max(0, price);
  const gift = Math.min(Math.max(0, giftBalance), total);
  return { gift_cents: gift, charged_cents: total - gift };
}

/** What an order took from one gift card. */
export interface GiftCardUse {
  giftcard: string;
  cents: number;
}

/**
 * What removing an order gives back to its gift cards: what it took from each (`uses`, its per-card
 * record). Without a record that agrees with the order (orders from before migration 3, or replaced by a
 * load), its whole gift-card amount goes back to the card it names.
 */
export function giftCardRefunds(order: { giftcard?: string | null | undefined; giftcard_cents: number }, uses: readonly GiftCardUse[]): GiftCardUse[] {
  const agrees = uses[0]?.giftcard === order.giftcard && uses.reduce((s, u) => s + u.cents, 0) === order.giftcard_cents;
  if (agrees) return [...uses];
  return order.giftcard && order.giftcard_cents > 0 ? [{ giftcard: order.giftcard, cents: order.giftcard_cents }] : [];
}

/** The result of reading a claim code typed by the user: the normalised code, or why it is refused. */
export type ClaimCodeCheck = { ok: true; code: string } | { ok: false; reason: string };

/**
 * Normalise and validate a typed claim code. The reason never quotes the code (a mistyped code is
 * still mostly the real one), only its length and what is wrong with it.
 */
export function checkClaimCode(typed: string, retailer?: string): ClaimCodeCheck {
  const code = normalizeClaimCode(typed);
  if (isValidClaimCode(code, retailer)) return { ok: true, code };
  if (code.length === 0) return { ok: false, reason: 'the claim code is empty' };
  if (/[^A-Z0-9]/.test(code)) return { ok: false, reason: 'a claim code has only letters and digits (spaces and dashes are ignored)' };
  const { min, max } = claimCodeLength(retailer);
  const whose = retailer === 'amazon' ? 'an Amazon claim code' : 'a claim code';
  return { ok: false, reason: `${whose} has ${min} to ${max} letters and digits, this one has ${code.length}` };
}

/**
 * A new gift card's id: `gc-<retailer>-<last4>` in lower case, with `-2`, `-3`, … when that id is
 * taken (two cards can end in the same four characters).
 */
export function giftCardId(retailer: string, lastFour: string, taken: ReadonlySet<string> | readonly string[]): string {
  const used = taken instanceof Set ? taken : new Set(taken as readonly string[]);
  const base = `gc-${retailer}-${lastFour.toLowerCase()}`;
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base}-${n}`;
    if (!used.has(id)) return id;
  }
}
