/**
 * Validation and application of a load: schema checks per record, reference checks against the
 * database and the load itself, then every upsert in one immediate transaction.
 */
import type { z } from 'zod';
import { TRAVEL, TRAVEL_PORTAL_RE } from '../core/caps.js';
import { formatCents } from '../core/money.js';
import { claimCodeLength, hashClaimCode, isValidClaimCode, last4, normalizeClaimCode } from '../core/giftcards.js';
import type { GiftCard } from '../core/types.js';
import type { Store } from '../db/store.js';
import { FAST_CHECKS } from './fast-validate.js';
import { eachCsvItem, LoadError, where, type RawItem } from './read.js';
import { KIND_SCHEMAS, KINDS, type Kind, type KindRecord } from './schemas.js';

export interface ValidItem {
  kind: Kind;
  record: unknown;
  file: string;
  line: number;
  index: number;
}

export type LoadCounts = Partial<Record<Kind, number>>;

function label(item: { kind: Kind; file: string; line: number }): string {
  return `${where(item.file, item.line)} (${item.kind})`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'an object',
  record: 'an object',
};

type Issue = z.core.$ZodIssue;

/** The value at `path` inside `value` (to show what was given). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function shown(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null)) return '';
  const text = JSON.stringify(value);
  return ` (got ${text.length > 40 ? `${text.slice(0, 40)}…` : text})`;
}

/**
 * Of a union's branches, the one the record was most likely meant to be: not one whose very shape is
 * wrong (wrong type or unknown keys at its root), then the fewest problems.
 */
function likelyBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] | undefined {
  const score = (issues: readonly Issue[]) =>
    (issues.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys')) ? 1000 : 0) + issues.length;
  return [...branches].sort((a, b) => score(a) - score(b))[0];
}

function describeIssue(issue: Issue, value: unknown, kind: Kind): string {
  if (issue.code === 'invalid_union') {
    const first = likelyBranch(issue.errors)?.[0];
    if (first) return describeIssue({ ...first, path: [...issue.path, ...first.path] } as Issue, value, kind);
  }
  const name = issue.path.length ? issue.path.map(String).join('.') : kind === 'wallet' ? kind : undefined;
  const field = name === undefined ? '' : `field "${name}"`;
  const prefix = field ? `${field}: ` : '';
  const given = valueAt(value, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${name ? ` in "${name}"` : ''}`;
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (given === undefined && field) return `${field} is missing (expected ${expected})`;
      return `${prefix}expected ${expected}${shown(given)}`;
    }
    case 'invalid_value':
      return `${prefix}expected ${issue.values.length === 1 ? '' : 'one of '}${issue.values.map((v) => JSON.stringify(v)).join(', ')}${shown(given)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? (issue.inclusive ? 'at least' : 'more than') : issue.inclusive ? 'at most' : 'less than';
      if (issue.origin === 'array' || issue.origin === 'set') return `${prefix}expected ${word} ${String(bound)} item${bound === 1 ? '' : 's'}`;
      if (issue.origin === 'string') {
        return issue.code === 'too_small' && Number(bound) === 1 ? `${prefix}must not be empty` : `${prefix}expected ${word} ${String(bound)} characters`;
      }
      return `${prefix}expected a number ${word} ${String(bound)}${shown(given)}`;
    }
    default: {
      // Custom messages from the schemas are already sentences; zod's own start with a capital.
      const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid string: /, '');
      return `${prefix}${message}${issue.code === 'invalid_format' || message.startsWith('expected') ? shown(given) : ''}`;
    }
  }
}

/** Schema-check each raw item; the first failure is a LoadError naming file, line and field. */
export function validateItems(items: RawItem[]): ValidItem[] {
  const out: ValidItem[] = new Array<ValidItem>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RawItem;
    // Rates and retailers: a fast check that accepts only what zod accepts; anything else goes to zod.
    const fast = FAST_CHECKS[item.kind]?.(item.value);
    if (fast !== undefined) {
      out[i] = { kind: item.kind, record: fast, file: item.file, line: item.line, index: item.index };
      continue;
    }
    const schema = KIND_SCHEMAS[item.kind] as z.ZodType;
    const result = schema.safeParse(item.value);
    if (!result.success) {
      const issue = result.error.issues[0] as z.core.$ZodIssue;
      throw new LoadError(`${label(item)}: ${describeIssue(issue, item.value, item.kind)}.`, 'Fix that record and load again; nothing was loaded.');
    }
    out[i] = { kind: item.kind, record: result.data, file: item.file, line: item.line, index: item.index };
  }
  return out;
}


/** Check every reference of the load against the database and the load itself. */
export function checkReferences(store: Store, items: ValidItem[]): void {
  const loaded = new Map<string, Set<string>>();
  const add = (kind: string, id: string) => {
    let set = loaded.get(kind);
    if (!set) loaded.set(kind, (set = new Set()));
    set.add(id);
  };
  for (const item of items) {
    const r = item.record as Record<string, unknown>;
    if (
      item.kind === 'categories' ||
      item.kind === 'portals' ||
      item.kind === 'retailers' ||
      item.kind === 'cards' ||
      item.kind === 'offers' ||
      item.kind === 'giftcards'
    ) {
      add(item.kind, r.id as string);
    } else if (item.kind === 'currencies') add('currencies', r.code as string);
  }
  // Database answers by kind, then id (no key string built per lookup: a big load makes millions).
  const caches = new Map<string, Map<string, boolean>>();
  // A big rate list names thousands of retailers: one scan of their ids beats a query for each.
  let rates = 0;
  for (const item of items) if (item.kind === 'rates') rates++;
  if (rates > 5000) caches.set('retailers', new Map(store.retailerIds().map((id) => [id, true])));
  const exists = (kind: 'categories' | 'portals' | 'retailers' | 'cards' | 'currencies' | 'offers' | 'giftcards', id: string): boolean => {
    if (loaded.get(kind)?.has(id)) return true;
    let cache = caches.get(kind);
    if (!cache) caches.set(kind, (cache = new Map()));
    let hit = cache.get(id);
    if (hit === undefined) {
      if (kind === 'currencies') hit = id === 'USD' || store.currency(id) !== undefined;
      else if (kind === 'categories') hit = store.hasCategory(id);
      else if (kind === 'portals') hit = store.portal(id) !== undefined;
      else if (kind === 'retailers') hit = store.hasRetailer(id);
      else if (kind === 'offers') hit = store.offer(id) !== undefined;
      else if (kind === 'giftcards') hit = store.giftCardById(id) !== undefined;
      else hit = store.hasCard(id);
      cache.set(id, hit);
    }
    return hit;
  };
  const need = (item: ValidItem, field: string, kind: Parameters<typeof exists>[0], id: string | null | undefined) => {
    if (id === undefined || id === null) return;
    if (!exists(kind, id)) {
      throw new LoadError(
        `${label(item)}: field "${field}" refers to unknown ${kind.replace(/s$/, '').replace(/ie$/, 'y')} "${id}".`,
        `Load the ${kind} first or in the same invocation.`,
      );
    }
  };
  const viaOk = (item: ValidItem, field: string, via: string | null | undefined) => {
    if (via && !TRAVEL_PORTAL_RE.test(via)) need(item, field, 'portals', via);
  };
  const giftHashes = new Map<string, string>();
  let parents: Map<string, string | undefined> | undefined;
  for (const item of items) {
    switch (item.kind) {
      case 'categories': {
        const r = item.record as KindRecord<'categories'>;
        need(item, 'parent', 'categories', r.parent);
        if (r.parent === r.id) throw new LoadError(`${label(item)}: field "parent": a category cannot be its own parent.`);
        checkCategoryCycle((parents ??= categoryParents(store, items)), item);
        break;
      }
      case 'portals': {
        const r = item.record as KindRecord<'portals'>;
        for (const code of Object.keys(r.payout_options)) need(item, `payout_options.${code}`, 'currencies', code);
        break;
      }
      case 'retailers':
        need(item, 'category', 'categories', (item.record as KindRecord<'retailers'>).category);
        break;
      case 'rates': {
        const r = item.record as KindRecord<'rates'>;
        need(item, 'portal', 'portals', r.portal);
        need(item, 'retailer', 'retailers', r.retailer);
        break;
      }
      case 'cards': {
        const r = item.record as KindRecord<'cards'>;
        need(item, 'currency', 'currencies', r.currency);
        need(item, 'pays_via', 'portals', r.pays_via);
        r.earn.forEach((rule, i) => {
          need(item, `earn.${i}.category`, 'categories', rule.category);
          viaOk(item, `earn.${i}.via`, rule.via);
        });
        break;
      }
      case 'offers': {
        const r = item.record as KindRecord<'offers'>;
        need(item, 'card', 'cards', r.card);
        need(item, 'retailer', 'retailers', r.retailer);
        break;
      }
      case 'promos':
        need(item, 'retailer', 'retailers', (item.record as KindRecord<'promos'>).retailer);
        break;
      case 'giftcards': {
        const r = item.record as KindRecord<'giftcards'>;
        need(item, 'retailer', 'retailers', r.retailer);
        if ('code' in r) {
          const code = normalizeClaimCode(r.code);
          if (!isValidClaimCode(code, r.retailer)) {
            const { min, max } = claimCodeLength(r.retailer);
            throw new LoadError(`${label(item)}: field "code": expected a claim code of ${min}–${max} letters and digits.`);
          }
        }
        const hash = 'code' in r ? hashClaimCode(normalizeClaimCode(r.code)) : r.code_hash;
        const other = giftHashes.get(hash) ?? store.giftCardByHash(hash)?.id;
        if (other !== undefined && other !== r.id) {
          throw new LoadError(`${label(item)}: field "code": this gift card is already stored as "${other}".`);
        }
        giftHashes.set(hash, r.id);
        break;
      }
      case 'wallet':
        need(item, 'wallet', 'cards', item.record as string);
        break;
      case 'orders': {
        const r = item.record as KindRecord<'orders'>;
        need(item, 'retailer', 'retailers', r.retailer);
        need(item, 'category', 'categories', r.category);
        need(item, 'card', 'cards', r.card);
        need(item, 'portal', 'portals', r.portal);
        viaOk(item, 'via', r.via);
        if (r.trip_end) {
          // A trip end belongs to travel (SPEC 9.11): the category is travel or under it.
          parents ??= categoryParents(store, items);
          if (!isUnder(parents, r.category, TRAVEL)) {
            throw new LoadError(`${label(item)}: field "trip_end": a trip end is only for travel, and ${r.category} is not travel or under it.`);
          }
        }
        need(item, 'offer', 'offers', r.offer);
        need(item, 'giftcard', 'giftcards', r.giftcard);
        r.giftcard_split?.forEach((use, i) => need(item, `giftcard_split.${i}.giftcard`, 'giftcards', use.giftcard));
        checkOrderAmounts(item, r);
        const stored = store.order(r.id);
        if (stored && !sameOrder(stored, r)) {
          throw new LoadError(
            `${label(item)}: field "id": order ${r.id} is already a different order (${stored.date} ${stored.retailer} ${formatCents(stored.amount_cents)}).`,
            'Give this order an id that is not taken (perk order list shows them), or remove the other one first.',
          );
        }
        break;
      }
      case 'bonuses': {
        const r = item.record as KindRecord<'bonuses'>;
        need(item, 'portal', 'portals', r.portal);
        const stored = store.bonus(r.id);
        if (stored && (stored.portal !== r.portal || stored.date !== r.date || stored.amount_cents !== r.amount_cents)) {
          throw new LoadError(
            `${label(item)}: field "id": bonus ${r.id} is already a different bonus (${stored.portal} ${stored.date} ${formatCents(stored.amount_cents)}).`,
            'Give this bonus an id that is not taken (perk bonus list shows them), or remove the other one first.',
          );
        }
        break;
      }
    }
  }
  // Last, so a record that is wrong in itself is named for that rather than as a repeat.
  checkDuplicates(items);
}

/**
 * The same purchase: an order loaded again (an export reloaded, with its status or cash back updated)
 * replaces the stored one; a different purchase under a taken id is refused rather than overwriting it.
 */
function sameOrder(stored: { date: string; retailer: string; amount_cents: number }, r: KindRecord<'orders'>): boolean {
  return stored.date === r.date && stored.retailer === r.retailer && stored.amount_cents === r.amount_cents;
}

/** What an order pays must add up as perk writes it: gift cards + charged ≤ amount, the split = giftcard_cents. */
function checkOrderAmounts(item: ValidItem, r: KindRecord<'orders'>): void {
  const fail = (field: string, message: string): never => {
    throw new LoadError(`${label(item)}: field "${field}": ${message}.`, 'Fix that record and load again; nothing was loaded.');
  };
  const gift = r.giftcard_cents ?? 0;
  if (gift > 0 && !r.giftcard) fail('giftcard', 'an order with "giftcard_cents" needs the gift card it was paid with');
  if (gift + r.charged_cents > r.amount_cents) {
    fail(
      gift > 0 ? 'giftcard_cents' : 'charged_cents',
      `the gift cards (${formatCents(gift)}) and the charge (${formatCents(r.charged_cents)}) come to more than the amount (${formatCents(r.amount_cents)})`,
    );
  }
  const split = r.giftcard_split;
  if (split === undefined || split.length === 0) return;
  const seen = new Set<string>();
  split.forEach((use, i) => {
    if (seen.has(use.giftcard)) fail(`giftcard_split.${i}.giftcard`, `gift card "${use.giftcard}" appears twice`);
    seen.add(use.giftcard);
  });
  if (split[0]?.giftcard !== r.giftcard) fail('giftcard_split', 'the first gift card of the split must be "giftcard"');
  const sum = split.reduce((s, use) => s + use.cents, 0);
  if (sum !== gift) fail('giftcard_split', `the split adds up to ${formatCents(sum)}, not "giftcard_cents" (${formatCents(gift)})`);
}

/** The same id twice in one load (in one file or across files): refused, naming both places. */
function checkDuplicates(items: readonly ValidItem[]): void {
  const seen = new Map<string, ValidItem>();
  for (const item of items) {
    if (item.kind === 'rates' || item.kind === 'wallet') continue;
    const r = item.record as Record<string, unknown>;
    const key =
      item.kind === 'currencies'
        ? String(r.code)
        : item.kind === 'promos'
          ? `${String(r.retailer)} ${String(r.code).toUpperCase()}`
          : String(r.id);
    const full = `${item.kind}\u0000${key}`;
    const first = seen.get(full);
    if (first) {
      const field = item.kind === 'currencies' || item.kind === 'promos' ? 'code' : 'id';
      const shown = item.kind === 'promos' ? `${String(r.code)} (${String(r.retailer)})` : key;
      throw new LoadError(
        `${label(item)}: field "${field}": "${shown}" is also at ${where(first.file, first.line)}; a load may hold each one once.`,
        'Keep one of the two records.',
      );
    }
    seen.set(full, item);
  }
}

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

/** Each category's parent: the database's, overlaid with this load's. */
function categoryParents(store: Store, items: readonly ValidItem[]): Map<string, string | undefined> {
  const parents = new Map(store.categories().map((c) => [c.id, c.parent ?? undefined]));
  for (const item of items) {
    if (item.kind !== 'categories') continue;
    const r = item.record as KindRecord<'categories'>;
    parents.set(r.id, r.parent ?? undefined);
  }
  return parents;
}

/** Whether `category` is `ancestor` or below it (a cycle stops the walk). */
function isUnder(parents: ReadonlyMap<string, string | undefined>, category: string, ancestor: string): boolean {
  let cur: string | undefined = category;
  for (let steps = 0; cur !== undefined && steps <= parents.size; steps++, cur = parents.get(cur)) {
    if (cur === ancestor) return true;
  }
  return false;
}

/** A category whose parents lead back to it is refused, naming the cycle. */
function checkCategoryCycle(parents: ReadonlyMap<string, string | undefined>, item: ValidItem): void {
  const start = (item.record as KindRecord<'categories'>).id;
  const path = [start];
  for (let cur = parents.get(start); cur !== undefined && path.length <= parents.size; cur = parents.get(cur)) {
    path.push(cur);
    if (cur === start) throw new LoadError(`${label(item)}: field "parent": the categories form a cycle (${path.join(' → ')}).`);
  }
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
