/**
 * `perk offer paste --card <id>` and `perk rate paste --portal <id>` (SPEC 11.1, 11.2): read a page the
 * user copied (stdin), show what was found, what could not be read and which merchants perk does not
 * know (never guessed), and save on confirmation (`--yes` without a terminal).
 */
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { squash, nearest } from '../core/match.js';
import { formatCents, formatUnits } from '../core/money.js';
import { parseOfferPage, parseRatePage, type PastedOffer, type PastedRate, type Unreadable } from '../core/paste.js';
import { describeRate, validRate } from '../core/rates.js';
import type { Card, Channel, Offer, PortalRate, Retailer } from '../core/types.js';
import type { Store } from '../db/store.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { printJson, requireCard, requirePortal } from './shared.js';
import { rateKindProblem } from './retailers.js';

export interface PasteOptions {
  yes?: boolean | undefined;
  /** The pasted text (tests); else stdin. */
  input?: string | undefined;
}

/** An unknown merchant: reported with the nearest retailers, never guessed. */
export interface UnknownMerchant {
  line: number;
  merchant: string;
  suggestions: string[];
}

type Status = 'new' | 'changed' | 'unchanged';

function readStdin(ctx: Ctx, what: string): string {
  if (ctx.interactive) ctx.err(`Paste ${what}, then press Ctrl-D on a line of its own.`);
  try {
    return fs.readFileSync(0, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN' || (error as NodeJS.ErrnoException).code === 'EOF') return '';
    throw error;
  }
}

/**
 * A merchant name as it is on the page → a retailer by id, name or alias, or the same letters and
 * digits as one of those ("Macys" is Macy's); anything looser is a guess, so it is not made.
 */
export function matchMerchant(store: Store, merchant: string): Retailer | { suggestions: string[] } {
  const text = merchant.trim();
  const exact = store.retailer(text.toLowerCase());
  if (exact) return exact;
  for (const found of [store.retailersByName(text), store.retailersByAlias(text)]) if (found.length === 1) return found[0]!;
  const keys = store.retailerKeys().map((r) => ({ id: r.id, keys: [r.id, r.name, ...(JSON.parse(r.aliases) as string[])] }));
  const q = squash(text);
  const same = keys.filter((k) => k.keys.some((key) => squash(key) === q));
  if (same.length === 1) return store.retailer(same[0]!.id)!;
  return { suggestions: nearest(text, keys, 3) };
}

/** Ask, or take --yes; without a terminal and without --yes nothing is saved (exit 2). */
async function confirmSave(ctx: Ctx, options: PasteOptions, question: string): Promise<boolean> {
  if (options.yes) return true;
  if (!ctx.interactive) {
    throw new UsageError('Nothing was saved: there is no terminal to confirm on.', 'Add --yes to save what was found.');
  }
  const { askConfirm } = await import('../ui/prompts.js');
  return askConfirm(question, true);
}

function printProblems(ctx: Ctx, unknown: readonly UnknownMerchant[], unreadable: readonly Unreadable[], noun: string): void {
  for (const u of unknown) {
    ctx.out(
      `Unknown merchant "${safeText(u.merchant)}" (line ${u.line}): not saved${u.suggestions.length ? `; did you mean ${u.suggestions.join(', ')}?` : '.'} Add it with perk load, or ${noun} it by hand.`,
    );
  }
  for (const u of unreadable) ctx.out(`Could not read line ${u.line}: "${safeText(u.text)}" (${u.reason}).`);
}

// ---- offers -----------------------------------------------------------------------------------

/** The id of a pasted offer: card, retailer and what it gives, so pasting the same offer again finds it. */
export function pastedOfferId(card: string, retailer: string, o: PastedOffer): string {
  const dollars = (c: number | undefined) => (c === undefined ? '' : String(c / 100).replace(/\.?0+$/, (m) => (m.startsWith('.') ? '' : m)));
  let what: string;
  switch (o.kind) {
    case 'credit':
      what = `${dollars(o.credit_cents)}${o.min_spend_cents ? `-on-${dollars(o.min_spend_cents)}` : ''}`;
      break;
    case 'percent':
      what = `${o.percent}pct${o.max_credit_cents ? `-max-${dollars(o.max_credit_cents)}` : ''}`;
      break;
    case 'points':
      what = `${o.points}pts${o.min_spend_cents ? `-on-${dollars(o.min_spend_cents)}` : ''}`;
      break;
    case 'points_per_dollar':
      what = `${o.points_per_dollar}x${o.max_points ? `-max-${o.max_points}` : ''}`;
      break;
  }
  return `${card}.${retailer}-${what}`.replace(/[^a-z0-9._-]/g, '-');
}

/** The offer record of a pasted offer on `card`. Capital One Offers are click-through and need no adding. */
export function pastedOffer(card: Card, retailer: Retailer, o: PastedOffer): Offer {
  const clickThrough = card.issuer === 'capital_one';
  const offer: Offer = { id: pastedOfferId(card.id, retailer.id, o), issuer: card.issuer, card: card.id, retailer: retailer.id, kind: o.kind };
  for (const k of ['min_spend_cents', 'credit_cents', 'percent', 'max_credit_cents', 'points', 'points_per_dollar', 'max_points'] as const) {
    if (o[k] !== undefined) offer[k] = o[k];
  }
  offer.max_uses = o.max_uses ?? 1;
  if (o.to !== undefined) offer.to = o.to;
  offer.click_through = clickThrough;
  // SPEC 9.6: "Added to card" or not, from the page; a page that does not say counts as not added.
  if (!clickThrough && o.added !== true) offer.added = false;
  return offer;
}

function describeOffer(o: Offer): string {
  const uses = (o.max_uses ?? 1) > 1 ? `, ${o.max_uses} times` : '';
  switch (o.kind) {
    case 'credit':
      return `${o.min_spend_cents ? `spend ${formatCents(o.min_spend_cents)}, ` : ''}get ${formatCents(o.credit_cents ?? 0)} back${uses}`;
    case 'percent':
      return `${o.percent}% back${o.max_credit_cents ? ` up to ${formatCents(o.max_credit_cents)}` : ''}${uses}`;
    case 'points':
      return `${o.min_spend_cents ? `spend ${formatCents(o.min_spend_cents)}, ` : ''}get ${formatUnits(o.points ?? 0)} points${uses}`;
    case 'points_per_dollar':
      return `+${o.points_per_dollar} points/$${o.max_points ? ` up to ${formatUnits(o.max_points)}` : ''}${uses}`;
  }
}

const sameRecord = (a: object, b: object) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export async function runOfferPaste(options: PasteOptions & { card: string }, ctx: Ctx) {
  const store = ctx.store();
  const card = requireCard(store, options.card);
  const text = options.input ?? readStdin(ctx, 'the offers page');
  const page = parseOfferPage(text, ctx.today);
  if (!page.offers.length) {
    throw new UsageError(
      `No card-linked offer found in the pasted text${page.unreadable.length ? ` (${page.unreadable.length} line${page.unreadable.length === 1 ? '' : 's'} looked like one but could not be read)` : ''}: nothing was saved.`,
      'Paste the offers page of Amex Offers, Chase Offers or Capital One Offers: a merchant name, then a line such as "Spend $75 or more, earn $15 back".',
    );
  }
  const found: Array<{ line: number; merchant: string; retailer: string; status: Status; offer: Offer }> = [];
  const unknown: UnknownMerchant[] = [];
  for (const o of page.offers) {
    const match = matchMerchant(store, o.merchant);
    if (!('id' in match)) {
      unknown.push({ line: o.line, merchant: o.merchant, suggestions: match.suggestions });
      continue;
    }
    const offer = pastedOffer(card, match, o);
    const old = store.offer(offer.id);
    const status: Status = !old ? 'new' : sameRecord(old, { ...offer, click_through: offer.click_through ?? false }) ? 'unchanged' : 'changed';
    found.push({ line: o.line, merchant: o.merchant, retailer: match.id, status, offer });
  }
  const toSave = found.filter((f) => f.status !== 'unchanged');
  if (ctx.json && !options.yes) {
    printJson(ctx, { card: card.id, saved: false, offers: found, unknown, unreadable: page.unreadable });
    return found;
  }
  if (!ctx.json) {
    const { renderTable } = await import('../ui/table.js');
    ctx.out(`Found ${page.offers.length} offer${page.offers.length === 1 ? '' : 's'} for ${card.id}:`);
    ctx.out(
      renderTable(
        ['line', 'merchant', 'retailer', 'offer', 'expires', 'added', 'status'],
        found.map((f) => [
          String(f.line),
          safeText(f.merchant),
          f.retailer,
          describeOffer(f.offer),
          f.offer.to ?? '',
          f.offer.added === false ? 'no' : 'yes',
          f.status,
        ]),
        { tty: ctx.tty },
      ),
    );
    printProblems(ctx, unknown, page.unreadable, 'add');
  }
  if (!found.length) {
    throw new UsageError(`None of the ${page.offers.length} offers found is at a retailer perk knows: nothing was saved.`, 'Add the retailers with perk load, then paste again.');
  }
  let saved = false;
  if (toSave.length && (await confirmSave(ctx, options, `Save ${toSave.length} offer${toSave.length === 1 ? '' : 's'} to ${card.id}?`))) {
    store.write(() => {
      for (const f of toSave) store.upsertOffer(f.offer);
    });
    saved = true;
  }
  if (ctx.json) printJson(ctx, { card: card.id, saved, offers: found, unknown, unreadable: page.unreadable });
  else ctx.out(toSave.length ? (saved ? `Saved ${toSave.length} offer${toSave.length === 1 ? '' : 's'}.` : 'Nothing saved.') : 'Nothing new: every offer found is already saved.');
  return found;
}

// ---- rates ------------------------------------------------------------------------------------

type RateValue = Pick<PortalRate, 'percent' | 'flat_cents' | 'units_per_dollar'>;
const valueOf = (r: RateValue): RateValue =>
  r.units_per_dollar !== undefined ? { units_per_dollar: r.units_per_dollar } : r.flat_cents !== undefined ? { flat_cents: r.flat_cents } : { percent: r.percent ?? 0 };
const sameValue = (a: RateValue, b: RateValue) => JSON.stringify(valueOf(a)) === JSON.stringify(valueOf(b));

export interface PastedRateResult {
  line: number;
  merchant: string;
  retailer: string;
  channel: Channel;
  /** The rate valid today before the paste, e.g. "3%"; null when there was none. */
  old: string | null;
  /** The rate on the page, e.g. "6%"; "up to" rates are the store's top rate. */
  rate: string;
  up_to: boolean;
  was: string | null;
  /** new: no rate before; changed: a new rate from today; unchanged: the same rate, now checked today. */
  status: Status;
  record: PortalRate;
}

export async function runRatePaste(options: PasteOptions & { portal: string }, ctx: Ctx) {
  const store = ctx.store();
  const portal = requirePortal(store, options.portal);
  const text = options.input ?? readStdin(ctx, "the portal's store list");
  const page = parseRatePage(text);
  if (!page.rates.length) {
    throw new UsageError(
      `No rate found in the pasted text${page.unreadable.length ? ` (${page.unreadable.length} line${page.unreadable.length === 1 ? '' : 's'} looked like one but could not be read)` : ''}: nothing was saved.`,
      'Paste the store list of the portal: a store name, then its rate such as "6% Cash Back", "$25 Cash Back" or "5 miles/$".',
    );
  }
  const unknown: UnknownMerchant[] = [];
  const unreadable: Unreadable[] = [...page.unreadable];
  const byKey = new Map<string, PastedRateResult>();
  for (const r of page.rates) {
    const problem = rateKindProblem(portal, r.units_per_dollar !== undefined);
    if (problem) {
      unreadable.push({ line: r.line, text: r.text, reason: problem });
      continue;
    }
    const match = matchMerchant(store, r.merchant);
    if (!('id' in match)) {
      unknown.push({ line: r.line, merchant: r.merchant, suggestions: match.suggestions });
      continue;
    }
    byKey.set(`${match.id}|${r.channel ?? 'online'}`, rateResult(store, ctx, portal.id, match, r));
  }
  const found = [...byKey.values()].sort((a, b) => a.line - b.line);
  const toSave = found.filter((f) => f.status !== 'unchanged' || f.record.as_of !== storedAsOf(store, f.record));
  if (ctx.json && !options.yes) {
    printJson(ctx, { portal: portal.id, date: ctx.today, saved: false, rates: found, unknown, unreadable });
    return found;
  }
  if (!ctx.json) {
    const { renderTable } = await import('../ui/table.js');
    ctx.out(`Found ${page.rates.length} rate${page.rates.length === 1 ? '' : 's'} on ${safeText(portal.name)}, dated ${ctx.today}:`);
    ctx.out(
      renderTable(
        ['line', 'store', 'retailer', 'before', 'now', 'status'],
        found.map((f) => [
          String(f.line),
          safeText(f.merchant),
          `${f.retailer}${f.channel === 'online' ? '' : ` (${f.channel.replace('_', '-')})`}`,
          f.old ?? '',
          `${f.up_to ? 'up to ' : ''}${f.rate}${f.was ? ` (page: was ${f.was})` : ''}`,
          f.status,
        ]),
        { tty: ctx.tty },
      ),
    );
    printProblems(ctx, unknown, unreadable, 'set');
  }
  if (!found.length) {
    throw new UsageError(`None of the ${page.rates.length} rates found is at a retailer perk knows: nothing was saved.`, 'Add the retailers with perk load, then paste again.');
  }
  let saved = false;
  let hits: import('./watch.js').WatchResult[] = [];
  if (toSave.length && (await confirmSave(ctx, options, `Save ${toSave.length} rate${toSave.length === 1 ? '' : 's'} of ${portal.name}?`))) {
    const { watchesBefore } = await import('./watch.js');
    const watches = watchesBefore(store, ctx, new Set(toSave.map((f) => f.retailer)));
    store.write(() => {
      for (const f of toSave) store.upsertRate(f.record);
    });
    hits = watches.after();
    saved = true;
  }
  if (ctx.json) {
    printJson(ctx, { portal: portal.id, date: ctx.today, saved, rates: found, unknown, unreadable, watches_hit: hits });
  } else {
    const changed = toSave.filter((f) => f.status !== 'unchanged').length;
    ctx.out(
      !toSave.length
        ? 'Nothing new: every rate found is already saved as of today.'
        : saved
          ? `Saved ${changed} new or changed rate${changed === 1 ? '' : 's'}${toSave.length > changed ? ` and marked ${toSave.length - changed} unchanged as checked today` : ''}.`
          : 'Nothing saved.',
    );
    (await import('./watch.js')).printWatchHits(ctx, hits);
  }
  return found;
}

function storedAsOf(store: Store, record: PortalRate): string | undefined {
  return store
    .ratesForRetailer(record.retailer)
    .find((r) => r.portal === record.portal && (r.channel ?? 'online') === (record.channel ?? 'online') && (r.from ?? '') === (record.from ?? ''))?.as_of;
}

/** What saving a pasted rate does: a new rate from today, or the same rate checked again today. */
function rateResult(store: Store, ctx: Ctx, portal: string, retailer: Retailer, r: PastedRate): PastedRateResult {
  const channel: Channel = r.channel ?? 'online';
  const value = valueOf(r);
  const current = validRate(store.ratesForRetailer(retailer.id), portal, ctx.today, channel);
  let record: PortalRate;
  let status: Status;
  if (current && sameValue(current, value)) {
    record = { ...current, as_of: ctx.today };
    status = 'unchanged';
  } else {
    record = { portal, retailer: retailer.id, ...value, from: ctx.today, as_of: ctx.today };
    if (channel !== 'online') record.channel = channel;
    status = current ? 'changed' : 'new';
  }
  return {
    line: r.line,
    merchant: r.merchant,
    retailer: retailer.id,
    channel,
    old: current ? describeRate(current) : null,
    rate: describeRate({ portal, retailer: retailer.id, ...value }),
    up_to: r.up_to,
    was: r.was ?? null,
    status,
    record,
  };
}
