/**
 * Promo codes (SPEC section 2 step 2, section 8): which of the codes a shopper typed are valid for a
 * purchase (retailer, dates, minimum on the original subtotal, uses left) and what each takes off.
 * Several codes each apply to the original subtotal — they never compound — and the total discount
 * never exceeds the subtotal. Shared by `perk stack`, `perk order add --promo` and `perk promo list`.
 */
import { inWindow, type IsoDate } from './dates.js';
import { formatCents, percentOf, type Cents } from './money.js';
import type { Promo } from './types.js';

export type PromoRejection =
  | 'unknown'
  | 'duplicate'
  | 'other_retailer'
  | 'not_started'
  | 'expired'
  | 'below_minimum'
  | 'used_up';

export interface AppliedPromo {
  /** The code as stored. */
  code: string;
  promo: Promo;
  /** What this code takes off the original subtotal, in cents. */
  discount_cents: Cents;
  /** False when using the code may void the portal's cash back. */
  portal_safe: boolean;
}

export interface RejectedPromo {
  /** The code as the user typed it. */
  code: string;
  reason: PromoRejection;
  /** One sentence for people, e.g. `SAVE10 needs a subtotal of at least $50.00`. */
  message: string;
}

export interface PromoEvaluation {
  applied: AppliedPromo[];
  rejected: RejectedPromo[];
  /** Sum of the applied discounts, clamped to the subtotal. */
  discount_cents: Cents;
  /** The subtotal after every applied discount (never below 0). */
  price_cents: Cents;
  /** Some applied code is not portal-safe. */
  voids_portal: boolean;
}

export interface PromoInput {
  /** Codes as typed (matched case-insensitively against stored codes). */
  codes: readonly string[];
  retailer: string;
  /** Original pre-tax subtotal, cents. */
  subtotal_cents: Cents;
  date: IsoDate;
  /** Stored promos (those of the retailer suffice; others are reported as `other_retailer`). */
  promos: readonly Promo[];
  /** Uses already recorded in the order log for a stored code at its retailer. */
  usesOf: (promo: Promo) => number;
}

/** A promo code as perk stores it (normalised): letters and digits, also . _ -, up to 64 characters. */
export function isPromoCode(normalized: string): boolean {
  return /^[A-Z0-9][A-Z0-9._-]{0,63}$/.test(normalized);
}

/** Normalised form used to compare codes: trimmed, upper case. */
export function normalizePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What one promo takes off a subtotal (an amount capped at the subtotal, or a rounded percent). */
export function promoDiscount(promo: Promo, subtotal: Cents): Cents {
  const raw = promo.kind === 'percent' ? percentOf(subtotal, promo.percent ?? 0) : (promo.amount_cents ?? 0);
  return Math.max(0, Math.min(raw, subtotal));
}

/** Uses left of a promo given the uses recorded (max_uses defaults to 1). */
export function promoUsesLeft(promo: Promo, used: number): number {
  return Math.max(0, (promo.max_uses ?? 1) - used);
}

/**
 * Why a stored promo cannot be used for this purchase, or undefined when it can.
 * `used` is the number of uses already in the order log.
 */
export function promoRejection(
  promo: Promo,
  purchase: { retailer: string; subtotal_cents: Cents; date: IsoDate },
  used: number,
): PromoRejection | undefined {
  if (promo.retailer !== purchase.retailer) return 'other_retailer';
  if (promo.from !== undefined && purchase.date < promo.from) return 'not_started';
  if (!inWindow(purchase.date, promo.from, promo.to)) return 'expired';
  if (purchase.subtotal_cents < (promo.min_purchase_cents ?? 0)) return 'below_minimum';
  if (promoUsesLeft(promo, used) === 0) return 'used_up';
  return undefined;
}

function rejectionMessage(code: string, reason: PromoRejection, promo: Promo | undefined, retailer: string): string {
  switch (reason) {
    case 'unknown':
      return `${code} is not a stored promo code for ${retailer} (add it with "perk promo add")`;
    case 'duplicate':
      return `${code} was given more than once`;
    case 'other_retailer':
      return `${code} is a code for ${promo?.retailer ?? 'another retailer'}, not ${retailer}`;
    case 'not_started':
      return `${code} starts on ${promo?.from ?? '?'}`;
    case 'expired':
      return `${code} expired on ${promo?.to ?? '?'}`;
    case 'below_minimum':
      return `${code} needs a subtotal of at least ${formatCents(promo?.min_purchase_cents ?? 0)}`;
    case 'used_up':
      return `${code} has no uses left (max ${promo?.max_uses ?? 1})`;
  }
}

/**
 * Evaluate the codes a shopper typed: each valid one is a discount on the original subtotal; the rest
 * are rejected with a reason. The order of `applied` follows the order the codes were given.
 */
export function evaluatePromos(input: PromoInput): PromoEvaluation {
  const applied: AppliedPromo[] = [];
  const rejected: RejectedPromo[] = [];
  const seen = new Set<string>();
  let taken = 0;
  for (const typed of input.codes) {
    const key = normalizePromoCode(typed);
    if (seen.has(key)) {
      rejected.push({ code: typed, reason: 'duplicate', message: rejectionMessage(typed, 'duplicate', undefined, input.retailer) });
      continue;
    }
    seen.add(key);
    const matches = input.promos.filter((p) => normalizePromoCode(p.code) === key);
    const promo = matches.find((p) => p.retailer === input.retailer) ?? matches[0];
    if (!promo) {
      rejected.push({ code: typed, reason: 'unknown', message: rejectionMessage(typed, 'unknown', undefined, input.retailer) });
      continue;
    }
    const reason = promoRejection(promo, input, input.usesOf(promo));
    if (reason) {
      rejected.push({ code: typed, reason, message: rejectionMessage(promo.code, reason, promo, input.retailer) });
      continue;
    }
    // Each code is computed on the original subtotal; only the total is clamped (to the subtotal), so
    // the per-code discounts always add up to the discount actually taken.
    const room = Math.max(0, input.subtotal_cents) - taken;
    const discount = Math.min(promoDiscount(promo, input.subtotal_cents), room);
    taken += discount;
    applied.push({ code: promo.code, promo, discount_cents: discount, portal_safe: promo.portal_safe === true });
  }
  const discount = taken;
  return {
    applied,
    rejected,
    discount_cents: discount,
    price_cents: Math.max(0, input.subtotal_cents - discount),
    voids_portal: applied.some((a) => !a.portal_safe),
  };
}

/** `$10.00 off` or `10% off`. */
export function describeDiscount(p: Promo): string {
  return p.kind === 'percent' ? `${p.percent ?? 0}% off` : `${formatCents(p.amount_cents ?? 0)} off`;
}

/** `$10.00 off a $50.00+ order` / `10% off`. */
export function describePromo(p: Promo): string {
  const off = describeDiscount(p);
  return p.min_purchase_cents ? `${off} a ${formatCents(p.min_purchase_cents)}+ order` : off;
}

/** `2026-11-01 to 2026-11-30`, `until 2026-12-31`, `from 2026-11-25`, `any time`. */
export function describeDates(p: Promo): string {
  if (p.from && p.to) return `${p.from} to ${p.to}`;
  if (p.to) return `until ${p.to}`;
  if (p.from) return `from ${p.from}`;
  return 'any time';
}
