/**
 * `perk spend import|list|summary|set` (SPEC 10.1): issuer exports into the transactions table, and
 * what the spending looks like by category and card.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultDataDir, type Ctx } from '../context.js';
import { addDays, isIsoDate } from '../core/dates.js';
import { formatCents } from '../core/money.js';
import {
  categorize,
  normalizeMapping,
  OccurrenceCounter,
  OTHER,
  POSTING_DAYS,
  RetailerMatcher,
  spendOf,
  totalsBy,
  windowStart,
  type IssuerCategoryMap,
  type SpendTxn,
} from '../core/spend.js';
import { SpendStore } from '../db/spend-store.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { readIssuerExport, type IssuerExport, type SkippedRows } from '../load/issuer-export.js';
import { decodeUtf8 } from '../load/read-errors.js';
import { safeText } from '../ui/safe-text.js';
import { parseCountArg, parseDateArg, printJson, requireCard } from './shared.js';

const ISSUER_NAMES: Record<string, string> = { amex: 'Amex', chase: 'Chase', capital_one: 'Capital One', citi: 'Citi', discover: 'Discover', ofx: 'OFX' };

/** The issuer category mapping table shipped in data/spend/ (SPEC 10.1). */
export function readIssuerCategories(dataDir = defaultDataDir()): IssuerCategoryMap {
  const raw = JSON.parse(fs.readFileSync(path.join(dataDir, 'spend', 'issuer-categories.json'), 'utf8')) as { issuers: Record<string, Record<string, string>> };
  return normalizeMapping(raw.issuers);
}

// ---- import -----------------------------------------------------------------------------------

/** From this many rows an import is written through a rollback journal (Store.writeBulk). */
const BULK_WRITE_ROWS = 5_000;

export interface SpendImportOptions {
  files: string[];
  card?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface ImportedFile {
  file: string;
  format: string;
  card: string;
  rows: number;
  added: number;
  existing: number;
  skipped: SkippedRows;
}

/** Which card an export is from: --card, else the one wallet card of the file's issuer. */
function cardFor(store: Store, file: string, parsed: IssuerExport, flag: string | undefined): string {
  if (flag !== undefined) return requireCard(store, flag).id;
  const issuer = parsed.issuer;
  const name = ISSUER_NAMES[parsed.format] ?? parsed.format;
  const mine = issuer ? store.walletCards().filter((c) => c.issuer === issuer) : [];
  if (mine.length === 1) return (mine[0] as { id: string }).id;
  const a = /^[AEIOU]/.test(name) ? 'an' : 'a';
  const why = !issuer
    ? `${file} does not say which card it is from`
    : mine.length === 0
      ? `${file} is ${a} ${name} export and your wallet holds no ${name} card`
      : `${file} is ${a} ${name} export and your wallet holds ${mine.map((c) => c.id).join(', ')}`;
  throw new UsageError(`${why}: pass --card <id>.`, 'perk wallet lists your cards; perk cards the catalog.');
}

export async function runSpendImport(options: SpendImportOptions, ctx: Ctx): Promise<ImportedFile[]> {
  const store = ctx.store();
  const spend = new SpendStore(store);
  const known = new Set(store.categories().map((c) => c.id));
  const mapping = readIssuerCategories();
  const matcher = new RetailerMatcher(store.retailers());
  const files: Array<{ report: ImportedFile; rows: SpendTxn[] }> = [];
  for (const file of options.files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (error) {
      throw new UsageError(`Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    const parsed = readIssuerExport(decodeUtf8(bytes, file), file);
    const card = cardFor(store, file, parsed, options.card);
    const source = path.basename(file);
    // One category per distinct issuer category and description (nested maps: no key string per row);
    // occurrence numbers as counting occurrenceKey would give them (OccurrenceCounter).
    const categories = new Map<string, Map<string, string>>();
    const occurrences = new OccurrenceCounter();
    const rows: SpendTxn[] = parsed.rows.map((r) => {
      const issuerCategory = r.issuer_category ?? '';
      let byDescription = categories.get(issuerCategory);
      if (!byDescription) categories.set(issuerCategory, (byDescription = new Map()));
      let category = byDescription.get(r.description);
      if (category === undefined) {
        category = categorize(r.description, r.issuer_category, parsed.issuer ?? '', matcher, mapping);
        if (!known.has(category)) category = OTHER;
        byDescription.set(r.description, category);
      }
      const occurrence = occurrences.next(r.date, r.amount_cents, r.description);
      return { card, date: r.date, amount_cents: r.amount_cents, description: r.description, occurrence, issuer_category: r.issuer_category, category, source };
    });
    files.push({ report: { file, format: parsed.format, card, rows: rows.length, added: 0, existing: 0, skipped: parsed.skipped }, rows });
  }
  if (options.dryRun) {
    for (const f of files) {
      f.report.existing = spend.countExisting(f.rows);
      f.report.added = f.rows.length - f.report.existing;
    }
  } else {
    // All files in one transaction: a bad row in any of them was reported above, before writing anything.
    // A large import goes through a rollback journal when it can (Store.writeBulk): half the writes.
    const write = files.reduce((n, f) => n + f.rows.length, 0) >= BULK_WRITE_ROWS ? store.writeBulk.bind(store) : store.write.bind(store);
    write(() => {
      for (const f of files) {
        f.report.added = spend.importTransactions(f.rows);
        f.report.existing = f.rows.length - f.report.added;
      }
    });
  }
  const reports = files.map((f) => f.report);
  if (ctx.json) {
    printJson(ctx, { dry_run: Boolean(options.dryRun), files: reports, added: reports.reduce((s, r) => s + r.added, 0) });
    return reports;
  }
  for (const r of reports) {
    const skipped = Object.entries(r.skipped)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k === 'zero' ? 'zero-amount' : k === 'transfers' ? 'balance transfers' : k === 'fees' ? 'fees and interest' : k}`);
    ctx.out(
      `${safeText(r.file)}: ${ISSUER_NAMES[r.format] ?? r.format} export for ${r.card}, ${r.rows} transactions: ` +
        `${r.added} ${options.dryRun ? 'would be added' : 'added'}, ${r.existing} already imported` +
        (skipped.length ? `; skipped ${skipped.join(', ')}` : '') +
        '.',
    );
  }
  if (options.dryRun) ctx.out('Dry run: nothing was written.');
  return reports;
}

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
  if (options.category !== undefined && !store.hasCategory(options.category)) throw unknownCategory(store, options.category, 'category');
  const limit = options.limit === undefined ? undefined : parseCountArg(options.limit, 'limit', 1_000_000);
  const all = new SpendStore(store).transactions({ since, until, card: options.card, category: options.category });
  // The latest ones: a list is read from the end of the statement.
  const txns = limit === undefined ? all : all.slice(Math.max(0, all.length - limit));
  if (ctx.json) {
    printJson(ctx, {
      transactions: txns.map((t) => ({ id: t.id, date: t.date, card: t.card, description: t.description, amount_cents: t.amount_cents, category: t.category, category_set: Boolean(t.category_set), issuer_category: t.issuer_category ?? null })),
    });
    return;
  }
  if (!txns.length) {
    ctx.out('No imported transactions. Import an issuer export: perk spend import activity.csv --card <id>');
    return;
  }
  const { renderTable } = await import('../ui/table.js');
  ctx.out(
    renderTable(
      ['id', 'date', 'card', 'description', 'amount', 'category'],
      txns.map((t) => [String(t.id), t.date, t.card, safeText(t.description), formatCents(t.amount_cents), t.category + (t.category_set ? ' *' : '')]),
      { tty: ctx.tty, align: ['right', 'left', 'left', 'left', 'right', 'left'], cut: [3] },
    ),
  );
  if (txns.some((t) => t.category_set)) ctx.out('* set with perk spend set (kept on re-import)');
  if (txns.length < all.length) ctx.out(`The latest ${txns.length} of ${all.length}; --limit to see more.`);
}

function unknownCategory(store: Store, category: string, flag: string): UsageError {
  return new UsageError(`Unknown category "${category}" (--${flag}).`, `Known categories: ${store.categories().map((c) => c.id).join(', ')}.`);
}

// ---- set --------------------------------------------------------------------------------------

export async function runSpendSet(options: { id: string; category?: string | undefined }, ctx: Ctx): Promise<void> {
  const store = ctx.store();
  if (!/^\d+$/.test(options.id)) throw new UsageError(`A transaction id is a whole number (got "${options.id}").`, 'perk spend list shows the ids.');
  if (options.category === undefined) throw new UsageError('Nothing to set: pass --category <category>.');
  if (!store.hasCategory(options.category)) throw unknownCategory(store, options.category, 'category');
  const spend = new SpendStore(store);
  const id = Number(options.id);
  if (!spend.transaction(id)) throw new UsageError(`No imported transaction ${id}.`, 'perk spend list shows the ids.');
  store.write(() => spend.setCategory(id, options.category as string));
  const t = spend.transaction(id) as SpendTxn;
  if (ctx.json) printJson(ctx, { transaction: t });
  else ctx.out(`Transaction ${id} (${safeText(t.description)}, ${formatCents(t.amount_cents)}) is now ${t.category}; a re-import keeps it.`);
}

// ---- summary ----------------------------------------------------------------------------------

export interface SpendSummary {
  months: number;
  since: string;
  until: string;
  spend_cents: number;
  by_category: Array<{ category: string; spend_cents: number; count: number }>;
  by_card: Array<{ card: string | null; spend_cents: number; count: number }>;
}

/** Spending of the last `months` months: transactions plus the orders they do not post. */
export function spendInWindow(store: Store, today: string, months: number): { since: string; spend: ReturnType<typeof spendOf> } {
  const since = windowStart(today, months);
  const spend = new SpendStore(store);
  const orders = spend.orderRows(since, today);
  // The transactions that may post those orders: their cards', up to 5 days after the window.
  const cards = [...new Set(orders.map((o) => o.card).filter((c): c is string => typeof c === 'string'))];
  const postings = cards.flatMap((card) => spend.cardSpendRows(card, since, addDays(today, POSTING_DAYS)));
  return { since, spend: spendOf(spend.spendTotals(since, today), orders, postings) };
}

export function parseMonths(text: string | undefined): number {
  return text === undefined ? 12 : parseCountArg(text, 'months', 120);
}

export async function runSpendSummary(options: { months?: string | undefined }, ctx: Ctx): Promise<SpendSummary> {
  const months = parseMonths(options.months);
  if (!isIsoDate(ctx.today)) throw new UsageError(`--today must be a real date (got "${ctx.today}").`);
  const { since, spend } = spendInWindow(ctx.store(), ctx.today, months);
  const summary: SpendSummary = {
    months,
    since,
    until: ctx.today,
    spend_cents: spend.reduce((s, x) => s + x.amount_cents, 0),
    by_category: totalsBy(spend, (s) => s.category).map((t) => ({ category: t.key, spend_cents: t.spend_cents, count: t.count })),
    by_card: totalsBy(spend, (s) => s.card ?? '(no card)').map((t) => ({ card: t.key === '(no card)' ? null : t.key, spend_cents: t.spend_cents, count: t.count })),
  };
  if (ctx.json) {
    printJson(ctx, summary);
    return summary;
  }
  if (!spend.length) {
    ctx.out(`No spending from ${since} to ${ctx.today}. Import an issuer export: perk spend import activity.csv --card <id>`);
    return summary;
  }
  const { renderTable } = await import('../ui/table.js');
  const { renderStackedBars } = await import('../ui/chart.js');
  ctx.out(`Spending from ${since} to ${ctx.today} (${months} month${months === 1 ? '' : 's'}): ${formatCents(summary.spend_cents)}`);
  const share = (cents: number) => (summary.spend_cents > 0 ? `${((cents * 100) / summary.spend_cents).toFixed(1)}%` : '');
  for (const [title, rows] of [
    ['category', summary.by_category.map((r) => [r.category, r.spend_cents, r.count] as const)],
    ['card', summary.by_card.map((r) => [r.card ?? '(no card)', r.spend_cents, r.count] as const)],
  ] as const) {
    ctx.out('');
    ctx.out(renderTable([title, 'spend', 'share', 'transactions'], rows.map(([k, cents, n]) => [k, formatCents(cents), share(cents), String(n)]), { tty: ctx.tty, align: ['left', 'right', 'right', 'right'] }));
    ctx.out(
      renderStackedBars(
        rows.map(([k, cents]) => ({ label: k, values: [Math.max(0, cents)], note: formatCents(cents) })),
        { width: 80, segments: [{ label: 'spend', fill: '█' }] },
      ),
    );
  }
  return summary;
}
