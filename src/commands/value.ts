import type { Ctx } from '../context.js';
import type { Currency } from '../core/types.js';
import { MAX_UNITS, parseUnits, skippedPathNote, USD, valueCurrency, type CurrencyValuation, type PathValuation } from '../core/valuation.js';
import { holdings } from '../core/wallet.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { printJson, view } from './shared.js';

export interface ValueOptions {
  currency: string;
  /** Points as typed (`50000`, `50,000`); default 10,000. */
  points?: string | undefined;
}

export const DEFAULT_UNITS = 10_000;

/** A currency by code (case-insensitive); USD is built in. Unknown → UsageError listing the known codes. */
export function requireCurrency(store: Store, text: string): Currency {
  const code = text.trim().toUpperCase();
  if (code === 'USD') return USD;
  const found = store.currency(code);
  if (found) return found;
  const known = ['USD', ...store.currencies().map((c) => c.code)];
  throw new UsageError(`Unknown currency "${text}".`, `Known currencies: ${known.join(', ')}.`);
}

export function parsePointsArg(text: string | undefined): number {
  if (text === undefined) return DEFAULT_UNITS;
  const units = parseUnits(text);
  if (units === null) {
    throw new UsageError(
      `The points must be a whole number from 1 to ${MAX_UNITS.toLocaleString('en-US')}, such as 50000 or 50,000 (got "${text}").`,
    );
  }
  return units;
}

function valuation(options: ValueOptions, ctx: Ctx): CurrencyValuation {
  const units = parsePointsArg(options.points);
  const store = ctx.store();
  const currency = requireCurrency(store, options.currency);
  return valueCurrency(currency, units, store.config(), {}, holdings(store.walletCards(), store.cards()));
}

/** What `perk value <currency> [points] --json` prints; also the MCP tool `value` (commands/mcp). */
export function valueJson(options: ValueOptions, ctx: Ctx) {
  return valuationJson(valuation(options, ctx));
}

/**
 * One redemption path in `--json` output (`perk value`, and each option of `perk compare`). `cppDetail`
 * adds the published and effective cents per point that `perk value` shows.
 */
export function pathJson(p: PathValuation, cppDetail: boolean) {
  return {
    path: p.path,
    cpp: p.cpp,
    value_cents: p.value_cents,
    default: p.default,
    user: p.user,
    ...(!cppDetail || p.published_cpp === undefined ? {} : { published_cpp: p.published_cpp }),
    ...(p.fee_cents === undefined ? {} : { fee_cents: p.fee_cents }),
    ...(!cppDetail || p.effective_cpp === undefined ? {} : { effective_cpp: p.effective_cpp }),
    available: p.available,
    ...(p.available || p.requires === undefined ? {} : { requires: p.requires }),
  };
}

function valuationJson(result: CurrencyValuation) {
  return {
    currency: result.currency,
    units: result.units,
    paths: result.paths.map((p) => pathJson(p, true)),
    ...(result.skipped ? { notes: [skippedPathNote(result.skipped)] } : {}),
  };
}

/** `perk value <currency> [points]`: every redemption path, best first. */
export async function runValue(options: ValueOptions, ctx: Ctx): Promise<CurrencyValuation> {
  const result = valuation(options, ctx);
  if (ctx.json) {
    printJson(ctx, valuationJson(result));
    return result;
  }
  const { renderValuation } = await import('../ui/valuation-view.js');
  ctx.out(renderValuation(result, view(ctx)));
  return result;
}
