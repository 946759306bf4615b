/**
 * What an order's status lets it count for (SPEC 6): an ineligible order counts for nothing — no cash
 * back in a payout, no use of a card-linked offer or a promo code, no spend toward a cap or in a replay.
 * The database reads orders through `COUNTED_STATUSES` (a parameter list, db/store*.ts) and core
 * filters with `counts`: one definition of the rule.
 */
import type { OrderStatus } from './types.js';

/** The statuses of orders that count: pending and confirmed. */
export const COUNTED_STATUSES: readonly OrderStatus[] = ['pending', 'confirmed'];

/** Whether an order (or a portal bonus) counts: not ineligible. */
export function counts(entry: { status: OrderStatus }): boolean {
  return COUNTED_STATUSES.includes(entry.status);
}
