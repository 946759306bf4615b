/**
 * Reading text a user copied from an issuer's offers page or a portal's store list (SPEC 11.1, 11.2).
 * Pure: text and today in, what was recognised and what was not out. Nothing here guesses a
 * retailer: merchants come back as the text on the page, and the command resolves them.
 * This module reads offers pages; store lists are in paste-rates.ts, the shared helpers in paste-text.ts.
 */
import type { IsoDate } from './dates.js';
import { cents, count, COUNT, DECIMAL, MONEY, parseExpiry, pasteLines, type PasteLine, type Unreadable } from './paste-text.js';
import type { Offer } from './types.js';

export { parseExpiry, pasteLines, type PasteLine, type Unreadable } from './paste-text.js';
export { parseRatePage, type PastedRate, type RateValue } from './paste-rates.js';

// ---- card-linked offers ------------------------------------------------------------------------

/** The fields of an offer that say what it gives (core/types.ts Offer): what a page's terms fill in. */
export const OFFER_TERM_FIELDS = ['min_spend_cents', 'credit_cents', 'percent', 'max_credit_cents', 'points', 'points_per_dollar', 'max_points', 'max_uses'] as const;

type Terms = Pick<Offer, 'kind' | (typeof OFFER_TERM_FIELDS)[number]>;

/**
 * One offer as read from the page: the offer's terms, expiry (`to`) and `added` ("Added to card" true,
 * "Add to card" false, undefined when the page did not say); `merchant` is the page's text, resolved by
 * the command.
 */
export interface PastedOffer extends Terms, Pick<Offer, 'to' | 'added'> {
  line: number;
  merchant: string;
  /** The terms as read (one line, or two when a continuation line added to them). */
  text: string;
}

const WORD_COUNTS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, once: 1, twice: 2 };
const USES_RE = /up\s+to\s+(?:a\s+total\s+of\s+)?(\d+|one|two|three|four|five)\s+times|\b(once|twice)\b|limit\s+(\d+)\s+(?:per|uses?|times)/i;

function usesOf(text: string): number | undefined {
  const m = USES_RE.exec(text);
  if (!m) return undefined;
  const word = (m[1] ?? m[2] ?? m[3])!.toLowerCase();
  return WORD_COUNTS[word] ?? Number(word);
}

const POINTS_NAME = String.raw`(?:[A-Za-z][A-Za-z ]*?\s)?`;
const OFFER_PATTERNS: Array<{ re: RegExp; read: (m: RegExpExecArray) => Terms }> = [
  // "Spend $75 or more, earn $15 back", "Spend $1,000+ and get $200 back", "Spend $50, receive a $10 statement credit"
  {
    re: new RegExp(
      String.raw`spend\s+${MONEY}\s*(?:or\s+more|\+)?[,;]?\s*(?:and\s+|to\s+)?(?:earn|get|receive)\s+(?:a\s+)?${MONEY}\s*(?:cash\s+)?(?:back|statement\s+credit|in\s+statement\s+credits?|credit)`,
      'i',
    ),
    read: (m) => ({ kind: 'credit', min_spend_cents: cents(m[1], m[2]), credit_cents: cents(m[3], m[4]) }),
  },
  // "Earn $20 back when you spend $100 or more", "$5 cash back on a purchase of $25 or more"
  {
    re: new RegExp(
      String.raw`${MONEY}\s*(?:cash\s+)?back\s+(?:when\s+you\s+spend|on\s+(?:a|one|any)\s+(?:single\s+)?(?:eligible\s+)?purchase\s+of|with\s+a\s+(?:single\s+)?purchase\s+of|on\s+)\s*${MONEY}`,
      'i',
    ),
    read: (m) => ({ kind: 'credit', credit_cents: cents(m[1], m[2]), min_spend_cents: cents(m[3], m[4]) }),
  },
  // "Spend $50 or more, earn 2,500 Membership Rewards points"
  {
    re: new RegExp(
      String.raw`spend\s+${MONEY}\s*(?:or\s+more|\+)?[,;]?\s*(?:and\s+)?(?:earn|get|receive)\s+${COUNT}\s+(?:bonus\s+)?${POINTS_NAME}(?:points|pts|miles)`,
      'i',
    ),
    read: (m) => ({ kind: 'points', min_spend_cents: cents(m[1], m[2]), points: count(m[3]) }),
  },
  // "Earn +3 Membership Rewards points per eligible dollar spent, up to 6,000 points"
  {
    re: new RegExp(
      String.raw`\+?\s*${DECIMAL}\s*x?\s+(?:additional\s+|extra\s+|bonus\s+)?${POINTS_NAME}(?:points?|pts|miles?)\s+per\s+(?:eligible\s+)?(?:dollar|\$1?)(?:\s+spent)?(?:[^,;]*?)?(?:[,;]?\s*up\s+to\s+(?:a\s+total\s+of\s+)?${COUNT}\s+${POINTS_NAME}(?:points|pts|miles))?`,
      'i',
    ),
    read: (m) => ({ kind: 'points_per_dollar', points_per_dollar: Number(m[1]), max_points: count(m[2]) }),
  },
  // "Earn 3X points, up to 5,000 points", "+2x miles"
  {
    re: new RegExp(String.raw`\+?\s*${DECIMAL}\s*x\s+(?:${POINTS_NAME})?(?:points|miles)(?:[,;]?\s*up\s+to\s+(?:a\s+total\s+of\s+)?${COUNT}\s+${POINTS_NAME}?(?:points|pts|miles))?`, 'i'),
    read: (m) => ({ kind: 'points_per_dollar', points_per_dollar: Number(m[1]), max_points: count(m[2]) }),
  },
  // "10% back on a single purchase, up to a total of $15", "15% cash back", "Up to 8% back"
  {
    re: new RegExp(
      String.raw`${DECIMAL}\s*%\s*(?:cash\s*)?back(?:[^$]*?up\s+to\s+(?:a\s+total\s+of\s+)?${MONEY})?`,
      'i',
    ),
    read: (m) => ({ kind: 'percent', percent: Number(m[1]), max_credit_cents: cents(m[2], m[3]) }),
  },
  // "$10 cash back", "Earn $25 back"
  {
    re: new RegExp(String.raw`${MONEY}\s*(?:cash\s+)?back\b`, 'i'),
    read: (m) => ({ kind: 'credit', credit_cents: cents(m[1], m[2]) }),
  },
];

function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

/** The terms of an offer in a line, with where they start; undefined when the line has none. */
function offerTerms(text: string): { terms: Terms; index: number } | undefined {
  for (const p of OFFER_PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const terms = p.read(m);
    const uses = usesOf(text);
    if (uses !== undefined) terms.max_uses = uses;
    return { terms: dropUndefined(terms), index: m.index };
  }
  return undefined;
}

/** A line that only adds to the offer above: "up to a total of $15", "up to 6,000 points", "up to 2 times". */
function continuation(text: string): Partial<Terms> | undefined {
  const uses = usesOf(text);
  const money = new RegExp(String.raw`^(?:on\s+(?:a\s+)?(?:single\s+)?(?:eligible\s+)?purchases?\s*)?[,;]?\s*(?:up\s+to|max(?:imum)?(?:\s+of)?)\s+(?:a\s+total\s+of\s+)?${MONEY}(?:\s+(?:back|total|in\s+total))?\.?$`, 'i').exec(text);
  if (money) return { max_credit_cents: cents(money[1], money[2]) };
  const min = new RegExp(String.raw`^(?:on|with)\s+(?:a|one|any)\s+(?:single\s+)?(?:eligible\s+)?purchase\s+of\s+${MONEY}\s*(?:or\s+more|\+)?\.?$|^when\s+you\s+spend\s+${MONEY}\s*(?:or\s+more|\+)?\.?$`, 'i').exec(text);
  if (min) return { min_spend_cents: cents(min[1] ?? min[3], min[2] ?? min[4]) };
  const pts = new RegExp(String.raw`^[,;]?\s*up\s+to\s+(?:a\s+total\s+of\s+)?${COUNT}\s+${POINTS_NAME}?(?:points|pts|miles)\.?$`, 'i').exec(text);
  if (pts) return { max_points: count(pts[1]) };
  if (uses !== undefined && /^[,;(]?\s*(?:up\s+to|limit|valid|use)/i.test(text)) return { max_uses: uses };
  return undefined;
}

const ADDED_RE = /^(?:[✓✔☑]\s*)?(?:added(?:\s+to\s+(?:card|your\s+card))?|enrolled|offer\s+added|saved\s+to\s+card)$/i;
const NOT_ADDED_RE = /^(?:\+\s*)?(?:add(?:\s+to\s+(?:card|your\s+card)|\s+offer)?|enroll(?:\s+now)?|activate(?:\s+offer)?|save\s+to\s+card)$/i;
const SECTION_RE = /^(added\s+to\s+card|added\s+offers|added|available(?:\s+offers)?|eligible(?:\s+offers)?|all\s+offers|new\s+offers|recommended(?:\s+for\s+you)?|expiring\s+soon)\s*\(?\s*\d+\s*\)?$/i;
const NOISE_RE =
  /^(?:(?:amex|american\s+express|chase|capital\s+one)\s+offers?|offers?(?:\s+for\s+you)?|capital\s+one\s+shopping|view\s+(?:details|all|offer)|see\s+(?:all|details|more)|show\s+(?:more|all|less)|load\s+more|terms\s+(?:apply|and\s+conditions)|shop\s+now|online(?:\s+only)?|in[- ]store(?:\s+only)?|online\s*(?:&|and)\s*in[- ]store|new|expiring\s+soon|sort\s+by.*|filter.*|search.*|\d+\s+offers?|page\s+\d+.*|details)$/i;
const OFFER_LIKE_RE = /\$\s?\d|\d\s*%|\bpoints?\b|\bmiles\b|\bcash\s*back\b|\bearn\b|\bspend\b|\bstatement\s+credit\b/i;

/** "Macy's - Spend $75…", "Macy's: Spend…", "Macy's | Spend…": the merchant before a separator. */
function inlineMerchant(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const m = /^(.+?)\s*(?:\||:|-|·|•)\s*(?:earn\s+|get\s+|up\s+to\s+)?$/i.exec(text.slice(0, index));
  return m?.[1]?.trim() || undefined;
}

/**
 * The card-linked offers on a pasted Amex Offers, Chase Offers or Capital One Offers page. An offer is a
 * merchant line followed by a line of terms, then optionally a continuation ("up to a total of $15"), an
 * expiry and whether it is added to the card; a section heading with a count ("Added to Card (3)")
 * says whether the offers under it are added.
 */
export function parseOfferPage(text: string, today: IsoDate): { offers: PastedOffer[]; unreadable: Unreadable[] } {
  const offers: PastedOffer[] = [];
  const unreadable: Unreadable[] = [];
  let pending: PasteLine | undefined;
  let current: PastedOffer | undefined;
  let section: boolean | undefined;
  // The section heading each offer was listed under (whether its section is "Added to Card").
  const sections = new Map<PastedOffer, boolean | undefined>();
  for (const l of pasteLines(text)) {
    const t = l.text;
    const heading = SECTION_RE.exec(t);
    if (heading) {
      section = /^added/i.test(heading[1]!);
      current = undefined;
      pending = undefined;
      continue;
    }
    if (ADDED_RE.test(t) || NOT_ADDED_RE.test(t)) {
      if (current && current.added === undefined) current.added = ADDED_RE.test(t);
      continue;
    }
    if (NOISE_RE.test(t)) continue;
    const expiry = parseExpiry(t, today);
    if (expiry !== undefined) {
      if (expiry === null) unreadable.push({ line: l.line, text: t, reason: 'the date cannot be read' });
      else if (current && current.to === undefined) current.to = expiry;
      continue;
    }
    const more = current ? continuation(t) : undefined;
    if (current && more) {
      Object.assign(current, more);
      current.text = `${current.text} ${t}`;
      continue;
    }
    const found = offerTerms(t);
    if (found) {
      const inline = inlineMerchant(t, found.index);
      const merchant = inline ?? pending?.text;
      if (!merchant) {
        unreadable.push({ line: l.line, text: t, reason: 'no merchant name above it' });
        current = undefined;
        continue;
      }
      current = { line: l.line, merchant, text: inline ? t.slice(found.index) : t, ...found.terms };
      sections.set(current, section);
      offers.push(current);
      pending = undefined;
      continue;
    }
    if (OFFER_LIKE_RE.test(t)) {
      unreadable.push({ line: l.line, text: pending ? `${pending.text}: ${t}` : t, reason: 'not an offer perk can read' });
      pending = undefined;
      current = undefined;
      continue;
    }
    if (t.length <= 80) pending = l;
  }
  for (const o of offers) {
    const under = sections.get(o);
    if (o.added === undefined && under !== undefined) o.added = under;
  }
  return { offers, unreadable };
}
