/**
 * Human views of fresh data (SPEC 11): watches, `perk rates history` (a table and a line chart) and what
 * `perk offer paste` / `perk rate paste` found, each drawn from the result object its `--json` prints.
 */
import asciichart from 'asciichart';
import { formatCents, formatUnits } from '../core/money.js';
import type { Unreadable } from '../core/paste.js';
import type { PastedOfferResult, PastedRateResult, UnknownMerchant } from '../core/paste-save.js';
import type { RateHistory } from '../core/rates-history.js';
import type { Offer } from '../core/types.js';
import type { WatchResult } from '../core/watch.js';
import { makeChalk } from './style.js';
import { renderTable, safeText } from './table.js';
import type { ViewOptions } from './valuation-view.js';
import { optionText } from './watch-view.js';
import { wrapText } from './wrap.js';

// ---- watches (the lines printed after a write are in watch-view.ts) -------------------------------

export function renderWatchList(results: readonly WatchResult[], options: ViewOptions): string {
  if (!results.length) return 'No watches. Add one with: perk watch add <retailer> <return%> [--amount <a>]';
  const c = makeChalk(options.color);
  return renderTable(
    ['id', 'retailer', 'amount', 'target', 'best today', 'hit', 'best option'],
    results.map((r) => [String(r.id), r.retailer, formatCents(r.amount_cents), `${r.target}%`, `${r.best_rate}%`, r.hit ? c.green('yes') : 'no', optionText(r)]),
    { tty: options.tty, width: options.width },
  );
}

// ---- rates history ----------------------------------------------------------------------------

const channelText = (channel: string) => channel.replace('_', '-');

/** Every dated rate as a table, then (with two days or more to draw) the rate valid each day as a line chart. */
export function renderRatesHistory(history: RateHistory & { name: string; portal?: string | undefined; today: string }, options: ViewOptions): string {
  const on = history.portal ? ` on ${history.portal}` : '';
  if (!history.rows.length) return `No rates recorded for ${safeText(history.name)}${on}. Record one with perk rate set or perk rate paste.`;
  const lines = [
    `${safeText(history.name)}: every dated rate${on}`,
    renderTable(
      ['portal', 'channel', 'from', 'to', 'rate', 'as of'],
      history.rows.map((r) => [r.portal, channelText(r.channel), r.from ?? '', r.to ?? '', r.rate, r.as_of ?? '']),
      { tty: options.tty, width: options.width },
    ),
  ];
  const charted = history.series.filter((s) => s.points.some((p) => p.value !== null));
  const days = charted[0]?.points.map((p) => p.date) ?? [];
  if (days.length < 2) return lines.join('\n');
  const columns = options.width ?? 80;
  const palette = [asciichart.default, asciichart.blue, asciichart.green, asciichart.magenta, asciichart.cyan, asciichart.yellow, asciichart.red];
  const width = Math.max(2, Math.min(60, columns - 20));
  // Each day spans an equal share of the width (a step chart of the rate valid that day).
  const stretch = (values: number[]) => Array.from({ length: width }, (_, i) => values[Math.min(values.length - 1, Math.floor((i * values.length) / width))]!);
  const plot = asciichart.plot(
    charted.map((s) => stretch(s.points.map((p) => p.value ?? 0))),
    { height: 8, colors: options.color ? charted.map((_, i) => palette[i % palette.length]!) : undefined, format: (x: number) => `${x.toFixed(1).padStart(6)}% ` },
  );
  const names = charted.map((s, i) => {
    const name = options.color ? `${palette[i % palette.length]}${s.portal}${asciichart.reset}` : s.portal;
    return `${name}${s.channel === 'online' ? '' : ` (${channelText(s.channel)})`}`;
  });
  lines.push(
    '',
    plot,
    `${' '.repeat(9)}${days[0]} … ${history.today}`,
    wrapText(`Lines: ${names.join(', ')}. Miles are drawn as the percent their value makes at the currency's cpp; flat amounts are not drawn.`, columns),
  );
  return lines.join('\n');
}

// ---- paste ------------------------------------------------------------------------------------

/** "spend $75.00, get $15.00 back", "10% back up to $15.00, 2 times". */
export function describeOffer(o: Offer): string {
  const uses = (o.max_uses ?? 1) > 1 ? `, ${o.max_uses} times` : '';
  switch (o.kind) {
    case 'credit':
      return `${o.min_spend_cents ? `spend ${formatCents(o.min_spend_cents)}, ` : ''}get ${formatCents(o.credit_cents ?? 0)} back${uses}`;
    case 'percent':
      return `${o.percent}% back${o.max_credit_cents ? ` up to ${formatCents(o.max_credit_cents)}` : ''}${uses}`;
    case 'points':
      return `${o.min_spend_cents ? `spend ${formatCents(o.min_spend_cents)}, ` : ''}get ${formatUnits(o.points ?? 0)} points${uses}`;
    case 'points_per_dollar':
      return `+${o.points_per_dollar} points/$${o.max_points ? ` up to ${formatUnits(o.max_points)}` : ''}${uses}`;
  }
}

/** What a paste could not save: unknown merchants (with suggestions) and unreadable lines. */
function problems(unknown: readonly UnknownMerchant[], unreadable: readonly Unreadable[], noun: 'add' | 'set'): string[] {
  return [
    ...unknown.map(
      (u) =>
        `Unknown merchant "${safeText(u.merchant)}" (line ${u.line}): not saved${u.suggestions.length ? `; did you mean ${u.suggestions.join(', ')}?` : '.'} Add it with perk load, or ${noun} it by hand.`,
    ),
    ...unreadable.map((u) => `Could not read line ${u.line}: "${safeText(u.text)}" (${u.reason}).`),
  ];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What `perk offer paste` found on a page of `count` offers, and what it could not save. */
export function renderOfferPaste(
  page: { card: string; count: number; offers: readonly PastedOfferResult[]; unknown: readonly UnknownMerchant[]; unreadable: readonly Unreadable[] },
  options: ViewOptions,
): string {
  const table = renderTable(
    ['line', 'merchant', 'retailer', 'offer', 'expires', 'added', 'status'],
    page.offers.map((f) => [String(f.line), safeText(f.merchant), f.retailer, describeOffer(f.offer), f.offer.to ?? '', f.offer.added === false ? 'no' : 'yes', f.status]),
    { tty: options.tty, width: options.width },
  );
  return [`Found ${plural(page.count, 'offer')} for ${page.card}:`, table, ...problems(page.unknown, page.unreadable, 'add')].join('\n');
}

/** What `perk rate paste` found on a store list of `count` rates, dated `date`, and what it could not save. */
export function renderRatePaste(
  page: { portalName: string; date: string; count: number; rates: readonly PastedRateResult[]; unknown: readonly UnknownMerchant[]; unreadable: readonly Unreadable[] },
  options: ViewOptions,
): string {
  const table = renderTable(
    ['line', 'store', 'retailer', 'before', 'now', 'status'],
    page.rates.map((f) => [
      String(f.line),
      safeText(f.merchant),
      `${f.retailer}${f.channel === 'online' ? '' : ` (${channelText(f.channel)})`}`,
      f.old ?? '',
      `${f.up_to ? 'up to ' : ''}${f.rate}${f.was ? ` (page: was ${f.was})` : ''}`,
      f.status,
    ]),
    { tty: options.tty, width: options.width },
  );
  return [`Found ${plural(page.count, 'rate')} on ${safeText(page.portalName)}, dated ${page.date}:`, table, ...problems(page.unknown, page.unreadable, 'set')].join('\n');
}

/** The last line of `perk offer paste`: `saving` offers to save, `saved` whether they were. */
export function renderOffersSaved(saving: number, saved: boolean): string {
  if (!saving) return 'Nothing new: every offer found is already saved.';
  return saved ? `Saved ${plural(saving, 'offer')}.` : 'Nothing saved.';
}

/** The last line of `perk rate paste`: `changed` of the `saving` rates are new or changed, the rest checked again. */
export function renderRatesSaved(saving: number, changed: number, saved: boolean): string {
  if (!saving) return 'Nothing new: every rate found is already saved as of today.';
  if (!saved) return 'Nothing saved.';
  return `Saved ${changed} new or changed rate${changed === 1 ? '' : 's'}${saving > changed ? ` and marked ${saving - changed} unchanged as checked today` : ''}.`;
}
