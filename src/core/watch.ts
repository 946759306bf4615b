/**
 * Watches (SPEC 11.3): a target for the best stacked return at a retailer. Pure: the command stacks the
 * purchase (commands/stack computeFor) and this decides whether the best option hits the target.
 */
import { divRound, type Cents } from './money.js';
import type { StackOption } from './stack.js';
import type { Watch } from './types.js';

/** The amount a watch is evaluated on when `--amount` is not given. */
export const DEFAULT_WATCH_AMOUNT_CENTS: Cents = 10_000;

export interface WatchResult {
  id: number;
  retailer: string;
  amount_cents: Cents;
  /** The return wanted, percent of the amount. */
  target: number;
  /** The best stacked return today, percent of the amount (2 decimals); 0 without any option. */
  best_rate: number;
  hit: boolean;
  /** The best option (as in `perk stack --json`), or null. */
  option: StackOption | null;
}

/**
 * A watch against the best option today: it hits when total / amount ≥ target / 100, compared in
 * integers (the target kept to hundredths of a percent); no option never hits.
 */
export function watchResult(watch: Watch, best: StackOption | undefined): WatchResult {
  const total = best?.total_value_cents ?? 0;
  const hit = best !== undefined && total * 10_000 >= Math.round(watch.target_percent * 100) * watch.amount_cents;
  return {
    id: watch.id,
    retailer: watch.retailer,
    amount_cents: watch.amount_cents,
    target: watch.target_percent,
    best_rate: divRound(total * 10_000, watch.amount_cents) / 100,
    hit,
    option: best ?? null,
  };
}

/** The watches a write made hit: those that hit after it and did not before (`hitBefore`: their ids). */
export function newlyHit(after: readonly WatchResult[], hitBefore: ReadonlySet<number>): WatchResult[] {
  return after.filter((r) => r.hit && !hitBefore.has(r.id));
}
