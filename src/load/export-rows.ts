/**
 * What every issuer export's rows share, CSV (issuer-export.ts) or OFX/QFX (ofx-export.ts): the row as
 * read, its date and amount fields, what kind of row it is (spending, or a payment, transfer, fee or
 * zero amount, skipped) and the LoadError that names a row's file, line and field.
 */
import { isIsoDate, makeDate, type IsoDate } from '../core/dates.js';
import { LIMITS } from '../core/limits.js';
import type { Cents } from '../core/money.js';
import type { ExportedRow, IssuerFormat, SkippedRows } from '../core/spend-import.js';
import { LoadError, where } from './read-errors.js';

/** A row as read, with its line in the file. */
export interface ExportRow extends ExportedRow {
  line: number;
}

export interface IssuerExport {
  format: IssuerFormat;
  /** The card issuer (the mapping table's key; an OFX file's <ORG> when it names one we know). */
  issuer: string | undefined;
  rows: ExportRow[];
  skipped: SkippedRows;
}

const PAYMENT_RE = /\b(payment|autopay|auto pay|pymt|thank you)\b/i;
const TRANSFER_RE = /\bbalance transfer\b/i;
const FEE_RE = /\b(interest charge|annual (membership )?fee|late (payment )?fee|finance charge|cash advance fee|foreign transaction fee)\b/i;

/** What a row is: spending (charge or refund), or one of the kinds that are not spending. */
export function classify(description: string, spend: Cents, type: string): 'spend' | keyof SkippedRows {
  if (spend === 0) return 'zero';
  if (TRANSFER_RE.test(description)) return 'transfers';
  const t = type.toLowerCase();
  if (t === 'payment') return 'payments';
  if (t === 'fee' || t === 'interest' || FEE_RE.test(description)) return 'fees';
  // A payment is a credit that says so: Capital One and Discover file refunds under "Payment/Credit" /
  // "Payments and Credits" too, so the category alone does not make a payment; a charge never is one.
  return spend < 0 && PAYMENT_RE.test(description) ? 'payments' : 'spend';
}

export function rowError(file: string, line: number, field: string, expected: string, got: string): LoadError {
  const header = field ? `, field "${field}"` : '';
  return new LoadError(`${where(file, line)}${header}: expected ${expected} (got "${got.slice(0, 40)}").`, 'Nothing was imported; fix or remove that row.');
}

const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** `MM/DD/YYYY` (or `M/D/YYYY`, or ISO) as an ISO date; null when not a real date. */
export function parseUsDate(text: string): IsoDate | null {
  const m = US_DATE_RE.exec(text);
  if (m) {
    const iso = makeDate(Number(m[3]), Number(m[1]), Number(m[2]));
    return isIsoDate(iso) ? iso : null;
  }
  return isIsoDate(text) ? text : null;
}

const SIGNED_RE = /^([+-])?\(?\$?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{1,2}))?\)?$/;

/** Text of the common shape `-?\d{1,12}\.\d\d` in cents (`-0.00` is -0, as before); else undefined. */
function plainCents(text: string): number | undefined {
  const n = text.length;
  const from = text.charCodeAt(0) === 45 ? 1 : 0;
  if (n - from < 4 || n - from > 15 || text.charCodeAt(n - 3) !== 46) return undefined;
  let cents = 0;
  for (let i = from; i < n; i++) {
    if (i === n - 3) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    cents = cents * 10 + d;
  }
  return from ? -cents : cents;
}

/** `12.34`, `-12.34`, `$1,234.56`, `(12.34)` (negative), `-$5` in cents; null when not an amount. */
export function parseSignedCents(text: string): Cents | null {
  // The common shape first: an optional minus, 1 to 12 digits, a point and two decimals,
  // read digit by digit (no match array for each of 100,000 rows).
  const plain = plainCents(text);
  if (plain !== undefined && Math.abs(plain) <= LIMITS.cents) return plain;
  const s = text.replace(/\s+/g, '');
  const m = SIGNED_RE.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) return null;
  // Parentheses (a negative amount) come as a pair or not at all: `(12.34` is not an amount.
  if (s.includes('(') !== s.endsWith(')')) return null;
  const cents = Number((m[2] ?? '0').replace(/,/g, '')) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > LIMITS.cents) return null;
  const negative = m[1] === '-' || s.includes('(');
  return negative ? -cents : cents;
}
