/**
 * The status of a stored promo code on a day, for `perk promo list`: the purchase-independent part of
 * the validity rules in `promos.ts` (dates and uses left; the minimum depends on the purchase).
 */
import type { IsoDate } from './dates.js';
import { promoRejection, promoUsesLeft } from './promos.js';
import type { Promo } from './types.js';

export type PromoStatus = 'active' | 'not_started' | 'expired' | 'used_up';

export interface PromoState {
  status: PromoStatus;
  uses: number;
  uses_left: number;
}

/** Expired beats used up beats not started: the most final reason is shown. */
export function promoStatus(promo: Promo, used: number, today: IsoDate): PromoState {
  const uses_left = promoUsesLeft(promo, used);
  const state = (status: PromoStatus): PromoState => ({ status, uses: used, uses_left });
  if (promo.to !== undefined && today > promo.to) return state('expired');
  if (uses_left === 0) return state('used_up');
  // A purchase that meets the minimum, so only the dates and uses decide.
  const reason = promoRejection(promo, { retailer: promo.retailer, subtotal_cents: promo.min_purchase_cents ?? 0, date: today }, used);
  if (reason === 'not_started') return state('not_started');
  if (reason === 'expired') return state('expired');
  if (reason === 'used_up') return state('used_up');
  return state('active');
}

/** `expired`, `used up`, `not started`, `active`. */
export function promoStatusLabel(status: PromoStatus): string {
  return status.replace('_', ' ');
}
