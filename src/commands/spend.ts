/**
 * `perk spend list|summary|set` (SPEC 10.1): what the imported spending looks like by category and
 * card, and fixing a transaction's category. `perk spend import` is commands/spend-import.ts.
 */
import type { Ctx } from '../context.js';
import { isIsoDate } from '../core/dates.js';
import { latest, spendInWindow, summarizeSpend, type SpendSummary } from '../core/spend-summary.js';
import type { SpendTxn } from '../core/spend.js';
import { SpendStore } from '../db/spend-store.js';
import { UsageError } from '../errors.js';
import { parseCountArg, parseDateArg, printJson, requireCard, requireCategory } from './shared.js';

const spendingView = () => import('../ui/spending-view.js');

// ---- list -------------------------------------------------------------------------------------

export interface SpendListOptions {
  since?: string | undefined;
  until?: string | undefined;
  card?: string | undefined;
  category?: string | undefined;
  limit?: string | undefined;
}

export async function runSpendList(options: SpendListOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  const since = options.since === undefined ? undefined : parseDateArg(options.since, 'since');
  const until = options.until === undefined ? undefined : parseDateArg(options.until, 'until');
  if (options.card !== undefined) requireCard(store, options.card);
  if (options.category !== undefined) requireCategory(store, options.category);
  const limit = options.limit === undefined ? undefined : parseCountArg(options.limit, 'limit', 1_000_000);
  const all = new SpendStore(store).transactions({ since, until, card: options.card, category: options.category });
  const txns = latest(all, limit);
  if (ctx.json) {
    printJson(ctx, {
      transactions: txns.map((t) => ({ id: t.id, date: t.date, card: t.card, description: t.description, amount_cents: t.amount_cents, category: t.category, category_set: Boolean(t.category_set), issuer_category: t.issuer_category ?? null })),
    });
  } else ctx.out((await spendingView()).renderSpendList(txns, all.length, ctx));
}

// ---- set --------------------------------------------------------------------------------------

export interface SpendSetOptions {
  /** The transaction id, as typed. */
  id: string;
  category?: string | undefined;
}

export async function runSpendSet(options: SpendSetOptions, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  if (!/^\d+$/.test(options.id)) throw new UsageError(`A transaction id is a whole number (got "${options.id}").`, 'perk spend list shows the ids.');
  if (options.category === undefined) throw new UsageError('Nothing to set: pass --category <category>.');
  const category = requireCategory(store, options.category);
  const spend = new SpendStore(store);
  const id = Number(options.id);
  if (!spend.transaction(id)) throw new UsageError(`No imported transaction ${id}.`, 'perk spend list shows the ids.');
  store.write(() => spend.setCategory(id, category));
  const t = spend.transaction(id) as SpendTxn;
  if (ctx.json) printJson(ctx, { transaction: t });
  else ctx.out((await spendingView()).renderSpendSet(t));
}

// ---- summary ----------------------------------------------------------------------------------

export interface SpendSummaryOptions {
  /** Months to sum, as typed (1 to 120, default 12). */
  months?: string | undefined;
}

export function parseMonths(text: string | undefined): number {
  return text === undefined ? 12 : parseCountArg(text, 'months', 120);
}

export async function runSpendSummary(options: SpendSummaryOptions, ctx: Ctx): Promise<SpendSummary> {
  const months = parseMonths(options.months);
  if (!isIsoDate(ctx.today)) throw new UsageError(`--today must be a real date (got "${ctx.today}").`);
  const { since, spend } = spendInWindow(new SpendStore(ctx.store()), ctx.today, months);
  const summary = summarizeSpend(spend, { months, since, until: ctx.today });
  if (ctx.json) printJson(ctx, summary);
  else ctx.out((await spendingView()).renderSpendSummary(summary, ctx));
  return summary;
}
