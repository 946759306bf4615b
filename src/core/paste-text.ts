/** Shared helpers for reading pasted pages: the text as clean lines, amounts and counts, and expiry dates. */
import { addDays, isIsoDate, makeDate, parts, type IsoDate } from './dates.js';
import { parseAmountToCents, type Cents } from './money.js';

export interface PasteLine {
  /** 1-based line number in the pasted text. */
  line: number;
  text: string;
}

/** A line that looked like an offer or a rate but could not be read, with why. */
export interface Unreadable {
  line: number;
  text: string;
  reason: string;
}

/**
 * The pasted text as trimmed, non-empty lines: trademark signs dropped, curly quotes and dashes made
 * plain, runs of spaces (and tabs) kept as one space, except that a tab separates a merchant from its
 * terms (kept as " | ").
 */
export function pasteLines(text: string): PasteLine[] {
  const out: PasteLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const t = raw
        .replace(/[®™℠]/g, '')
        .replace(/[’‘`´]/g, "'")
        .replace(/[“”]/g, '"')
        .replace(/[–—‒]/g, '-')
        .replace(/\t+/g, ' | ')
        .replace(/[\s\u00a0]+/g, ' ')
        .trim()
        .replace(/^\|\s*|\s*\|$/g, '')
        .trim();
      if (t) out.push({ line: i + 1, text: t });
    });
  return out;
}

export const MONEY = String.raw`\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?`;
export const COUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;
export const DECIMAL = String.raw`(\d+(?:\.\d+)?)`;

export function cents(whole: string | undefined, frac: string | undefined): Cents | undefined {
  if (whole === undefined) return undefined;
  return parseAmountToCents(`${whole}${frac === undefined ? '' : `.${frac}`}`) ?? undefined;
}
export const count = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text.replace(/,/g, '')));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** A day of a month without a year: the first such date on or after today. */
function nextDate(month: number, day: number, today: IsoDate): IsoDate | null {
  const { year } = parts(today);
  for (const y of [year, year + 1]) {
    const iso = safeDate(y, month, day);
    if (iso && iso >= today) return iso;
  }
  return null;
}

function safeDate(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const iso = makeDate(year, month, day);
  return isIsoDate(iso) ? iso : null;
}

const EXPIRY_RE =
  /^(?:offer\s+)?(?:expires?\b|exp\.|exp\b|ends?\b|valid\s+(?:through|thru|until)\b|use\s+by\b|good\s+through\b)(?:\s+on)?\s*:?\s*(.*)$|^(\d+)\s+days?\s+left$/i;

/**
 * An expiry line ("Expires 12/31/26", "Exp. 11/30/2026", "Ends Dec 31, 2026", "Valid through
 * 2027-01-15", "Expires in 5 days", "Expires today", "5 days left"): undefined when the line is not
 * one, null when it is one whose date cannot be read.
 */
export function parseExpiry(text: string, today: IsoDate): IsoDate | null | undefined {
  const m = EXPIRY_RE.exec(text.trim());
  if (!m) return undefined;
  if (m[2] !== undefined) return addDays(today, Number(m[2]));
  const rest = (m[1] ?? '').trim().replace(/\.$/, '');
  let d: RegExpExecArray | null;
  if (/^today$/i.test(rest)) return today;
  if (/^tomorrow$/i.test(rest)) return addDays(today, 1);
  if ((d = /^in\s+(\d+)\s+days?$/i.exec(rest))) return addDays(today, Number(d[1]));
  if ((d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(rest))) return safeDate(Number(d[1]), Number(d[2]), Number(d[3]));
  if ((d = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{2}|\d{4}))?$/.exec(rest))) {
    const month = Number(d[1]);
    const day = Number(d[2]);
    if (d[3] === undefined) return nextDate(month, day, today);
    return safeDate(d[3].length === 2 ? 2000 + Number(d[3]) : Number(d[3]), month, day);
  }
  if ((d = /^(?:[a-z]+,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/i.exec(rest))) {
    const month = MONTHS.indexOf(d[1]!.slice(0, 3).toLowerCase()) + 1;
    if (month === 0) return null;
    const day = Number(d[2]);
    return d[3] === undefined ? nextDate(month, day, today) : safeDate(Number(d[3]), month, day);
  }
  return null;
}
