/** Reading a portal's pasted store list (SPEC 11.2): the rate of each store, as written. */
import { cents, DECIMAL, MONEY, pasteLines, type PasteLine, type Unreadable } from './paste-text.js';
import type { PortalRate } from './types.js';

/** What a rate pays (core/types.ts PortalRate): a percent, a flat amount, or miles per dollar. */
export type RateValue = Pick<PortalRate, 'percent' | 'flat_cents' | 'units_per_dollar'>;

/** One rate as read from a portal's store list; `merchant` is the page's text. */
export interface PastedRate extends RateValue {
  line: number;
  merchant: string;
  text: string;
  /** "Up to 8%": the store's top rate (some categories may earn less). */
  up_to: boolean;
  /** The previous rate the page shows ("was 3%"), as written. */
  was?: string | undefined;
  channel?: 'in_store' | undefined;
}

const RATE_RE = new RegExp(
  String.raw`(up\s+to\s+)?(?:${DECIMAL}\s*%\s*(?:in[- ]store\s+)?(?:cash\s*back|cashback|back)|${MONEY}\s*(?:in[- ]store\s+)?(?:cash\s*back|cashback|back)|${DECIMAL}\s*(?:miles?|points?|pts)\s*(?:\/|per)\s*(?:\$1?|dollar))`,
  'i',
);
const WAS_RE = /\b(?:was|previously)\s+((?:up\s+to\s+)?(?:\d+(?:\.\d+)?\s*%|\$\s?[\d,]+(?:\.\d{2})?|\d+(?:\.\d+)?\s*(?:miles?|points?|pts)\s*(?:\/|per)\s*(?:\$1?|dollar)))/i;
const RATE_NOISE_RE =
  /^(?:(?:all\s+)?stores?(?:\s+a-z)?|featured\s+stores|top\s+stores|hot\s+deals|shop\s+now|(?:cash\s*back|cashback)|double\s+cash\s*back|\d+\s+(?:coupons?|deals?|offers?)|coupons?|see\s+all.*|view\s+all.*|sort\s+by.*|filter.*|search.*|in[- ]store|online|new|favorite|add\s+to\s+favorites|\d+\s+stores?)$/i;
const RATE_LIKE_RE = /%|\$\s?\d|miles?\s*(?:\/|per)|\d\s+(?:bonus\s+)?miles|cash\s*back|cashback/i;

/**
 * The rates on a pasted portal store list: "Macy's 6% Cash Back" on one line, or the store's name on
 * a line and its rate ("6% Cash Back", "Up to 8% Cash Back", "$25 Cash Back", "5 miles/$") below it, with
 * an optional "was 3%" line or suffix and "in-store".
 */
export function parseRatePage(text: string): { rates: PastedRate[]; unreadable: Unreadable[] } {
  const rates: PastedRate[] = [];
  const unreadable: Unreadable[] = [];
  let pending: PasteLine | undefined;
  let current: PastedRate | undefined;
  for (const l of pasteLines(text)) {
    const t = l.text;
    if (RATE_NOISE_RE.test(t)) continue;
    const was = WAS_RE.exec(t);
    const body = was ? `${t.slice(0, was.index)}${t.slice(was.index + was[0].length)}`.trim() : t;
    const m = body ? RATE_RE.exec(body) : null;
    if (!m) {
      if (was && current && current.was === undefined && !body.replace(/[()\-|,]/g, '').trim()) {
        current.was = was[1]!.replace(/\s+/g, ' ');
        continue;
      }
      if (RATE_LIKE_RE.test(t)) {
        unreadable.push({ line: l.line, text: pending ? `${pending.text}: ${t}` : t, reason: 'not a rate perk can read' });
        pending = undefined;
        current = undefined;
        continue;
      }
      if (t.length <= 80) pending = l;
      continue;
    }
    const before = body.slice(0, m.index).replace(/\s*(?:\||:|-|·|•)\s*$/, '').trim();
    const merchant = before || pending?.text;
    if (!merchant) {
      unreadable.push({ line: l.line, text: t, reason: 'no store name above it' });
      current = undefined;
      continue;
    }
    const rate: PastedRate = { line: l.line, merchant, text: t, up_to: m[1] !== undefined };
    if (m[2] !== undefined) rate.percent = Number(m[2]);
    else if (m[3] !== undefined) rate.flat_cents = cents(m[3], m[4]);
    else rate.units_per_dollar = Number(m[5]);
    if (was) rate.was = was[1]!.replace(/\s+/g, ' ');
    if (/in[- ]store/i.test(body)) rate.channel = 'in_store';
    if (rate.percent !== undefined && rate.percent > 100) {
      unreadable.push({ line: l.line, text: t, reason: 'a percent above 100' });
      continue;
    }
    rates.push(rate);
    current = rate;
    pending = undefined;
  }
  return { rates, unreadable };
}
