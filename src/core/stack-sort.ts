/** The order of the stack's options, best first. */
import { compareIds } from './ids.js';
import type { StackOption } from './stack-types.js';

/**
 * Best first: total value, fewer warnings, then card, portal and click-through ids (compareIds), more
 * promos. The few distinct ids are ranked once with compareIds and the options compared by those ranks:
 * the same order as comparing the ids themselves (the sort is stable), at a fraction of the cost when
 * an empty wallet makes hundreds of options.
 */
export function sortOptions(options: StackOption[]): void {
  const rankOf = (ids: Iterable<string>): Map<string, number> => {
    const sorted = [...new Set(ids)].sort(compareIds);
    const ranks = new Map<string, number>();
    let rank = 0;
    sorted.forEach((id, i) => ranks.set(id, i > 0 && compareIds(sorted[i - 1] as string, id) !== 0 ? ++rank : rank));
    return ranks;
  };
  const cards = rankOf(options.map((o) => o.card));
  const portals = rankOf(options.map((o) => o.portal ?? ''));
  const clicks = rankOf(options.map((o) => o.click_through ?? ''));
  const keyed = options.map((o) => ({
    o,
    value: o.total_value_cents,
    warnings: o.warnings.length,
    card: cards.get(o.card) as number,
    portal: portals.get(o.portal ?? '') as number,
    click: clicks.get(o.click_through ?? '') as number,
    promos: o.promos.length,
  }));
  keyed.sort(
    (a, b) =>
      b.value - a.value ||
      a.warnings - b.warnings ||
      a.card - b.card ||
      a.portal - b.portal ||
      a.click - b.click ||
      b.promos - a.promos,
  );
  keyed.forEach((k, i) => (options[i] = k.o));
}
