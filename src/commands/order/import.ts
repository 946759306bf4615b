/** `perk order import`: a CSV of orders (or an `order export` CSV, matched by id), written all or nothing. */
import { readBounded } from '../../load/read-file.js';
import type { Ctx } from '../../context.js';
import { cashBackTotal, isOrderStatus, parseChannel } from '../../core/orders.js';
import type { Order } from '../../core/types.js';
import { UsageError } from '../../errors.js';
import type { OrderImportResult } from '../../ui/orders-view.js';
import { print } from '../../ui/printout.js';
import { printJson } from '../shared.js';
import { FieldError, OrderResolver, type OrderRequest, type ResolvedOrder } from './resolve.js';

/** The columns of `perk order import`: the fields of `order add` (plus status, confirmed_on, cashback). */
export const IMPORT_COLUMNS = [
  'retailer',
  'amount',
  'date',
  'card',
  'portal',
  'offer',
  'category',
  'promo',
  'gift_card',
  'channel',
  'via',
  'note',
  'status',
  'confirmed_on',
  'cashback',
  'trip_end',
] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export interface OrderImportOptions {
  file: string;
}

export type { OrderImportResult };

const MAX_IMPORT_WARNINGS = 100;

function parseBool(cell: string): boolean | undefined {
  const v = cell.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(v)) return true;
  if (['false', 'no', 'n', '0'].includes(v)) return false;
  return undefined;
}

/** An exported orders CSV, loaded as `perk load --kind orders` does: by id, all or nothing. */
async function importExportedOrders(text: string, file: string, ctx: Ctx): Promise<OrderImportResult> {
  const { readCsv } = await import('../../load/read.js');
  const { loadItems } = await import('../../load/apply.js');
  const items = readCsv(text, file, 'orders');
  const store = ctx.store();
  const ids = items.map((i) => Number((i.value as { id?: unknown }).id));
  const matched = ids.filter((id) => store.order(id) !== undefined).length;
  loadItems(store, items);
  const orders = ids.map((id) => store.order(id)).filter((o): o is Order => o !== undefined);
  const expected = cashBackTotal(orders, store.portals());
  const result: OrderImportResult = {
    file,
    imported: items.length,
    first_id: ids.length ? Math.min(...ids) : null,
    last_id: ids.length ? Math.max(...ids) : null,
    expected_cents: expected,
    warnings: [],
    warnings_total: 0,
    matched,
  };
  await printImported(ctx, result);
  return result;
}

/** Read, validate and write every row in one transaction: all or nothing. */
export async function runOrderImport(options: OrderImportOptions, ctx: Ctx): Promise<OrderImportResult> {
  const { LoadError, decodeUtf8, splitCsv } = await import('../../load/read.js');
  const file = options.file;
  let bytes: Buffer;
  try {
    bytes = readBounded(file, 'order import');
  } catch (error) {
    if (error instanceof LoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  // The same CSV reader as perk load (its fast path for plain files, csv-parse for the rest).
  const text = decodeUtf8(bytes, file);
  const { records, lines } = splitCsv(text, file);
  const head = records[0];
  if (!head) throw new LoadError(`${file} is empty: expected a header row such as "retailer,amount,date,card,portal".`);
  const header = head.map((h) => h.trim().toLowerCase());
  // The CSV of `perk order export` (= `perk export --kind orders --format csv`) has ids: its orders are
  // matched by id, so importing it again updates them instead of adding copies.
  if (header.includes('id')) return importExportedOrders(text, file, ctx);
  const seen = new Set<string>();
  for (const h of header) {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(h)) {
      throw new LoadError(`${file} line 1: unknown column "${h}".`, `Columns: ${IMPORT_COLUMNS.join(', ')} (retailer and amount are required).`);
    }
    if (seen.has(h)) throw new LoadError(`${file} line 1: column "${h}" appears twice.`);
    seen.add(h);
  }
  for (const required of ['retailer', 'amount']) {
    if (!seen.has(required)) throw new LoadError(`${file} line 1: the header has no "${required}" column.`, `Columns: ${IMPORT_COLUMNS.join(', ')}.`);
  }
  const columns = header as ImportColumn[];

  const store = ctx.store();
  const resolver = new OrderResolver(store, ctx.today);
  const portals = store.portals();
  const total = records.length - 1;
  const bar = !ctx.json && total >= 20_000 && process.stderr.isTTY ? await import('../../ui/progress.js') : undefined;
  const progress = bar?.createProgress('Importing', total);
  let result: OrderImportResult;
  try {
    result = store.write(() => {
      let first: number | null = null;
      let last: number | null = null;
      let expected = 0;
      const warnings: string[] = [];
      let warningsTotal = 0;
      for (let r = 1; r < records.length; r++) {
        const record = records[r] as string[];
        const line = lines[r] as number;
        const at = (field: string) => `${file} line ${line}, field "${field}"`;
        if (record.length !== columns.length) {
          throw new LoadError(
            `${file} line ${line} has ${record.length} columns but the header has ${columns.length}.`,
            'Every row needs one value per header column (empty for none).',
          );
        }
        const cell: Partial<Record<ImportColumn, string>> = {};
        columns.forEach((col, i) => {
          cell[col] = (record[i] ?? '').trim();
        });
        const req: OrderRequest = {
          retailer: cell.retailer ?? '',
          amount: cell.amount ?? '',
          date: cell.date || undefined,
          card: cell.card || undefined,
          portal: cell.portal || undefined,
          offer: cell.offer || undefined,
          category: cell.category || undefined,
          promos: (cell.promo ?? '').split('|').map((s) => s.trim()).filter(Boolean),
          via: cell.via || undefined,
          note: cell.note || undefined,
          confirmedOn: cell.confirmed_on || undefined,
          cashback: cell.cashback || undefined,
          tripEnd: cell.trip_end || undefined,
        };
        if (!req.retailer) throw new LoadError(`${at('retailer')}: expected a retailer id, name or alias (the cell is empty).`);
        if (!req.amount) throw new LoadError(`${at('amount')}: expected an amount such as 120.50 (the cell is empty).`);
        if (cell.gift_card) {
          const b = parseBool(cell.gift_card);
          if (b === undefined) throw new LoadError(`${at('gift_card')}: expected true or false (got "${cell.gift_card.slice(0, 40)}").`);
          req.giftCard = b;
        }
        if (cell.channel) {
          const ch = parseChannel(cell.channel);
          if (!ch) throw new LoadError(`${at('channel')}: expected online, in_store or dining (got "${cell.channel.slice(0, 40)}").`);
          req.channel = ch;
        }
        if (cell.status) {
          const s = cell.status.toLowerCase();
          if (!isOrderStatus(s)) throw new LoadError(`${at('status')}: expected pending, confirmed or ineligible (got "${cell.status.slice(0, 40)}").`);
          req.status = s;
        }
        let resolved: ResolvedOrder;
        try {
          resolved = resolver.resolve(req);
        } catch (error) {
          if (error instanceof FieldError) throw new LoadError(`${at(error.field)}: ${error.message}.`, error.hint);
          throw error;
        }
        const id = resolver.save(resolved);
        for (const w of resolved.quote.warnings) {
          if (warnings.length < MAX_IMPORT_WARNINGS) warnings.push(`${file} line ${line}: ${w}`);
          warningsTotal++;
        }
        first ??= id;
        last = id;
        expected += cashBackTotal([resolved.order], portals);
        if (progress && r % 2000 === 0) progress.update(r, total);
      }
      return { file, imported: total, first_id: first, last_id: last, expected_cents: expected, warnings, warnings_total: warningsTotal };
    });
  } finally {
    progress?.done();
  }
  await printImported(ctx, result);
  return result;
}

async function printImported(ctx: Ctx, result: OrderImportResult): Promise<void> {
  if (ctx.json) printJson(ctx, result);
  else {
    const { renderOrderImported } = await import('../../ui/orders-view.js');
    print(ctx, renderOrderImported(result));
  }
}
