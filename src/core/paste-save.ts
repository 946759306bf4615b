/**
 * What saving a pasted page does (SPEC 11.1, 11.2): which retailer a merchant is (never a guess), the
 * offer record of a pasted offer, the rate record of a pasted rate, and whether each is new, changed or
 * unchanged. Pure: the stored records come in, the records to save come out.
 */
import type { IsoDate } from './dates.js';
import { nearest, squash } from './match.js';
import { OFFER_TERM_FIELDS, type PastedOffer, type PastedRate, type RateValue } from './paste.js';
import { describeRate, validRate } from './rates.js';
import type { Card, Channel, Offer, PortalRate, Retailer } from './types.js';

/** The retailer look-ups a merchant is matched with (db/store-catalog.ts). */
export interface RetailerLookup {
  retailer(id: string): Retailer | undefined;
  retailersByName(text: string): Retailer[];
  retailersByAlias(text: string): Retailer[];
  /** Every retailer's id, name and aliases (a JSON list). */
  retailerKeys(): Array<{ id: string; name: string; aliases: string }>;
}

/** An unknown merchant: reported with the nearest retailers, never guessed. */
export interface UnknownMerchant {
  line: number;
  merchant: string;
  suggestions: string[];
}

/**
 * A merchant name as it is on the page → a retailer by id, name or alias, or the same letters and
 * digits as one of those ("Macys" is Macy's); anything looser is a guess, so it is not made.
 */
export function matchMerchant(lookup: RetailerLookup, merchant: string): Retailer | { suggestions: string[] } {
  const text = merchant.trim();
  const exact = lookup.retailer(text.toLowerCase());
  if (exact) return exact;
  for (const found of [lookup.retailersByName(text), lookup.retailersByAlias(text)]) if (found.length === 1) return found[0]!;
  const keys = lookup.retailerKeys().map((r) => ({ id: r.id, keys: [r.id, r.name, ...(JSON.parse(r.aliases) as string[])] }));
  const q = squash(text);
  const same = keys.filter((k) => k.keys.some((key) => squash(key) === q));
  if (same.length === 1) return lookup.retailer(same[0]!.id)!;
  return { suggestions: nearest(text, keys, 3) };
}

/** new: nothing saved before; changed: saved, with other terms; unchanged: saved as it is. */
export type PasteStatus = 'new' | 'changed' | 'unchanged';

// ---- offers -----------------------------------------------------------------------------------

/** The id of a pasted offer: card, retailer and what it gives, so pasting the same offer again finds it. */
export function pastedOfferId(card: string, retailer: string, o: PastedOffer): string {
  const dollars = (c: number | undefined) => (c === undefined ? '' : String(c / 100));
  let what: string;
  switch (o.kind) {
    case 'credit':
      what = `${dollars(o.credit_cents)}${o.min_spend_cents ? `-on-${dollars(o.min_spend_cents)}` : ''}`;
      break;
    case 'percent':
      what = `${o.percent}pct${o.max_credit_cents ? `-max-${dollars(o.max_credit_cents)}` : ''}`;
      break;
    case 'points':
      what = `${o.points}pts${o.min_spend_cents ? `-on-${dollars(o.min_spend_cents)}` : ''}`;
      break;
    case 'points_per_dollar':
      what = `${o.points_per_dollar}x${o.max_points ? `-max-${o.max_points}` : ''}`;
      break;
  }
  return `${card}.${retailer}-${what}`.replace(/[^a-z0-9._-]/g, '-');
}

/**
 * The offer record of a pasted offer on `card`: one use unless the page says more. Capital One Offers
 * are click-through and need no adding; any other offer the page does not show as added counts as not
 * added (SPEC 9.6).
 */
export function pastedOffer(card: Pick<Card, 'id' | 'issuer'>, retailer: Pick<Retailer, 'id'>, o: PastedOffer): Offer {
  const clickThrough = card.issuer === 'capital_one';
  const offer: Offer = { id: pastedOfferId(card.id, retailer.id, o), issuer: card.issuer, card: card.id, retailer: retailer.id, kind: o.kind };
  for (const k of OFFER_TERM_FIELDS) if (o[k] !== undefined) offer[k] = o[k];
  offer.max_uses = o.max_uses ?? 1;
  if (o.to !== undefined) offer.to = o.to;
  offer.click_through = clickThrough;
  if (!clickThrough && o.added !== true) offer.added = false;
  return offer;
}

/** A pasted offer at a known retailer, as `perk offer paste --json` lists it. */
export interface PastedOfferResult {
  line: number;
  merchant: string;
  retailer: string;
  status: PasteStatus;
  offer: Offer;
}

const sameRecord = (a: object, b: object) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** A pasted offer against the one saved under its id (`old`, undefined when none). */
export function offerStatus(old: Offer | undefined, offer: Offer): PasteStatus {
  if (!old) return 'new';
  return sameRecord(old, { ...offer, click_through: offer.click_through ?? false }) ? 'unchanged' : 'changed';
}

// ---- rates ------------------------------------------------------------------------------------

/** The one value a rate pays: miles per dollar, else a flat amount, else a percent (0 when none). */
const valueOf = (r: RateValue): RateValue =>
  r.units_per_dollar !== undefined ? { units_per_dollar: r.units_per_dollar } : r.flat_cents !== undefined ? { flat_cents: r.flat_cents } : { percent: r.percent ?? 0 };
const sameValue = (a: RateValue, b: RateValue) => JSON.stringify(valueOf(a)) === JSON.stringify(valueOf(b));

export interface PastedRateResult {
  line: number;
  merchant: string;
  retailer: string;
  channel: Channel;
  /** The rate valid today before the paste, e.g. "3%"; null when there was none. */
  old: string | null;
  /** The rate on the page, e.g. "6%"; "up to" rates are the store's top rate. */
  rate: string;
  up_to: boolean;
  was: string | null;
  /** new: no rate before; changed: a new rate from today; unchanged: the same rate, now checked today. */
  status: PasteStatus;
  record: PortalRate;
}

/**
 * What saving a pasted rate of `portal` at `retailer` does, given the retailer's stored rates: the same
 * rate as the one valid today is that rate checked again today (`as_of`); another is a new rate from today.
 */
export function pastedRateResult(rates: readonly PortalRate[], portal: string, retailer: string, r: PastedRate, today: IsoDate): PastedRateResult {
  const channel: Channel = r.channel ?? 'online';
  const value = valueOf(r);
  const current = validRate(rates, portal, today, channel);
  let record: PortalRate;
  let status: PasteStatus;
  if (current && sameValue(current, value)) {
    record = { ...current, as_of: today };
    status = 'unchanged';
  } else {
    record = { portal, retailer, ...value, from: today, as_of: today };
    if (channel !== 'online') record.channel = channel;
    status = current ? 'changed' : 'new';
  }
  return {
    line: r.line,
    merchant: r.merchant,
    retailer,
    channel,
    old: current ? describeRate(current) : null,
    rate: describeRate({ portal, retailer, ...value }),
    up_to: r.up_to,
    was: r.was ?? null,
    status,
    record,
  };
}

/** A pasted rate is saved unless it is unchanged and already checked as of its date (`rates`: the retailer's stored ones). */
export function rateNeedsSave(result: Pick<PastedRateResult, 'status' | 'record'>, rates: readonly PortalRate[]): boolean {
  const { record } = result;
  const stored = rates.find(
    (r) => r.portal === record.portal && (r.channel ?? 'online') === (record.channel ?? 'online') && (r.from ?? '') === (record.from ?? ''),
  );
  return result.status !== 'unchanged' || record.as_of !== stored?.as_of;
}

/**
 * A pasted offer or rate is a change unless it is the same as the saved one; an offer is saved only when
 * it is a change (SPEC 11.1: pasting twice changes nothing), a rate also when it was not checked today.
 */
export function isChange(result: { status: PasteStatus }): boolean {
  return result.status !== 'unchanged';
}

/**
 * The pasted rates to save, one per retailer and channel: the last on the page wins (a page can list a
 * store twice, the later line being the current one), in page order.
 */
export function lastRatePerStore(results: readonly PastedRateResult[]): PastedRateResult[] {
  const byKey = new Map<string, PastedRateResult>();
  for (const r of results) byKey.set(`${r.retailer}|${r.channel}`, r);
  return [...byKey.values()].sort((a, b) => a.line - b.line);
}
