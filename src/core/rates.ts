/** Portal rates: which rate is valid on a date, and what it pays. */
import { LIMITS } from './limits.js';
import { daysBetween, inWindow, type IsoDate } from './dates.js';
import { earnUnits, formatCents, formatUnits, percentOf, type Cents, type Units } from './money.js';
import type { Channel, Portal, PortalRate } from './types.js';

/**
 * The rate of (portal, channel) valid on `date`: among rates whose from..to covers the date, the one
 * with the latest `from` (no `from` is the oldest) — so a boost wins over the base rate.
 */
export function validRate(
  rates: readonly PortalRate[],
  portal: string,
  date: IsoDate,
  channel: Channel = 'online',
): PortalRate | undefined {
  let best: PortalRate | undefined;
  for (const r of rates) {
    if (r.portal !== portal || (r.channel ?? 'online') !== channel) continue;
    if (!inWindow(date, r.from, r.to)) continue;
    if (!best || (r.from ?? '') > (best.from ?? '')) best = r;
  }
  return best;
}

/** Every portal with a valid rate for the channel on the date, one rate each, sorted by portal id. */
export function validRates(rates: readonly PortalRate[], date: IsoDate, channel: Channel = 'online'): PortalRate[] {
  const portals = [...new Set(rates.map((r) => r.portal))].sort();
  return portals.map((p) => validRate(rates, p, date, channel)).filter((r): r is PortalRate => r !== undefined);
}

/**
 * What a rate pays on a price, in the portal's units: cash back in cents (round(price × percent / 100),
 * or the flat amount), or for a miles rate (SPEC 11.4) miles = round(price in dollars × miles per $1),
 * which are units of the portal's only payout currency, not cents (see isMilesRate).
 */
export function cashBack(rate: PortalRate, price: Cents): Cents | Units {
  if (rate.units_per_dollar !== undefined) return earnUnits(price, rate.units_per_dollar);
  if (rate.flat_cents !== undefined) return price > 0 ? rate.flat_cents : 0;
  return percentOf(price, rate.percent ?? 0);
}

/** The rate pays miles per dollar (an airline shopping portal) rather than cash back. */
export function isMilesRate(rate: PortalRate): boolean {
  return rate.units_per_dollar !== undefined;
}

/**
 * "6%", "$25.00" or "5 miles/$"; with `long`, a miles rate reads "5 miles per dollar" (the stack's
 * explanation line).
 */
export function describeRate(rate: PortalRate, options: { long?: boolean } = {}): string {
  if (rate.units_per_dollar !== undefined) {
    const n = formatUnits(rate.units_per_dollar);
    const word = rate.units_per_dollar === 1 ? 'mile' : 'miles';
    return options.long ? `${n} ${word} per dollar` : `${n} ${word}/$`;
  }
  if (rate.flat_cents !== undefined) return formatCents(rate.flat_cents);
  return `${rate.percent ?? 0}%`;
}

const MILES_RATE_RE = /^(\d+(?:\.\d+)?)\s*(?:x|miles?\s*(?:\/|per)\s*(?:\$1?|dollar)|points?\s*(?:\/|per)\s*(?:\$1?|dollar))$/i;

/** "5 miles/$", "5 miles per dollar", "5x" → { units_per_dollar: 5 }; null when it is not a miles rate. */
export function parseMilesRate(text: string): { units_per_dollar: number } | null {
  const m = MILES_RATE_RE.exec(text.trim());
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) && n <= LIMITS.multiplier ? { units_per_dollar: n } : null;
}

export const STALE_DAYS = 30;

/** The rate was recorded more than 30 days before `today`. */
export function isStale(rate: PortalRate, today: IsoDate): boolean {
  return rate.as_of !== undefined && daysBetween(rate.as_of, today) > STALE_DAYS;
}

/**
 * The channel of a purchase (SPEC 9.3): the flag given, else `dining` for a category that is dining or
 * below it (`chain` is the category and its ancestors), else `online`.
 */
export function stackChannel(flag: Channel | undefined, chain: readonly string[]): Channel {
  return flag ?? (chain.includes('dining') ? 'dining' : 'online');
}

/** perk's channels (SPEC 9.3), in the order they are listed. */
export const CHANNELS: readonly Channel[] = ['online', 'in_store', 'dining'];

/** The rates valid on `date` on every channel: online, then in-store, then dining (`perk retailers`). */
export function validRatesAllChannels(rates: readonly PortalRate[], date: IsoDate): PortalRate[] {
  return CHANNELS.flatMap((channel) => validRates(rates, date, channel));
}

/** A miles portal (SPEC 11.4, an airline shopping portal): it pays no USD, so its amounts are miles. */
export function isMilesPortal(portal: Pick<Portal, 'payout_options'>): boolean {
  return portal.payout_options.USD === undefined;
}

/**
 * Why a rate of this kind cannot be a rate of the portal (SPEC 11.4): a miles rate needs a portal
 * paying one currency other than USD (an airline shopping portal); cash back needs a portal that pays cash.
 */
export function rateKindProblem(portal: Pick<Portal, 'name' | 'payout_options' | 'default_payout'>, miles: boolean): string | undefined {
  const options = Object.keys(portal.payout_options);
  const milesPortal = isMilesPortal(portal);
  if (miles && (milesPortal ? options.length !== 1 : true)) return `${portal.name} pays cash back, not miles per dollar`;
  if (!miles && milesPortal) return `${portal.name} pays ${portal.default_payout} miles per dollar: write the rate as miles, e.g. '5 miles/$'`;
  return undefined;
}
