/** How a portal's balance reads in the order and payout views. */
import { formatCents, formatUnits, type Cents } from '../core/money.js';
import { balanceCurrency } from '../core/payout-currency.js';
import type { Portal } from '../core/types.js';

/** A formatter of a portal's amounts (see balanceFormatter). */
export type BalanceFormat = (portal: string | null | undefined, cents: Cents) => string;

/**
 * How a portal's balance reads: dollars for a cash-back portal; for a miles portal (no USD payout, SPEC
 * 11.4) its amounts are units of its currency (`800 AA`), as `expected_cents` holds them.
 */
export function balanceFormatter(portals: readonly Portal[]): BalanceFormat {
  const miles = new Map(portals.map((p) => [p.id, balanceCurrency(p)] as const).filter(([, currency]) => currency !== 'USD'));
  return (portal, cents) => {
    const currency = portal ? miles.get(portal) : undefined;
    return currency === undefined ? formatCents(cents) : `${formatUnits(cents)} ${currency}`;
  };
}
