/** `perk advise [--months 12]` (SPEC 10.3): the replay of core/advise.ts on the user's own spending. */
import type { Ctx } from '../context.js';
import { advise, type Advice, type AdviseInput } from '../core/advise.js';
import { categoryChains } from '../core/caps.js';
import { formatCents, formatUnits } from '../core/money.js';
import { parseMonths, spendInWindow } from './spend.js';
import { printJson } from './shared.js';

export interface AdviseOptions {
  /** Months of spending to replay, as typed (1 to 120, default 12). */
  months?: string | undefined;
}

interface AdviseReport {
  advice: Advice;
  since: string;
  spend: AdviseInput['spend'];
}

function adviseReport(options: AdviseOptions, ctx: Ctx): AdviseReport {
  const months = parseMonths(options.months);
  const store = ctx.store();
  const { since, spend } = spendInWindow(store, ctx.today, months);
  const advice = advise({
    spend,
    months,
    wallet: store.walletCards(),
    catalog: store.cards(),
    currencies: store.currencies(),
    config: store.config(),
    chainOf: categoryChains(store.categories()),
  });
  return { advice, since, spend };
}

function adviceJson({ advice, since }: AdviseReport, ctx: Ctx) {
  return { ...advice, since, until: ctx.today };
}

/** What `perk advise [--months N] --json` prints; also the MCP tool `advise` (commands/mcp). */
export function adviseJson(options: AdviseOptions, ctx: Ctx) {
  return adviceJson(adviseReport(options, ctx), ctx);
}

export async function runAdvise(options: AdviseOptions, ctx: Ctx): Promise<Advice> {
  const report = adviseReport(options, ctx);
  const { advice, since, spend } = report;
  if (ctx.json) {
    printJson(ctx, adviceJson(report, ctx));
    return advice;
  }
  if (!spend.length) {
    ctx.out(`No spending from ${since} to ${ctx.today} to replay. Import an issuer export first: perk spend import activity.csv --card <id>`);
    return advice;
  }
  const { renderTable } = await import('../ui/table.js');
  ctx.out(
    `Your spending from ${since} to ${ctx.today}, ${formatCents(advice.spend_cents)} a year, earns ${formatCents(advice.wallet_value_cents)} a year on your wallet (portals and offers not counted).`,
  );
  ctx.out('');
  if (advice.held.length) {
    ctx.out('Cards you hold (a year):');
    ctx.out(
      renderTable(
        ['card', 'value', 'fee', 'net', 'drop loses'],
        advice.held.map((h) => [h.card, formatCents(h.value_cents), formatCents(h.fee_cents), formatCents(h.net_cents), formatCents(h.drop_loses_cents)]),
        { tty: ctx.tty, align: ['left', 'right', 'right', 'right', 'right'] },
      ),
    );
    ctx.out('');
  }
  const top = advice.candidates.slice(0, 10);
  ctx.out(`Cards you could add, best first (a year; first year with the welcome bonus)${advice.candidates.length > top.length ? `, top ${top.length} of ${advice.candidates.length} (--json for all)` : ''}:`);
  ctx.out(
    renderTable(
      ['#', 'card', 'adds', 'fee', 'net', 'first year', 'unlocks'],
      top.map((c, i) => [
        String(i + 1),
        c.card,
        formatCents(c.added_cents),
        formatCents(c.fee_cents),
        formatCents(c.net_cents),
        formatCents(c.first_year_cents) + (c.welcome_reached === false ? ' !' : ''),
        c.lifts.map((l) => `${formatUnits(l.units)} ${l.currency} ${l.from_path}→${l.to_path}`).join(', '),
      ]),
      { tty: ctx.tty, align: ['right', 'left', 'right', 'right', 'right', 'right', 'left'], cut: [6] },
    ),
  );
  if (top.some((c) => c.welcome_reached === false)) ctx.out('! your spending would not reach the welcome bonus minimum in time: not counted.');
  ctx.out('');
  ctx.out(advice.explanation);
  return advice;
}
