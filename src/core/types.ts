/**
 * Domain records as the core sees them: the data format v1 kinds after validation, plus orders and
 * bonuses. Money is integer cents, points integer units; decimals (percent, multiplier, cpp) are kept as
 * given and only turned into scaled integers inside the money functions.
 */
import type { Cents, Units } from './money.js';
import type { IsoDate, Period } from './dates.js';

export interface Category {
  id: string;
  parent?: string | undefined;
}

/**
 * What an object path may add (SPEC 9.1, README): `requires` — the path is available only while the
 * wallet holds one of these cards; `variant_of` — the same redemption as another path (with a fee, say),
 * so the user's cpp for that path applies to this one too.
 */
export interface PathExtras {
  note?: string | undefined;
  requires?: string[] | undefined;
  variant_of?: string | undefined;
}

/** A redemption path: a flat cpp, a cpp with a per-transfer fee, or tiers by units redeemed. */
export type PathValue =
  | number
  | ({ cpp: number; fee_per_unit_cents?: number | undefined; fee_max_cents?: Cents | undefined } & PathExtras)
  | ({ tiers: Array<{ up_to_units?: Units | undefined; cpp: number }> } & PathExtras);

export interface Currency {
  code: string;
  name: string;
  paths: Record<string, PathValue>;
  default_path: string;
}

export type PayoutUnits = number | Array<{ units: number; requires?: string[] | undefined }>;

export type ConfirmDays = [number, number] | Record<string, [number, number]>;

/** A portal that pays on each of `months` on `day` (clamped to the month's length). */
export interface PayoutCalendar {
  months: number[];
  day: number;
  minimum_cents: Cents;
}

/** A portal that pays when the member asks, once the confirmed balance reaches the minimum. */
export interface PayoutOnRequest {
  on_request: true;
  minimum_cents: Cents;
}

export type PayoutSchedule = PayoutCalendar | PayoutOnRequest;

export interface Portal {
  id: string;
  name: string;
  payout: PayoutSchedule;
  /**
   * Units paid per cent of cash back, by currency code: a number, or (SPEC 9.2) a list of entries whose
   * first with its `requires` met by the wallet applies (no `requires` = always).
   */
  payout_options: Record<string, PayoutUnits>;
  /** Categories the portal pays nothing on (SPEC 9.8), e.g. gift_cards. */
  excludes?: string[] | undefined;
  default_payout: string;
  confirm_days: ConfirmDays;
}

export interface Retailer {
  id: string;
  name: string;
  category: string;
  aliases?: string[] | undefined;
}

export type Channel = 'online' | 'in_store' | 'dining';

export interface PortalRate {
  portal: string;
  retailer: string;
  percent?: number | undefined;
  flat_cents?: Cents | undefined;
  /** Miles (units of the portal's only payout currency) per $1 (SPEC 11.4), instead of percent or flat_cents. */
  units_per_dollar?: number | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  as_of?: IsoDate | undefined;
  channel?: Channel | undefined;
}

/** A target for the best stacked return at a retailer (SPEC 11.3). */
export interface Watch {
  id: number;
  retailer: string;
  /** The return wanted, in percent of the amount (10 = 10%). */
  target_percent: number;
  amount_cents: Cents;
  created: IsoDate;
}

export interface EarnRule {
  category?: string | undefined;
  multiplier: number;
  cap_cents?: Cents | undefined;
  cap_period?: Period | undefined;
  via?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

/** A card's public welcome offer (SPEC 10.4): `units` after `min_spend_cents` within `days` of opening. */
export interface Welcome {
  units: Units;
  min_spend_cents: Cents;
  days: number;
  /** When the offer was seen (offers change monthly). */
  as_of?: IsoDate | undefined;
  note?: string | undefined;
}

export interface Card {
  id: string;
  issuer: string;
  name: string;
  currency: string;
  annual_fee_cents: Cents;
  base: number;
  earn: EarnRule[];
  pays_via?: string | null | undefined;
  welcome?: Welcome | undefined;
}

export type OfferKind = 'credit' | 'percent' | 'points' | 'points_per_dollar';

export interface Offer {
  id: string;
  issuer: string;
  card: string;
  retailer: string;
  kind: OfferKind;
  min_spend_cents?: Cents | undefined;
  credit_cents?: Cents | undefined;
  percent?: number | undefined;
  max_credit_cents?: Cents | undefined;
  points?: Units | undefined;
  points_per_dollar?: number | undefined;
  max_points?: Units | undefined;
  max_uses?: number | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  click_through?: boolean | undefined;
  /** The offer has been added to the card (SPEC 9.6); default true. */
  added?: boolean | undefined;
}

export interface Promo {
  code: string;
  retailer: string;
  kind: 'amount' | 'percent';
  amount_cents?: Cents | undefined;
  percent?: number | undefined;
  min_purchase_cents?: Cents | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
  max_uses?: number | undefined;
  portal_safe?: boolean | undefined;
}

/** A stored gift card: never the full code, only its last four characters and a hash. */
export interface GiftCard {
  id: string;
  retailer: string;
  balance_cents: Cents;
  last4: string;
  code_hash: string;
}

export type OrderStatus = 'pending' | 'confirmed' | 'ineligible';

export interface Order {
  id: number;
  date: IsoDate;
  retailer: string;
  amount_cents: Cents;
  category: string;
  card?: string | null | undefined;
  portal?: string | null | undefined;
  channel: Channel;
  /** Issuer travel portal the purchase was booked through (`amex_travel`, …). */
  via?: string | null | undefined;
  offer?: string | null | undefined;
  promos: string[];
  giftcard?: string | null | undefined;
  giftcard_cents: Cents;
  /** Amount charged to the card: after promos and gift-card balance. */
  charged_cents: Cents;
  /** Cash back expected from the portal (rate on the order date plus any pays_via card earn). */
  expected_cents: Cents;
  /**
   * The shopping portal credits the order (SPEC 9.7): its own cash back was above 0 when recorded. A
   * `via` portal card rule earns and uses its cap only on credited orders (core/caps.ts `portalCredited`).
   * Omitted (older files): credited when `expected_cents` is above 0.
   */
  portal_credited?: boolean | undefined;
  actual_cents?: Cents | null | undefined;
  status: OrderStatus;
  confirmed_on?: IsoDate | null | undefined;
  note?: string | null | undefined;
  /** Travel: the last day of the trip; the portal's confirmation window counts from it. */
  trip_end?: IsoDate | null | undefined;
}

export interface Bonus {
  id: number;
  portal: string;
  amount_cents: Cents;
  date: IsoDate;
  status: OrderStatus;
  confirmed_on?: IsoDate | null | undefined;
  note?: string | null | undefined;
}
