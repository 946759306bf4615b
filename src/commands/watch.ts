/**
 * Watches (SPEC 11.3): a target for the best stacked return at a retailer. `perk watch` evaluates
 * every watch today; `load`, `rate set` and `rate paste` report the watches a new rate makes hit
 * (hit after the write, not before it).
 */
import type { Ctx } from '../context.js';
import { formatCents } from '../core/money.js';
import type { StackOption } from '../core/stack.js';
import type { Watch } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { parseAmountArg, printJson, resolveRetailer } from './shared.js';
import { computeFor } from './stack.js';

/** The amount a watch is evaluated on when `--amount` is not given. */
export const DEFAULT_WATCH_AMOUNT_CENTS = 10_000;

export interface WatchResult {
  id: number;
  retailer: string;
  amount_cents: number;
  /** The return wanted, percent of the amount. */
  target: number;
  /** The best stacked return today, percent of the amount (2 decimals); 0 without any option. */
  best_rate: number;
  hit: boolean;
  /** The best option (as in `perk stack --json`), or null. */
  option: StackOption | null;
}

/** Evaluate one watch today. */
export function evaluateWatch(store: Store, ctx: Pick<Ctx, 'today'>, watch: Watch): WatchResult {
  const retailer = store.retailer(watch.retailer);
  const best = retailer ? computeFor(store, ctx, retailer, watch.amount_cents, {}).options[0] : undefined;
  const total = best?.total_value_cents ?? 0;
  // hit: total / amount ≥ target / 100, in integers (target kept to hundredths of a percent).
  const hit = best !== undefined && total * 10_000 >= Math.round(watch.target_percent * 100) * watch.amount_cents;
  return {
    id: watch.id,
    retailer: watch.retailer,
    amount_cents: watch.amount_cents,
    target: watch.target_percent,
    best_rate: Math.round((total * 10_000) / watch.amount_cents) / 100,
    hit,
    option: best ?? null,
  };
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

export async function runWatchAdd(options: { retailer: string; target: string; amount?: string | undefined }, ctx: Ctx): Promise<WatchResult> {
  const store = ctx.store();
  const retailer = resolveRetailer(store, options.retailer);
  const target = parseTarget(options.target);
  const amount = options.amount === undefined ? DEFAULT_WATCH_AMOUNT_CENTS : parseAmountArg(options.amount, '--amount');
  const id = store.write(() => store.saveWatch({ retailer: retailer.id, target_percent: target, amount_cents: amount, created: ctx.today }));
  const result = evaluateWatch(store, ctx, { id, retailer: retailer.id, target_percent: target, amount_cents: amount, created: ctx.today });
  if (ctx.json) printJson(ctx, { watch: result });
  else {
    ctx.out(
      `Watching ${safeText(retailer.name)} for ${target}% on ${formatCents(amount)} (watch ${id}); today's best is ${result.best_rate}%${result.hit ? ': it hits already.' : '.'}`,
    );
  }
  return result;
}

export async function runWatchRemove(options: { id: string }, ctx: Ctx): Promise<void> {
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
  if (ctx.json) {
    printJson(ctx, { watches: results });
    return results;
  }
  if (!results.length) {
    ctx.out('No watches. Add one with: perk watch add <retailer> <return%> [--amount <a>]');
    return results;
  }
  const { renderTable } = await import('../ui/table.js');
  const { makeChalk } = await import('../ui/style.js');
  const c = makeChalk(ctx.color);
  ctx.out(
    renderTable(
      ['id', 'retailer', 'amount', 'target', 'best today', 'hit', 'best option'],
      results.map((r) => [
        String(r.id),
        r.retailer,
        formatCents(r.amount_cents),
        `${r.target}%`,
        `${r.best_rate}%`,
        r.hit ? c.green('yes') : 'no',
        r.option ? `${r.option.card}${r.option.portal ? ` through ${r.option.portal}` : ''}` : '',
      ]),
      { tty: ctx.tty },
    ),
  );
  return results;
}

/**
 * Which watches on `retailers` hit before a write; `after()` then gives those that hit now and did
 * not before (`after(only)`: of those, the ones on a retailer in `only`). Nothing is evaluated when no
 * watch is on those retailers.
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
      watches
        .filter((w) => !hitBefore.has(w.id) && (only === undefined || only.has(w.retailer)))
        .map((w) => evaluateWatch(store, ctx, w))
        .filter((r) => r.hit),
  };
}

/** One line per newly hit watch, for people. */
export function printWatchHits(ctx: Ctx, hits: readonly WatchResult[]): void {
  for (const h of hits) {
    const how = h.option ? ` (${h.option.card}${h.option.portal ? ` through ${h.option.portal}` : ''})` : '';
    ctx.out(`Watch ${h.id} hits: ${h.retailer} on ${formatCents(h.amount_cents)} now returns ${h.best_rate}% ≥ ${h.target}%${how}.`);
  }
}
