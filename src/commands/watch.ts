/**
 * Watches (SPEC 11.3): a target for the best stacked return at a retailer. `perk watch` evaluates
 * every watch today; `load`, `rate set` and `rate paste` report the watches a new rate makes hit
 * (hit after the write, not before it). The hit rule is core/watch.ts.
 */
import type { Ctx } from '../context.js';
import type { Watch } from '../core/types.js';
import { DEFAULT_WATCH_AMOUNT_CENTS, newlyHit, watchResult, type WatchResult } from '../core/watch.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { renderWatchAdded, renderWatchHits } from '../ui/watch-view.js';
import { parseAmountArg, printJson, resolveRetailer } from './shared.js';
import { computeFor } from './stack.js';

/** Kept for load.ts and retailers.ts, which print the hits of their writes. */
export type { WatchResult } from '../core/watch.js';

/** Evaluate one watch today: the best option of a purchase of its amount, with no flags. */
export function evaluateWatch(store: Store, ctx: Pick<Ctx, 'today'>, watch: Watch): WatchResult {
  const retailer = store.retailer(watch.retailer);
  return watchResult(watch, retailer ? computeFor(store, ctx, retailer, watch.amount_cents, {}).options[0] : undefined);
}

/** `<return%>`: "12", "12%", "7.5%"; above 0 and at most 1000. */
function parseTarget(text: string): number {
  const m = /^\s*(\d+(?:\.\d{1,2})?|\.\d{1,2})\s*%?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0 && n <= 1000)) {
    throw new UsageError(`The target return must be a percent such as 12 or 7.5% (got "${text}").`, 'For example: perk watch add macys 12% --amount 200');
  }
  return n;
}

export interface WatchAddOptions {
  retailer: string;
  /** The return wanted, as typed ("12%", "7.5"). */
  target: string;
  amount?: string | undefined;
}

export async function runWatchAdd(options: WatchAddOptions, ctx: Ctx): Promise<WatchResult> {
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  const target = parseTarget(options.target);
  const amount = options.amount === undefined ? DEFAULT_WATCH_AMOUNT_CENTS : parseAmountArg(options.amount, '--amount');
  const watch = { retailer: retailer.id, target_percent: target, amount_cents: amount, created: ctx.today };
  const id = store.write(() => store.saveWatch(watch));
  const result = evaluateWatch(store, ctx, { id, ...watch });
  if (ctx.json) printJson(ctx, { watch: result });
  else ctx.out(renderWatchAdded(result, retailer.name));
  return result;
}

export interface WatchRemoveOptions {
  /** The watch id, as typed. */
  id: string;
}

export async function runWatchRemove(options: WatchRemoveOptions, ctx: Ctx): Promise<void> {
  const id = /^\d+$/.test(options.id) ? Number(options.id) : NaN;
  const store = ctx.store();
  if (!Number.isSafeInteger(id) || !store.write(() => store.removeWatch(id))) {
    throw new UsageError(`No watch ${options.id}.`, 'Run "perk watch" to list them with their ids.');
  }
  if (ctx.json) printJson(ctx, { removed: id });
  else ctx.out(`Removed watch ${id}.`);
}

/** `perk watch [--json]`: every watch evaluated today. */
export async function runWatchList(ctx: Ctx): Promise<WatchResult[]> {
  const store = ctx.store();
  const results = store.watches().map((w) => evaluateWatch(store, ctx, w));
  if (ctx.json) printJson(ctx, { watches: results });
  else ctx.out((await import('../ui/fresh-data-view.js')).renderWatchList(results, ctx));
  return results;
}

/**
 * Which watches on `retailers` hit before a write; `after()` then gives those that hit now and did
 * not before (`after(only)`: of those, the ones on a retailer in `only`). Nothing is evaluated when no
 * watch is on those retailers, and a watch that hit before is not evaluated again.
 */
export function watchesBefore(
  store: Store,
  ctx: Pick<Ctx, 'today'>,
  retailers: ReadonlySet<string>,
): { watching: number; after(only?: ReadonlySet<string>): WatchResult[] } {
  const watches = retailers.size ? store.watches().filter((w) => retailers.has(w.retailer)) : [];
  const hitBefore = new Set(watches.filter((w) => evaluateWatch(store, ctx, w).hit).map((w) => w.id));
  return {
    watching: watches.length,
    after: (only) =>
      newlyHit(
        watches.filter((w) => !hitBefore.has(w.id) && (only === undefined || only.has(w.retailer))).map((w) => evaluateWatch(store, ctx, w)),
        hitBefore,
      ),
  };
}

/** One line per newly hit watch, for people. */
export function printWatchHits(ctx: Ctx, hits: readonly WatchResult[]): void {
  for (const line of renderWatchHits(hits)) ctx.out(line);
}
