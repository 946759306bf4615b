/**
 * `perk rates history <retailer> [--portal <id>]` (SPEC 11.2): every dated rate of a retailer as a
 * table, and how the rate valid each day moved as a line chart (asciichart).
 */
import type { Ctx } from '../context.js';
import { addDays } from '../core/dates.js';
import { describeRate, validRate } from '../core/rates.js';
import type { Channel, PortalRate } from '../core/types.js';
import { resolvePath } from '../core/valuation.js';
import { safeText } from '../ui/safe-text.js';
import { printJson, requirePortal, resolveRetailer } from './shared.js';

export interface RatesHistoryOptions {
  retailer: string;
  portal?: string | undefined;
}

interface Series {
  portal: string;
  channel: Channel;
  /** The chart's unit for this series: percent, or for miles the percent their value makes at the currency's cpp. */
  points: Array<{ date: string; value: number | null }>;
}

export async function runRatesHistory(options: RatesHistoryOptions, ctx: Ctx) {
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  if (options.portal !== undefined) requirePortal(store, options.portal);
  const rates = store
    .ratesForRetailer(retailer.id)
    .filter((r) => options.portal === undefined || r.portal === options.portal)
    .sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '') || a.portal.localeCompare(b.portal));
  // The days on which some rate starts or stops, up to today: the chart's x axis.
  const days = [
    ...new Set(rates.flatMap((r) => [r.from, r.to === undefined ? undefined : addDays(r.to, 1)]).filter((d): d is string => d !== undefined && d <= ctx.today)),
    ctx.today,
  ].sort();
  const uniqueDays = [...new Set(days)];
  const currencies = new Map(store.currencies().map((c) => [c.code, c]));
  const portals = new Map(store.portals().map((p) => [p.id, p]));
  const percentOf = (r: PortalRate): number | null => {
    if (r.percent !== undefined) return r.percent;
    if (r.units_per_dollar !== undefined) {
      const cur = currencies.get(portals.get(r.portal)?.default_payout ?? '');
      return cur ? r.units_per_dollar * resolvePath(cur, store.config(), {}).choice.cpp : null;
    }
    return null; // a flat amount has no percent
  };
  const keys = [...new Set(rates.map((r) => `${r.portal}|${r.channel ?? 'online'}`))];
  const series: Series[] = keys.map((key) => {
    const [portal, channel] = key.split('|') as [string, Channel];
    return {
      portal,
      channel,
      points: uniqueDays.map((date) => {
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
  if (ctx.json) {
    printJson(ctx, { retailer: retailer.id, date: ctx.today, rates: rows, series });
    return rows;
  }
  if (!rows.length) {
    ctx.out(`No rates recorded for ${safeText(retailer.name)}${options.portal ? ` on ${options.portal}` : ''}. Record one with perk rate set or perk rate paste.`);
    return rows;
  }
  const { renderTable } = await import('../ui/table.js');
  ctx.out(`${safeText(retailer.name)}: every dated rate${options.portal ? ` on ${options.portal}` : ''}`);
  ctx.out(
    renderTable(
      ['portal', 'channel', 'from', 'to', 'rate', 'as of'],
      rows.map((r) => [r.portal, r.channel.replace('_', '-'), r.from ?? '', r.to ?? '', r.rate, r.as_of ?? '']),
      { tty: ctx.tty },
    ),
  );
  const charted = series.filter((s) => s.points.some((p) => p.value !== null));
  if (!charted.length || uniqueDays.length < 2) return rows;
  const { default: asciichart } = await import('asciichart');
  const palette = [asciichart.default, asciichart.blue, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow, asciichart.red];
  const width = Math.max(2, Math.min(60, (process.stdout.columns ?? 80) - 20));
  // Each day spans an equal share of the width (a step chart of the rate valid that day).
  const stretch = (values: number[]) => Array.from({ length: width }, (_, i) => values[Math.min(values.length - 1, Math.floor((i * values.length) / width))]!);
  const lines = charted.map((s) => stretch(s.points.map((p) => p.value ?? 0)));
  ctx.out('');
  ctx.out(
    asciichart.plot(lines, {
      height: 8,
      colors: ctx.color ? charted.map((_, i) => palette[i % palette.length]!) : undefined,
      format: (x: number) => `${x.toFixed(1).padStart(6)}% `,
    }),
  );
  ctx.out(`${' '.repeat(9)}${uniqueDays[0]} … ${ctx.today}`);
  const { wrapText } = await import('../ui/wrap.js');
  ctx.out(
    wrapText(`Lines: ${charted.map((s, i) => `${ctx.color ? `${palette[i % palette.length]}${s.portal}${asciichart.reset}` : s.portal}${s.channel === 'online' ? '' : ` (${s.channel.replace('_', '-')})`}`).join(', ')}` +
      '. Miles are drawn as the percent their value makes at the currency\'s cpp; flat amounts are not drawn.', process.stdout.columns ?? 80),
  );
  return rows;
}
