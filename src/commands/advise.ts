/** `perk advise [--months 12]` (SPEC 10.3): the replay of core/advise.ts on the user's own spending. */
import type { Ctx } from '../context.js';
import { advise, type AdviceReport } from '../core/advise.js';
import { categoryChains } from '../core/caps.js';
import { spendInWindow } from '../core/spend-summary.js';
import { SpendStore } from '../db/spend-store.js';
import { parseMonths } from './spend.js';
import { printJson } from './shared.js';

export interface AdviseOptions {
  /** Months of spending to replay, as typed (1 to 120, default 12). */
  months?: string | undefined;
}

/** The advice on the spending of the window, and whether there was any. */
function adviseReport(options: AdviseOptions, ctx: Ctx): { report: AdviceReport; hasSpend: boolean } {
  const months = parseMonths(options.months);
  const store = ctx.store();
  const { since, spend } = spendInWindow(new SpendStore(store), ctx.today, months);
  const advice = advise({
    spend,
    months,
    wallet: store.walletCards(),
    catalog: store.cards(),
    currencies: store.currencies(),
    config: store.config(),
    chainOf: categoryChains(store.categories()),
  });
  return { report: { ...advice, since, until: ctx.today }, hasSpend: spend.length > 0 };
}

/** What `perk advise [--months N] --json` prints; also the MCP tool `advise` (commands/mcp). */
export function adviseJson(options: AdviseOptions, ctx: Ctx): AdviceReport {
  return adviseReport(options, ctx).report;
}

export async function runAdvise(options: AdviseOptions, ctx: Ctx): Promise<AdviceReport> {
  const { report, hasSpend } = adviseReport(options, ctx);
  if (ctx.json) printJson(ctx, report);
  else ctx.out((await import('../ui/spending-view.js')).renderAdvice(report, hasSpend, ctx));
  return report;
}
