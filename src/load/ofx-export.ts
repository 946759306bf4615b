/**
 * OFX/QFX issuer exports (SPEC 10.1), read by ofx-js: the statements' transactions with perk's sign
 * (charges positive), the issuer from the file's <ORG> when it names one perk knows, payments, fees and
 * interest by their transaction type. A row that cannot be read is a LoadError naming its line.
 */
import { parseSync as parseOfx } from 'ofx-js';
import { isIsoDate, makeDate } from '../core/dates.js';
import type { SkippedRows } from '../core/spend-import.js';
import { classify, parseSignedCents, rowError, type ExportRow, type IssuerExport } from './export-rows.js';
import { LoadError } from './read-errors.js';

const OFX_ISSUERS: Record<string, string> = { amex: 'amex', 'american express': 'amex', chase: 'chase', 'capital one': 'capital_one', c1: 'capital_one', citi: 'citi', citibank: 'citi', discover: 'discover' };

type OfxNode = Record<string, unknown>;

/** An OFX/QFX export: its rows, the skipped counts and the issuer its <ORG> names (when perk knows it). */
export function readOfx(text: string, file: string): IssuerExport {
  let root: OfxNode;
  try {
    root = parseOfx(text).OFX as OfxNode;
  } catch (error) {
    throw new LoadError(`${file} is not a readable OFX/QFX file (${(error as Error).message}).`, 'Download it again from the issuer\'s site.');
  }
  const org = String(dig(root, ['SIGNONMSGSRSV1', 'SONRS', 'FI', 'ORG']) ?? '').trim().toLowerCase();
  const statements = [
    ...list(dig(root, ['CREDITCARDMSGSRSV1', 'CCSTMTTRNRS'])).map((s) => dig(s, ['CCSTMTRS'])),
    ...list(dig(root, ['BANKMSGSRSV1', 'STMTTRNRS'])).map((s) => dig(s, ['STMTRS'])),
  ];
  const rows: ExportRow[] = [];
  const skipped: SkippedRows = { payments: 0, transfers: 0, fees: 0, zero: 0 };
  const lineOf = transactionLines(text);
  let index = 0;
  for (const statement of statements) {
    for (const trn of list(dig(statement, ['BANKTRANLIST', 'STMTTRN']))) {
      const t = trn as OfxNode;
      const line = lineOf[index++] ?? 0;
      const posted = String(t.DTPOSTED ?? '').trim();
      const date = /^\d{8}/.test(posted) ? makeDate(Number(posted.slice(0, 4)), Number(posted.slice(4, 6)), Number(posted.slice(6, 8))) : '';
      if (!isIsoDate(date)) throw rowError(file, line, 'DTPOSTED', 'a date written YYYYMMDD', posted);
      const amount = parseSignedCents(String(t.TRNAMT ?? '').trim());
      if (amount === null) throw rowError(file, line, 'TRNAMT', 'an amount such as -12.34', String(t.TRNAMT ?? ''));
      const description = [t.NAME, t.MEMO].filter((v) => typeof v === 'string' && v.trim()).map((v) => (v as string).trim()).join(' ').replace(/\s+/g, ' ');
      if (!description) throw rowError(file, line, 'NAME', 'the merchant name', '');
      // Card statements in OFX: charges negative, payments and credits positive.
      const spend = -amount;
      const type = String(t.TRNTYPE ?? '').trim().toLowerCase();
      const kind = classify(description, spend, type === 'payment' ? 'payment' : type === 'fee' || type === 'srvchg' ? 'fee' : type === 'int' ? 'interest' : '');
      if (kind !== 'spend') {
        skipped[kind]++;
        continue;
      }
      rows.push({ line, date, amount_cents: spend, description, issuer_category: null });
    }
  }
  return { format: 'ofx', issuer: OFX_ISSUERS[org], rows, skipped };
}

function dig(node: unknown, path: string[]): unknown {
  let cur = node;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as OfxNode)[key];
  }
  return cur;
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

/** The line of each <STMTTRN> in the file, in order (for error messages). */
function transactionLines(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  let from = 0;
  const re = /<STMTTRN>/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = text.indexOf('\n', from); i >= 0 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    from = m.index;
    out.push(line);
  }
  return out;
}
