/** The payout currency of a portal and the units it pays for an amount of cash back. */
import { centsToUnits, type Cents, type Units } from './money.js';
import { isMilesPortal } from './rates.js';
import { payoutSetting } from './settings.js';
import type { Portal } from './types.js';
import { unitsPerCent, type Holdings } from './wallet.js';

/**
 * Payout currencies a portal can only pay into when the user holds a card earning that currency:
 * Rakuten pays Membership Rewards only to a U.S. Amex card enrolled in MR (DOMAIN.md). Bilt points
 * need only a (free) Bilt account.
 */
export const PAYOUT_NEEDS_CARD: ReadonlySet<string> = new Set(['MR']);

/** A payout in `currency` cannot reach the user: it needs a card earning it (MR) and none held does (SPEC 9.2). */
export function payoutLacksCard(currency: string, heldCurrencies: readonly string[] | ReadonlySet<string>): boolean {
  const held = heldCurrencies instanceof Set ? heldCurrencies : new Set(heldCurrencies);
  return PAYOUT_NEEDS_CARD.has(currency) && !held.has(currency);
}

/**
 * The payout currency: config `portal.<id>.payout` (when the portal offers it) > `default_payout`. With
 * `held` (the currencies of the user's cards), a currency that needs a card of its own (MR) and has none
 * falls back to USD, as in the stack (SPEC section 5 step 3).
 */
export function payoutCurrency(
  portal: Pick<Portal, 'id' | 'payout_options' | 'default_payout'>,
  config: Readonly<Record<string, string>>,
  held?: readonly string[],
): string {
  const configured = payoutSetting(config, portal.id);
  const wanted = configured !== undefined && portal.payout_options[configured] !== undefined ? configured : portal.default_payout;
  if (held !== undefined && payoutLacksCard(wanted, held)) {
    return portal.payout_options.USD !== undefined ? 'USD' : portal.default_payout;
  }
  return wanted;
}

/**
 * Units paid in `currency` for `cents` of cash back: cents × units per cent (SPEC 9.2: by the wallet
 * `held`, or the config override), rounded once.
 */
export function payoutUnits(
  portal: Pick<Portal, 'id' | 'payout_options'>,
  currency: string,
  cents: Cents,
  held?: Pick<Holdings, 'cards'>,
  config: Readonly<Record<string, string>> = {},
): Units {
  return centsToUnits(cents, unitsPerCent(portal, currency, held, config) ?? 0);
}

/** The currency a portal's balance is kept in: USD, or for a portal that pays no cash (miles only) its default payout. */
export function balanceCurrency(portal: Pick<Portal, 'payout_options' | 'default_payout'>): string {
  return isMilesPortal(portal) ? portal.default_payout : 'USD';
}
