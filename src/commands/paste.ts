/**
 * `perk offer paste --card <id>` and `perk rate paste --portal <id>` (SPEC 11.1, 11.2): read a page the
 * user copied (stdin), show what was found, what could not be read and which merchants perk does not
 * know (never guessed), and save on confirmation (`--yes` without a terminal). Reading the page is
 * core/paste.ts, what saving does core/paste-save.ts, the views ui/fresh-data-view.ts.
 */
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { parseOfferPage, parseRatePage, type Unreadable } from '../core/paste.js';
import {
  isChange,
  lastRatePerStore,
  matchMerchant,
  offerStatus,
  pastedOffer,
  pastedRateResult,
  rateNeedsSave,
  type PastedOfferResult,
  type PastedRateResult,
  type UnknownMerchant,
} from '../core/paste-save.js';
import { UsageError } from '../errors.js';
import { printJson, requireCard, requirePortal } from './shared.js';
import { rateKindProblem } from '../core/rates.js';
import type { WatchResult } from '../core/watch.js';

export interface PasteOptions {
  yes?: boolean | undefined;
  /** The pasted text (tests); else stdin. */
  input?: string | undefined;
}

export interface OfferPasteOptions extends PasteOptions {
  card: string;
}

export interface RatePasteOptions extends PasteOptions {
  portal: string;
}

function readStdin(ctx: Ctx, what: string): string {
  if (ctx.interactive) ctx.err(`Paste ${what}, then press Ctrl-D on a line of its own.`);
  try {
    return fs.readFileSync(0, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN' || (error as NodeJS.ErrnoException).code === 'EOF') return '';
    throw error;
  }
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

const freshDataView = () => import('../ui/fresh-data-view.js');

/** Exit 2 when the page held nothing of `what` at all (`unreadable`: lines that looked like one). */
function nothingFound(what: string, unreadable: number, hint: string): UsageError {
  const why = unreadable ? ` (${unreadable} line${unreadable === 1 ? '' : 's'} looked like one but could not be read)` : '';
  return new UsageError(`No ${what} found in the pasted text${why}: nothing was saved.`, hint);
}

/** Exit 2 when every item found is at a retailer perk does not know. */
function noneKnown(count: number, what: string): UsageError {
  return new UsageError(`None of the ${count} ${what} found is at a retailer perk knows: nothing was saved.`, 'Add the retailers with perk load, then paste again.');
}

// ---- offers -----------------------------------------------------------------------------------

export async function runOfferPaste(options: OfferPasteOptions, ctx: Ctx): Promise<PastedOfferResult[]> {
  const store = ctx.store();
  const card = requireCard(store, options.card);
  const text = options.input ?? readStdin(ctx, 'the offers page');
  const page = parseOfferPage(text, ctx.today);
  if (!page.offers.length) {
    throw nothingFound(
      'card-linked offer',
      page.unreadable.length,
      'Paste the offers page of Amex Offers, Chase Offers or Capital One Offers: a merchant name, then a line such as "Spend $75 or more, earn $15 back".',
    );
  }
  const found: PastedOfferResult[] = [];
  const unknown: UnknownMerchant[] = [];
  for (const o of page.offers) {
    const match = matchMerchant(store, o.merchant);
    if (!('id' in match)) {
      unknown.push({ line: o.line, merchant: o.merchant, suggestions: match.suggestions });
      continue;
    }
    const offer = pastedOffer(card, match, o);
    found.push({ line: o.line, merchant: o.merchant, retailer: match.id, status: offerStatus(store.offer(offer.id), offer), offer });
  }
  const toSave = found.filter(isChange);
  const result = (saved: boolean) => ({ card: card.id, saved, offers: found, unknown, unreadable: page.unreadable });
  if (ctx.json && !options.yes) {
    printJson(ctx, result(false));
    return found;
  }
  const view = ctx.json ? undefined : await freshDataView();
  if (view) ctx.out(view.renderOfferPaste({ card: card.id, count: page.offers.length, offers: found, unknown, unreadable: page.unreadable }, ctx));
  if (!found.length) throw noneKnown(page.offers.length, 'offers');
  let saved = false;
  if (toSave.length && (await confirmSave(ctx, options, `Save ${toSave.length} offer${toSave.length === 1 ? '' : 's'} to ${card.id}?`))) {
    store.write(() => {
      for (const f of toSave) store.upsertOffer(f.offer);
    });
    saved = true;
  }
  if (view) ctx.out(view.renderOffersSaved(toSave.length, saved));
  else printJson(ctx, result(saved));
  return found;
}

// ---- rates ------------------------------------------------------------------------------------

export async function runRatePaste(options: RatePasteOptions, ctx: Ctx): Promise<PastedRateResult[]> {
  const store = ctx.store();
  const portal = requirePortal(store, options.portal);
  const text = options.input ?? readStdin(ctx, "the portal's store list");
  const page = parseRatePage(text);
  if (!page.rates.length) {
    throw nothingFound(
      'rate',
      page.unreadable.length,
      'Paste the store list of the portal: a store name, then its rate such as "6% Cash Back", "$25 Cash Back" or "5 miles/$".',
    );
  }
  const unknown: UnknownMerchant[] = [];
  const unreadable: Unreadable[] = [...page.unreadable];
  const results: PastedRateResult[] = [];
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
    results.push(pastedRateResult(store.ratesForRetailer(match.id), portal.id, match.id, r, ctx.today));
  }
  const found = lastRatePerStore(results);
  const toSave = found.filter((f) => rateNeedsSave(f, store.ratesForRetailer(f.retailer)));
  const result = (saved: boolean) => ({ portal: portal.id, date: ctx.today, saved, rates: found, unknown, unreadable });
  if (ctx.json && !options.yes) {
    printJson(ctx, result(false));
    return found;
  }
  const view = ctx.json ? undefined : await freshDataView();
  if (view) ctx.out(view.renderRatePaste({ portalName: portal.name, date: ctx.today, count: page.rates.length, rates: found, unknown, unreadable }, ctx));
  if (!found.length) throw noneKnown(page.rates.length, 'rates');
  let saved = false;
  let hits: WatchResult[] = [];
  if (toSave.length && (await confirmSave(ctx, options, `Save ${toSave.length} rate${toSave.length === 1 ? '' : 's'} of ${portal.name}?`))) {
    const { watchesBefore } = await import('./watch.js');
    const watches = watchesBefore(store, ctx, new Set(toSave.map((f) => f.retailer)));
    store.write(() => {
      for (const f of toSave) store.upsertRate(f.record);
    });
    hits = watches.after();
    saved = true;
  }
  if (view) {
    ctx.out(view.renderRatesSaved(toSave.length, toSave.filter(isChange).length, saved));
    (await import('./watch.js')).printWatchHits(ctx, hits);
  } else printJson(ctx, { ...result(saved), watches_hit: hits });
  return found;
}
