/**
 * Application of a load: every upsert in one immediate transaction, after the schema checks per
 * record (validate.ts) and the reference checks against the database and the load itself
 * (references.ts); also the streamed load of rate files.
 */
import { hashClaimCode } from '../claim-hash.js';
import { last4, normalizeClaimCode } from '../core/giftcards.js';
import type { GiftCard } from '../core/types.js';
import type { Store } from '../db/store.js';
import { FAST_CHECKS } from './fast-validate.js';
import { eachCsvItem, type RawItem } from './read.js';
import { checkReferences } from './references.js';
import { KINDS, type Kind, type KindRecord } from './schemas.js';
import { validateItems, type ValidItem } from './validate.js';

export { checkReferences } from './references.js';
export { validateItems, type ValidItem } from './validate.js';

export type LoadCounts = Partial<Record<Kind, number>>;

/** Dependency order: a kind is written after the kinds it refers to. */
const APPLY_ORDER: Kind[] = [
  'categories',
  'currencies',
  'portals',
  'retailers',
  'cards',
  'rates',
  'offers',
  'promos',
  'giftcards',
  'wallet',
  'orders',
  'bonuses',
];

function upsert(store: Store, kind: Kind, record: unknown): void {
  switch (kind) {
    case 'categories':
      return store.upsertCategory(record as KindRecord<'categories'>);
    case 'currencies':
      return store.upsertCurrency(record as KindRecord<'currencies'>);
    case 'portals':
      return store.upsertPortal(record as KindRecord<'portals'>);
    case 'retailers':
      return store.upsertRetailer(record as KindRecord<'retailers'>);
    case 'rates':
      return store.upsertRate(record as KindRecord<'rates'>);
    case 'cards':
      return store.upsertCard(record as KindRecord<'cards'>);
    case 'offers':
      return store.upsertOffer(record as KindRecord<'offers'>);
    case 'promos':
      return store.upsertPromo(record as KindRecord<'promos'>);
    case 'giftcards': {
      const r = record as KindRecord<'giftcards'>;
      let card: GiftCard;
      if ('code' in r) {
        const code = normalizeClaimCode(r.code);
        card = { id: r.id, retailer: r.retailer, balance_cents: r.balance_cents, last4: last4(code), code_hash: hashClaimCode(code) };
      } else card = r;
      return store.upsertGiftCard(card);
    }
    case 'wallet':
      return store.addToWallet(record as string);
    case 'orders': {
      const { giftcard_split: split, ...r } = record as KindRecord<'orders'>;
      store.saveOrder({
        ...r,
        channel: r.channel ?? 'online',
        promos: r.promos ?? [],
        giftcard_cents: r.giftcard_cents ?? 0,
        expected_cents: r.expected_cents ?? 0,
        status: r.status ?? 'pending',
      });
      store.saveOrderGiftCards(r.id, split ?? []);
      return;
    }
    case 'bonuses': {
      const r = record as KindRecord<'bonuses'>;
      store.saveBonus({ ...r, status: r.status ?? 'pending' });
      return;
    }
  }
}

/**
 * Write validated items in one transaction (upsert by id). `onProgress(done, total)` is called now
 * and then. Returns how many records of each kind were written.
 */
export function applyItems(store: Store, items: ValidItem[], onProgress?: (done: number, total: number) => void): LoadCounts {
  const counts: LoadCounts = {};
  const byKind = new Map<Kind, ValidItem[]>();
  for (const item of items) {
    let list = byKind.get(item.kind);
    if (!list) byKind.set(item.kind, (list = []));
    list.push(item);
  }
  store.write(() => {
    let done = 0;
    for (const kind of APPLY_ORDER) {
      const list = byKind.get(kind) ?? [];
      if (kind === 'rates') {
        // Rates come by the hundred thousand: multi-row upserts, 5,000 at a time between progress reports.
        for (let i = 0; i < list.length; i += 5000) {
          const chunk = list.slice(i, i + 5000);
          store.upsertRates(chunk.map((item) => item.record as KindRecord<'rates'>));
          done += chunk.length;
          onProgress?.(done, items.length);
        }
        if (list.length) counts[kind] = list.length;
        continue;
      }
      for (const item of list) {
        upsert(store, kind, item.record);
        done++;
        if (onProgress && done % 5000 === 0) onProgress(done, items.length);
      }
      const n = byKind.get(kind)?.length;
      if (n) counts[kind] = n;
    }
    onProgress?.(items.length, items.length);
  });
  return counts;
}

/** Validate, check references and apply: the whole `perk load` pipeline after reading. */
export function loadItems(
  store: Store,
  raw: RawItem[],
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): LoadCounts {
  const items = validateItems(raw);
  checkReferences(store, items);
  if (options.dryRun) {
    const counts: LoadCounts = {};
    for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
    return counts;
  }
  return applyItems(store, items, options.onProgress);
}

/** Rates written per upsertRates call by loadRateFiles (and between progress reports). */
const RATE_CHUNK = 5000;

/** Thrown inside the transaction when a file needs csv-parse: roll back and take the whole path. */
const NEEDS_FULL_READ = Symbol('needs the full read');

/**
 * `perk load` of CSV files of rates only (a portal's list: hundreds of thousands of rows), streamed:
 * each row is split, checked (the fast check, else zod for its error), its portal and retailer looked
 * up, and written in chunks, all in one transaction, so memory stays flat and a bad row anywhere still
 * leaves the database untouched (the first bad row is the error, naming file, line and field, as
 * loadItems would). `dryRun` checks the same and writes nothing. `onProgress(done)` counts rows written. Returns undefined, having written
 * nothing, when a file needs the full CSV parser (multi-line quoting): load those with loadItems.
 */
export function loadRateFiles(
  store: Store,
  files: ReadonlyArray<{ text: string; file: string }>,
  options: {
    dryRun?: boolean;
    kind?: Kind | undefined;
    onProgress?: ((done: number, total: number) => void) | undefined;
    /** Called with the retailer of each valid rate, before it is written (perk load's watches, SPEC 11.3). */
    onRate?: ((retailer: string) => void) | undefined;
  } = {},
): LoadCounts | undefined {
  const portals = new Set(store.portals().map((p) => p.id));
  const retailers = new Set(store.retailerIds());
  let done = 0;
  const chunk: Array<KindRecord<'rates'>> = [];
  const flush = () => {
    if (!options.dryRun && chunk.length) store.upsertRates(chunk);
    chunk.length = 0;
    options.onProgress?.(done, done);
  };
  const visit = (item: RawItem) => {
    if (item.kind !== 'rates') throw NEEDS_FULL_READ;
    const record = (FAST_CHECKS.rates?.(item.value) ?? (validateItems([item])[0] as ValidItem).record) as KindRecord<'rates'>;
    // An unknown portal or retailer: checkReferences gives the error (nothing else is loaded with rates).
    if (!portals.has(record.portal) || !retailers.has(record.retailer)) {
      checkReferences(store, [{ kind: 'rates', record, file: item.file, line: item.line, index: item.index }]);
    }
    options.onRate?.(record.retailer);
    chunk.push(record);
    done++;
    if (chunk.length === RATE_CHUNK) flush();
  };
  const run = () => {
    for (const { text, file } of files) if (!eachCsvItem(text, file, options.kind, visit)) throw NEEDS_FULL_READ;
    flush();
  };
  try {
    if (options.dryRun) run();
    else store.write(run);
  } catch (error) {
    if (error === NEEDS_FULL_READ) return undefined;
    throw error;
  }
  options.onProgress?.(done, done);
  return done ? { rates: done } : {};
}

export { KINDS };
