import { stringify } from 'csv-stringify/sync';
import type { Ctx } from '../context.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { encodeCsvText } from '../load/csv-cell.js';
import { csvColumns } from '../load/read.js';
import { CSV_KINDS, KINDS, type CsvKind, type Kind } from '../load/schemas.js';

export interface ExportOptions {
  kind?: string | undefined;
  format: 'json' | 'csv';
}

/** Drop null/undefined fields so exported records have the same shape as hand-written ones. */
function compact<T extends object>(record: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Every record of one kind, in a stable order, in the load format. */
export function exportKind(store: Store, kind: Kind): unknown[] {
  switch (kind) {
    case 'categories':
      return store.categories().map(compact);
    case 'currencies':
      return store.currencies().map(compact);
    case 'portals':
      return store.portals().map(compact);
    case 'retailers':
      return store.retailers().map(compact);
    case 'rates':
      return store.rates().map(compact);
    case 'cards':
      return store.cards().map((c) => ({ ...compact(c), earn: c.earn.map(compact) }));
    case 'offers':
      return store.offers().map(compact);
    case 'promos':
      return store.promos().map(compact);
    case 'giftcards':
      // Never the code: only what is stored (last four and the hash), which `perk load` accepts.
      return store.giftCards().map((g) => ({ id: g.id, retailer: g.retailer, balance_cents: g.balance_cents, last4: g.last4, code_hash: g.code_hash }));
    case 'wallet':
      return store.walletIds();
    case 'orders':
      return store.orders().map((o) => {
        const c = compact(o);
        if (o.promos.length === 0) delete c.promos;
        if (o.giftcard_cents === 0) delete c.giftcard_cents;
        const split = store.orderGiftCards(o.id);
        if (split.length) c.giftcard_split = split;
        return c;
      });
    case 'bonuses':
      return store.bonuses().map(compact);
  }
}

export function exportDocument(store: Store, kinds: readonly Kind[] = KINDS): Record<string, unknown[]> {
  const doc: Record<string, unknown[]> = {};
  for (const kind of kinds) {
    const records = exportKind(store, kind);
    if (records.length) doc[kind] = records;
  }
  return doc;
}

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    // Lists join with |; an order's gift-card split is written gc-a:2000|gc-b:1000.
    return encodeCsvText(
      value.map((v: unknown) => (typeof v === 'object' && v !== null ? `${(v as { giftcard: string }).giftcard}:${(v as { cents: number }).cents}` : String(v))).join('|'),
    );
  }
  // Formula starts and control characters are marked and escaped, and `perk load` undoes it (load/csv-cell.ts).
  return encodeCsvText(String(value));
}

export function exportCsv(store: Store, kind: CsvKind): string {
  const columns = csvColumns(kind);
  const rows = (exportKind(store, kind) as Array<Record<string, unknown>>).map((r) => columns.map((c) => csvCell(r[c])));
  return stringify([columns, ...rows]);
}

export async function runExport(options: ExportOptions, ctx: Ctx): Promise<void> {
  if (options.kind !== undefined && !(KINDS as string[]).includes(options.kind)) {
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${options.kind}").`);
  }
  const store = ctx.store();
  if (options.format === 'csv') {
    if (!options.kind || !(CSV_KINDS as readonly string[]).includes(options.kind)) {
      throw new UsageError(`--format csv needs --kind ${CSV_KINDS.join('|')}.`, 'A CSV file holds one kind of data.');
    }
    ctx.out(exportCsv(store, options.kind as CsvKind));
    return;
  }
  const kinds = options.kind ? [options.kind as Kind] : KINDS;
  ctx.out(JSON.stringify(exportDocument(store, kinds), null, 2));
}
