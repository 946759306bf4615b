/** Reference checks of a load: every id a record names exists in the database or the load, plus the per-kind checks (orders' amounts and gift-card splits, trip ends, category cycles, taken ids, repeats). */
import { TRAVEL, TRAVEL_PORTAL_RE } from '../core/caps.js';
import { formatCents } from '../core/money.js';
import { hashClaimCode } from '../claim-hash.js';
import { claimCodeLength, isValidClaimCode, normalizeClaimCode } from '../core/giftcards.js';
import type { Store } from '../db/store.js';
import { label, LoadError, where } from './read-errors.js';
import type { KindRecord } from './schemas.js';
import type { ValidItem } from './validate.js';

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
