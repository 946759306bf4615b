/** Helpers shared by commands: resolving names the user typed into records, parsing option values. */
import { capUseOf, type CapUse } from '../core/caps.js';
import { isIsoDate } from '../core/dates.js';
import { nearest, squash } from '../core/match.js';
import { parseAmountToCents, type Cents } from '../core/money.js';
import type { Card, Channel, EarnRule, Portal, Retailer } from '../core/types.js';
import type { Ctx } from '../context.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { LIMITS } from '../core/limits.js';
import { holdings } from '../core/wallet.js';

/**
 * A retailer by id, by name (case-insensitive), by alias, then by unique prefix or fuzzy match.
 * Ambiguous or unknown → UsageError listing candidates or suggestions.
 */
export function resolveRetailer(store: Store, text: string): Retailer {
  const query = text.trim();
  if (!query) throw new UsageError('The retailer is empty.', 'Name a retailer, e.g. "perk retailers mac" to search.');
  // No stored name, alias or id is longer than LIMITS.name: a longer one cannot match (and is not searched).
  if (query.length > LIMITS.name) {
    throw new UsageError(`The retailer is ${query.length} characters long; a retailer name, alias or id is at most ${LIMITS.name}.`, 'Name a retailer, e.g. "perk retailers mac" to search.');
  }
  const exact = store.retailer(query.toLowerCase());
  if (exact) return exact;
  for (const found of [store.retailersByName(query), store.retailersByAlias(query)]) {
    if (found.length === 1) return found[0] as Retailer;
    if (found.length > 1) throw ambiguous(query, found);
  }
  const prefixed = store.retailersByPrefix(query, 20);
  if (prefixed.length === 1) return prefixed[0] as Retailer;
  if (prefixed.length > 1) throw ambiguous(query, prefixed);
  // Fuzzy: only on a miss, so the cost of scanning every name is paid only when the user mistyped.
  const keys = store.retailerKeys().map((r) => ({ id: r.id, keys: [r.id, r.name, ...(JSON.parse(r.aliases) as string[])] }));
  const close = nearest(query, keys, 5);
  const q = squash(query);
  const squashHit = keys.filter((k) => k.keys.some((key) => squash(key) === q));
  if (squashHit.length === 1) return store.retailer(squashHit[0]!.id) as Retailer;
  if (!keys.length) {
    throw new UsageError(`Unknown retailer "${query}": this database has no retailers yet.`, 'Load the default dataset with "perk init", or your own with "perk load <file>".');
  }
  throw new UsageError(
    `Unknown retailer "${query}".`,
    close.length ? `Did you mean: ${close.join(', ')}?` : 'Run "perk retailers <search>" to find one.',
  );
}

function ambiguous(query: string, found: Retailer[]): UsageError {
  const list = found.slice(0, 8).map((r) => `${r.id} (${r.name})`);
  return new UsageError(
    `"${query}" matches ${found.length} retailers: ${list.join(', ')}${found.length > 8 ? ', …' : ''}.`,
    'Use the retailer id.',
  );
}

export function requireCard(store: Store, id: string, flag = 'card'): Card {
  const card = store.card(id);
  if (card) return card;
  const close = nearest(
    id,
    store.cards().map((c) => ({ id: c.id, keys: [c.id, c.name] })),
    4,
  );
  throw new UsageError(
    `Unknown card "${id}"${flag ? ` (--${flag})` : ''}.`,
    close.length ? `Did you mean: ${close.join(', ')}?` : 'Run "perk cards" to list the catalog.',
  );
}

/** `flag` names the option the id came from; null for a positional argument (`perk bonus add <portal>`). */
export function requirePortal(store: Store, id: string, flag: string | null = 'portal'): Portal {
  const portal = store.portal(id);
  if (portal) return portal;
  const ids = store.portals().map((p) => p.id);
  throw new UsageError(`Unknown portal "${id}"${flag ? ` (--${flag})` : ''}.`, `Known portals: ${ids.join(', ') || 'none'}.`);
}

/** An amount argument or flag (`120`, `120.5`, `$1,234.56`) in cents. */
export function parseAmountArg(text: string, what: string, options: { allowZero?: boolean } = {}): Cents {
  const cents = parseAmountToCents(text);
  if (cents === null || (!options.allowZero && cents === 0) || cents > 1e11) {
    throw new UsageError(
      `${what} must be an amount in dollars such as 120, 120.50 or $1,234.56 (got "${text}").`,
    );
  }
  return cents;
}

/** A date flag, `YYYY-MM-DD`. */
export function parseDateArg(text: string, flag: string): string {
  if (!isIsoDate(text)) throw new UsageError(`--${flag} must be a real date written YYYY-MM-DD (got "${text}").`);
  return text;
}

/** A positive whole number flag. */
export function parseCountArg(text: string, flag: string, max = 1000): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new UsageError(`--${flag} must be a whole number from 1 to ${max} (got "${text}").`);
  }
  return Number(text);
}

/**
 * The currencies of the cards the user holds, for payouts that need one (MR): the wallet's, or the whole
 * catalog's when the wallet is empty (then the stack compares every card). Shared by stack and payout.
 */
export function heldCurrencies(store: Store): string[] {
  return [...holdings(store.walletCards(), store.cards()).currencies];
}

/** What a view in ui/ is drawn for: the terminal (or not), its width, color. */
export function view(ctx: Pick<Ctx, 'tty' | 'width' | 'color'>): { tty: boolean; width: number | undefined; color: boolean } {
  return { tty: ctx.tty, width: ctx.width, color: ctx.color };
}

export function printJson(ctx: { out(s: string): void }, value: unknown): void {
  ctx.out(JSON.stringify(value, null, 2));
}

/**
 * printJson for a large document whose last field is a long list (`perk stack` with an empty wallet:
 * 1,000 options, 860 kB): the same bytes, written as the pieces of jsonPieces.
 */
export function printJsonInPieces(ctx: { out(s: string): void }, value: unknown): void {
  for (const piece of jsonPieces(value)) ctx.out(piece);
}

/**
 * `JSON.stringify(value, null, 2)` as pieces whose concatenation is exactly that text: for a plain
 * object whose last field is an array, the fields before it (`{\n  …,\n`) and then the last one
 * (`  "options": […]\n}`), each stringified at the depth it has in the whole; anything else in one
 * piece. Why: one character outside Latin-1 anywhere before the list (the `…` of a note) makes V8
 * build the whole document as a two-byte string, which costs a copy and a slow UTF-8 encoding on
 * output (~4 ms of CPU for an empty wallet's stack); the list alone stays one-byte.
 */
export function jsonPieces(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype || 'toJSON' in value) {
    return [JSON.stringify(value, null, 2)];
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const last = keys[keys.length - 1];
  if (last === undefined || keys.length < 2 || !Array.isArray(record[last])) return [JSON.stringify(value, null, 2)];
  // Own data properties, in the same order (Object.fromEntries and a computed key never set a prototype).
  const head = JSON.stringify(Object.fromEntries(keys.slice(0, -1).map((k) => [k, record[k]])), null, 2);
  if (head === '{}') return [JSON.stringify(value, null, 2)]; // every field before the list is left out (undefined)
  return [`${head.slice(0, -2)},\n`, JSON.stringify({ [last]: record[last] }, null, 2).slice(2)];
}

/**
 * Cap use of one of a card's rules (one of `card.earn`) on `date`, from the running total the database
 * keeps. The one way commands read cap use: `perk stack`, `perk card` and `perk order add/import` agree
 * by construction.
 */
export function capUseInStore(store: Store, card: Card, rule: EarnRule, date: string): CapUse | undefined {
  return capUseOf(rule, date, (periodStart) => store.capSpend(card.id, ruleIndex(card, rule), periodStart));
}

/** The index of `rule` in `card.earn` (the key of its cap totals); a rule from elsewhere is a bug. */
export function ruleIndex(card: Card, rule: EarnRule): number {
  const i = card.earn.indexOf(rule);
  if (i < 0) throw new Error(`internal: an earn rule that is not one of ${card.id}'s was asked for its cap use`);
  return i;
}

/** `--online` / `--in-store` / `--dining` as a channel; undefined when none is given (found from the category). */
export function channelOption(options: { online?: boolean | undefined; inStore?: boolean | undefined; dining?: boolean | undefined }): Channel | undefined {
  const given = (
    [
      ['--online', options.online, 'online'],
      ['--in-store', options.inStore, 'in_store'],
      ['--dining', options.dining, 'dining'],
    ] as const
  ).filter(([, on]) => on);
  if (given.length > 1) {
    throw new UsageError(`${given.map(([flag]) => flag).join(' and ')} cannot be used together.`, 'Pick the one channel the purchase goes through.');
  }
  return given[0]?.[2];
}

/** A category id the database knows (`--category`), else a usage error listing the known ones. */
export function requireCategory(store: Store, category: string): string {
  if (!store.hasCategory(category)) throw new UsageError(`Unknown category "${category}" (--category).`, `Known categories: ${store.categories().map((c) => c.id).join(', ')}.`);
  return category;
}
