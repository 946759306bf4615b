/** The stack's shapes: its input, options, components and result, and the parts an option is built from. */
import type { IsoDate } from './dates.js';
import type { Cents, Units } from './money.js';
import type { Card, Channel, Currency, EarnRule, Offer, Portal, PortalRate, Promo, Retailer } from './types.js';
import type { Holdings } from './wallet.js';

export type ComponentSource = 'portal' | 'card' | 'offer' | 'promo';

export interface StackComponent {
  source: ComponentSource;
  id: string;
  currency: string;
  units: Units;
  value_cents: Cents;
}

export interface StackOption {
  rank: number;
  card: string;
  /** The shopping portal crediting the order; null for none (also for a click-through offer). */
  portal: string | null;
  /** The portal's payout currency; null without a portal. */
  payout: string | null;
  /** Promo codes used by this option. */
  promos: string[];
  charged_cents: Cents;
  components: StackComponent[];
  total_value_cents: Cents;
  effective_rate: number;
  warnings: string[];
  // ---- additions to the SPEC shape ----
  /** The portal rate, e.g. "10%" or "$25.00"; null without a portal. */
  rate: string | null;
  /** The card-linked offer used, if any. */
  offer: string | null;
  /** The click-through offer (Capital One Offers) crediting the order instead of a portal, if any. */
  click_through: string | null;
  /** Gift-card balance spent before charging the card. */
  gift_card_cents: Cents;
  /** One line for people: "Rakuten 6% as 1,200 MR ($24.00) + Amex Offer $25.00 + 175 MR ($3.50) = $52.50, 26.3%". */
  explanation: string;
}

export interface StackInput {
  date: IsoDate;
  retailer: Retailer;
  /** Original pre-tax subtotal, cents. */
  amount_cents: Cents;
  /** The purchase category (`--category` or the retailer's). */
  category: string;
  /** `category` followed by its ancestors. */
  chain: readonly string[];
  channel: Channel;
  /** The cards to compare (the wallet, `--card`, or the whole catalog for an empty wallet). */
  cards: readonly Card[];
  /** Currencies of the cards the user holds (for payouts that need one, e.g. MR). */
  heldCurrencies: readonly string[];
  /** The cards the user holds (the catalog for an empty wallet), for paths and payout units that require one. */
  held?: Pick<Holdings, 'cards'> | undefined;
  portals: readonly Portal[];
  /** The retailer's rates (any portal, channel and date). */
  rates: readonly PortalRate[];
  /** `--portal <id>` (only that portal) or `--no-portal` (false); undefined = every option. */
  portal?: string | false | undefined;
  /** The retailer's card-linked offers. */
  offers: readonly Offer[];
  offerUses: (offer: Offer) => number;
  /** `--promo` codes as typed. */
  promoCodes: readonly string[];
  /** The retailer's stored promos. */
  promos: readonly Promo[];
  promoUses: (promo: Promo) => number;
  /** Gift-card balance to spend first (`--gift-card`), 0 otherwise. */
  giftCardBalanceCents: Cents;
  /** `--via <portal>`: an issuer travel portal the purchase is booked through. */
  via?: string | undefined;
  /** `--payout <currency>`. */
  payout?: string | undefined;
  config: Readonly<Record<string, string>>;
  currencies: readonly Currency[];
  /** `--path CUR=path` overrides. */
  pathOverrides: Readonly<Record<string, string>>;
  /** Cents left on `date` in a capped rule's period for `card` (undefined for an uncapped rule). */
  capLeft: (card: Card, rule: EarnRule) => Cents | undefined;
}

export interface StackResult {
  date: IsoDate;
  retailer: { id: string; name: string; category: string };
  amount_cents: Cents;
  /** Additions: the category and channel used, promo outcome and notes for people. */
  category: string;
  channel: Channel;
  promos: { applied: Array<{ code: string; discount_cents: Cents; portal_safe: boolean }>; rejected: Array<{ code: string; reason: string; message: string }> };
  notes: string[];
  /** The redemption path used for each points currency in the options. */
  paths: Array<{ currency: string; path: string; cpp: number }>;
  options: StackOption[];
}

/** A component of an option with its line in the explanation. */
export interface Part {
  component: StackComponent;
  label: string;
}

export type ValueOf = (currency: string, units: Units) => Cents;
export type Money = (currency: string, units: Units, value: Cents) => string;

export function part(c: Omit<StackComponent, 'value_cents'>, valueOf: ValueOf, label: (value: Cents) => string): Part {
  const value_cents = valueOf(c.currency, c.units);
  return { component: { ...c, value_cents }, label: label(value_cents) };
}
