/**
 * The one-line views of watches (SPEC 11.3): a watch added, and the watches a write made hit. Light on
 * purpose (no table, no chart): `rate set` and `load` print hits through it. The list is in fresh-data-view.ts.
 */
import { formatCents } from '../core/money.js';
import type { WatchResult } from '../core/watch.js';
import { safeText } from './safe-text.js';

/** "amex-gold through rakuten": the best option of a watch ('' without one). */
export const optionText = (r: WatchResult): string => (r.option ? `${r.option.card}${r.option.portal ? ` through ${r.option.portal}` : ''}` : '');

export function renderWatchAdded(r: WatchResult, retailerName: string): string {
  return `Watching ${safeText(retailerName)} for ${r.target}% on ${formatCents(r.amount_cents)} (watch ${r.id}); today's best is ${r.best_rate}%${r.hit ? ': it hits already.' : '.'}`;
}

/** One line per newly hit watch (after `load`, `rate set`, `rate paste`). */
export function renderWatchHits(hits: readonly WatchResult[]): string[] {
  return hits.map((h) => `Watch ${h.id} hits: ${h.retailer} on ${formatCents(h.amount_cents)} now returns ${h.best_rate}% ≥ ${h.target}%${h.option ? ` (${optionText(h)})` : ''}.`);
}
