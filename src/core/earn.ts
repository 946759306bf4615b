/**
 * Card earn (SPEC section 5 step 6): the best matching rule up to the cap left in its period, the rest
 * at the next best rule, finally `base`. Units are summed exactly and rounded once.
 */
import { ruleMatches, type PurchaseContext } from './caps.js';
import { inWindow, type IsoDate } from './dates.js';
import { bigDivRound, toScaled, RATE_SCALE, type Cents, type Units } from './money.js';

// Amounts × scaled multipliers are summed as BigInt, so even absurd purchases stay exact.
import type { Card, EarnRule } from './types.js';

export interface EarnPart {
  /** The rule that earned on this part; undefined for the card's base rate. */
  rule: EarnRule | undefined;
  multiplier: number;
  cents: Cents;
}

export interface EarnResult {
  units: Units;
  parts: EarnPart[];
  /** Capped rules whose cap this purchase reaches (warning: "cap running out"). */
  exhausted: EarnRule[];
}

/**
 * Earn on `amount` cents. `capLeft(rule)` gives the cents left in the rule's current cap period
 * (undefined for an uncapped rule).
 */
export function computeEarn(
  card: Card,
  amount: Cents,
  purchase: PurchaseContext,
  capLeft: (rule: EarnRule) => Cents | undefined,
): EarnResult {
  const candidates = card.earn
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => rule.multiplier > card.base && ruleMatches(rule, purchase))
    .sort((a, b) => b.rule.multiplier - a.rule.multiplier || a.index - b.index);
  let remaining = Math.max(0, amount);
  let numerator = 0n;
  const parts: EarnPart[] = [];
  const exhausted: EarnRule[] = [];
  for (const { rule } of candidates) {
    if (remaining === 0) break;
    const left = rule.cap_cents === undefined ? undefined : Math.max(0, capLeft(rule) ?? rule.cap_cents);
    const take = left === undefined ? remaining : Math.min(remaining, left);
    if (left !== undefined && left > 0 && remaining >= left) exhausted.push(rule);
    if (take === 0) continue;
    numerator += BigInt(take) * BigInt(toScaled(rule.multiplier, RATE_SCALE));
    parts.push({ rule, multiplier: rule.multiplier, cents: take });
    remaining -= take;
  }
  if (remaining > 0) {
    numerator += BigInt(remaining) * BigInt(toScaled(card.base, RATE_SCALE));
    parts.push({ rule: undefined, multiplier: card.base, cents: remaining });
  }
  return { units: Number(bigDivRound(numerator, BigInt(100 * RATE_SCALE))), parts, exhausted };
}

/**
 * What each card earns in a category beyond its base (`perk categories`): the best multiplier of its
 * rules for the category or a parent of it (`chain`), valid on `date`, without a `via` (a rule that needs a
 * shopping or travel portal is not the category's own rate); cards earning nothing more left out, best first (ties by card id).
 */
export function categoryEarn(cards: readonly Card[], chain: readonly string[], date: IsoDate): Array<{ card: string; multiplier: number }> {
  return cards
    .map((card) => ({
      card: card.id,
      multiplier: Math.max(0, ...card.earn.filter((r) => r.category && chain.includes(r.category) && !r.via && inWindow(date, r.from, r.to)).map((r) => r.multiplier)),
    }))
    .filter((e) => e.multiplier > 0)
    .sort((a, b) => b.multiplier - a.multiplier || a.card.localeCompare(b.card));
}
