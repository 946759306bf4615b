/**
 * What the user holds (SPEC 9.1–9.2): the cards of the wallet, or — for an empty wallet — the whole
 * catalog, as the stack compares it (SPEC section 5). Redemption paths and payout units that carry
 * `requires` are available only while one of the cards named is held.
 */
import { unitsSetting } from './settings.js';
import type { Card, Portal } from './types.js';

export interface Holdings {
  /** Ids of the cards held (the whole catalog for an empty wallet). */
  cards: ReadonlySet<string>;
  /** Currencies those cards earn. */
  currencies: ReadonlySet<string>;
  /** The wallet is empty, so the catalog stands in for it. */
  empty: boolean;
}

/** The cards in scope (SPEC section 5): the wallet, or — an empty wallet holds the whole catalog — the catalog. */
export function cardsInScope(wallet: readonly Card[], catalog: readonly Card[]): readonly Card[] {
  return wallet.length ? wallet : catalog;
}

/** What the cards in scope hold (cardsInScope). */
export function holdings(wallet: readonly Card[], catalog: readonly Card[]): Holdings {
  const cards = cardsInScope(wallet, catalog);
  return {
    cards: new Set(cards.map((c) => c.id)),
    currencies: new Set(cards.map((c) => c.currency)),
    empty: wallet.length === 0,
  };
}

/** The cards a purchase compares, and what the user is taken to hold while comparing them. */
export interface Compared {
  cards: readonly Card[];
  held: Holdings;
  /** No card was named and the wallet is empty: the whole catalog is compared. */
  catalogStandsIn: boolean;
}

/**
 * The cards a purchase compares (SPEC section 5, 9.1): the cards named (`perk stack --card`), else the
 * wallet, else the whole catalog. A card named counts as held (paying with it means holding it): a
 * Sapphire asked about unlocks UR transfers for its own points.
 */
export function comparedCards(wallet: readonly Card[], catalog: readonly Card[], named: readonly Card[] = []): Compared {
  const extra = named.filter((c) => !wallet.some((w) => w.id === c.id));
  return {
    cards: named.length ? named : cardsInScope(wallet, catalog),
    held: holdings(wallet.length ? [...wallet, ...extra] : [], catalog),
    catalogStandsIn: !named.length && !wallet.length,
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
  const configured = unitsSetting(config, portal.id, currency);
  if (configured !== undefined) return configured;
  if (typeof option === 'number') return option;
  const entry = option.find((e) => meets(e.requires, held)) ?? option[option.length - 1];
  return entry?.units;
}
