import type { Ctx } from '../context.js';
import { compareCashback, type CompareResult } from '../core/compare.js';
import type { Currency } from '../core/types.js';
import { holdings } from '../core/wallet.js';
import { parseAmountArg, printJson, requirePortal, view } from './shared.js';
import { pathJson } from './value.js';

export interface CompareOptions {
  /** Cash back as typed (`42.17`, `$42.17`). */
  cash: string;
  portal?: string | undefined;
}

function comparison(options: CompareOptions, ctx: Ctx): CompareResult {
  const cash = parseAmountArg(options.cash, 'The cash back');
  const store = ctx.store();
  const portal = requirePortal(store, options.portal ?? 'rakuten');
  const currencies = new Map<string, Currency>(store.currencies().map((c) => [c.code, c]));
  const wallet = store.walletCards();
  return compareCashback({
    portal,
    cash_cents: cash,
    currencies,
    config: store.config(),
    walletCurrencies: new Set(wallet.map((c) => c.currency)),
    walletEmpty: wallet.length === 0,
    held: holdings(wallet, store.cards()),
  });
}

/** What `perk compare <cash> --json` prints; also the MCP tool `compare` (commands/mcp). */
export function compareJson(options: CompareOptions, ctx: Ctx) {
  return comparisonJson(comparison(options, ctx));
}

function comparisonJson(result: CompareResult) {
  return {
    portal: result.portal,
    cash_cents: result.cash_cents,
    options: result.options.map((o) => ({
      currency: o.currency,
      units: o.units,
      break_even_cpp: o.break_even_cpp,
      available: o.available,
      ...(o.note === undefined ? {} : { note: o.note }),
      paths: o.paths.map((p) => pathJson(p, false)),
    })),
    best: result.best,
    recommendation: result.recommendation,
    notes: result.notes,
  };
}

/** `perk compare <cash>`: cash back vs each payout option of a portal, valued by every path. */
export async function runCompare(options: CompareOptions, ctx: Ctx): Promise<CompareResult> {
  const result = comparison(options, ctx);
  if (ctx.json) {
    printJson(ctx, comparisonJson(result));
    return result;
  }
  const { renderCompare } = await import('../ui/valuation-view.js');
  ctx.out(renderCompare(result, view(ctx)));
  return result;
}
