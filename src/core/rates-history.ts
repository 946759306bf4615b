/**
 * How a retailer's portal rates moved (SPEC 11.2, `perk rates history`): every dated rate, and per
 * portal and channel the rate valid on each day some rate starts or stops, as a percent for the chart.
 */
import { addDays, type IsoDate } from './dates.js';
import { describeRate, validRate } from './rates.js';
import type { Channel, Currency, Portal, PortalRate } from './types.js';
import { resolvePath } from './valuation.js';

/** One dated rate, as `perk rates history --json` lists it. */
export interface RateHistoryRow {
  portal: string;
  channel: Channel;
  from: IsoDate | null;
  to: IsoDate | null;
  /** "6%", "$25.00", "5 miles/$". */
  rate: string;
  as_of: IsoDate | null;
  percent?: number;
  flat_cents?: number;
  units_per_dollar?: number;
}

export interface RateSeries {
  portal: string;
  channel: Channel;
  /** The chart's unit for this series: percent, or for miles the percent their value makes at the currency's cpp. */
  points: Array<{ date: IsoDate; value: number | null }>;
}

export interface RateHistory {
  rows: RateHistoryRow[];
  series: RateSeries[];
}

export interface RateHistoryInput {
  /** The retailer's rates. */
  rates: readonly PortalRate[];
  /** Only this portal's. */
  portal?: string | undefined;
  today: IsoDate;
  portals: readonly Portal[];
  currencies: readonly Currency[];
  config: Readonly<Record<string, string>>;
}

export function rateHistory(input: RateHistoryInput): RateHistory {
  const rates = input.rates
    .filter((r) => input.portal === undefined || r.portal === input.portal)
    .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '') || a.portal.localeCompare(b.portal));
  // The days on which some rate starts or stops, up to today: the chart's x axis.
  const days = [
    ...new Set([
      ...rates.flatMap((r) => [r.from, r.to === undefined ? undefined : addDays(r.to, 1)]).filter((d): d is string => d !== undefined && d <= input.today),
      input.today,
    ]),
  ].sort();
  const currencies = new Map(input.currencies.map((c) => [c.code, c]));
  const portals = new Map(input.portals.map((p) => [p.id, p]));
  // Miles are drawn as the percent their value makes at the currency's cpp; a flat amount has no percent.
  const percentOf = (r: PortalRate): number | null => {
    if (r.percent !== undefined) return r.percent;
    if (r.units_per_dollar === undefined) return null;
    const cur = currencies.get(portals.get(r.portal)?.default_payout ?? '');
    return cur ? r.units_per_dollar * resolvePath(cur, input.config, {}).choice.cpp : null;
  };
  const keys = [...new Set(rates.map((r) => `${r.portal}|${r.channel ?? 'online'}`))];
  const series = keys.map((key) => {
    const [portal, channel] = key.split('|') as [string, Channel];
    return {
      portal,
      channel,
      points: days.map((date) => {
        const r = validRate(rates, portal, date, channel);
        return { date, value: r ? percentOf(r) : null };
      }),
    };
  });
  const rows = rates.map((r) => ({
    portal: r.portal,
    channel: r.channel ?? 'online',
    from: r.from ?? null,
    to: r.to ?? null,
    rate: describeRate(r),
    as_of: r.as_of ?? null,
    ...(r.percent !== undefined ? { percent: r.percent } : {}),
    ...(r.flat_cents !== undefined ? { flat_cents: r.flat_cents } : {}),
    ...(r.units_per_dollar !== undefined ? { units_per_dollar: r.units_per_dollar } : {}),
  }));
  return { rows, series };
}
