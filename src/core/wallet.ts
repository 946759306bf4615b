/**
 * What the user holds (SPEC 9.1–9.2): the cards of the wallet, or — for an empty wallet — the whole
 * catalog, as the stack compares it (SPEC section 5). Redemption paths and payout units that carry
 * `requires` are available only while one of the cards named is held.
 */
import type { Card, Portal } from './types.js';

export interface Holdings {
  /** Ids of the cards held (the whole catalog for an empty wallet). */
  cards: ReadonlySet<string>;
  /** Currencies those cards earn. */
  currencies: ReadonlySet<string>;
  /** The wallet is empty, so the catalog stands in for it. */
  empty: boolean;
}

/** The cards in scope: the wallet, or the whole catalog when the wallet is empty. */
export function holdings(wallet: readonly Card[], catalog: readonly Card[]): Holdings {
  const cards = wallet.length ? wallet : catalog;
  return {
    cards: new Set(cards.map((c) => c.id)),
    currencies: new Set(cards.map((c) => c.currency)),
    empty: wallet.length === 0,
  };
}

/** A `requires` list is met when it is absent or the holdings include one of its cards. */
export function meets(requires: readonly string[] | undefined, held: Pick<Holdings, 'cards'> | undefined): boolean {
  if (!requires?.length || held === undefined) return true;
  return requires.some((id) => held.cards.has(id));
}

/**
 * Units a portal pays per cent of cash back in `currency` (SPEC 9.2): config `portal.<id>.units.<CUR>`,
 * else the option's number, else the first entry of its list whose `requires` the holdings meet.
 * Undefined when the portal does not pay in that currency (USD: 1 when not listed).
 */
export function unitsPerCent(
  portal: Pick<Portal, 'id' | 'payout_options'>,
  currency: string,
  held: Pick<Holdings, 'cards'> | undefined,
  config: Readonly<Record<string, string>> = {},
): number | undefined {
  const option = portal.payout_options[currency];
  if (option === undefined) return currency === 'USD' ? 1 : undefined;
  const configured = config[`portal.${portal.id}.units.${currency}`];
  if (configured !== undefined && configured.trim() !== '') {
    const n = Number(configured);
    if (Number.isFinite(n) && n > 0) return n;
  }
  if (typeof option === 'number') return option;
  const entry = option.find((e) => meets(e.requires, held)) ?? option[option.length - 1];
  return entry?.units;
}
