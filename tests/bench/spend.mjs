// A large Chase-style export for `npm run bench` (SPEC 10.1 budgets): deterministic, a year of spending
// up to BENCH_TODAY over ~300 merchants (dataset retailers and issuer categories), with a payment a
// month, a refund now and then, quoted descriptions holding commas.
import fs from 'node:fs';
import { prng } from './prng.mjs';

const CATEGORIES = ['Food & Drink', 'Groceries', 'Gas', 'Travel', 'Shopping', 'Home', 'Entertainment', 'Health & Wellness', 'Bills & Utilities', 'Personal'];
const NAMED = ["MACY'S #0123", 'AMAZON.COM*2K4RT81Q3 AMZN.COM/BILLWA', 'TARGET 00012345', 'DOORDASH*CHIPOTLE', 'THE HOME DEPOT #6543', 'NETFLIX.COM', 'CAFÉ DE FLORE, PARIS'];

/** Write `rows` transactions dated from 2025-11-22 to 2026-11-21 to `file`. */
export function writeSpendExport(file, rows) {
  const rand = prng(15);
  const merchants = Array.from({ length: 300 }, (_, i) =>
    i < NAMED.length ? [NAMED[i], 'Shopping'] : [`MERCHANT ${String(i).padStart(4, '0')} CITY ST`, CATEGORIES[i % CATEGORIES.length]],
  );
  const start = Date.UTC(2025, 10, 22);
  const us = (ms) => {
    const d = new Date(ms);
    return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${d.getUTCFullYear()}`;
  };
  const lines = ['Transaction Date,Post Date,Description,Category,Type,Amount,Memo'];
  let month = -1;
  for (let i = 0; i < rows; i++) {
    const ms = start + Math.floor((i / rows) * 365) * 86_400_000;
    const m = new Date(ms).getUTCMonth();
    if (m !== month) {
      month = m;
      lines.push(`${us(ms)},${us(ms)},AUTOMATIC PAYMENT - THANK,,Payment,${(1000 + Math.floor(rand() * 5000)).toFixed(2)},`);
      i++;
    }
    const [desc, category] = merchants[Math.floor(rand() * merchants.length)];
    const cents = 100 + Math.floor(rand() * 30000);
    const refund = rand() < 0.02;
    const q = desc.includes(',') ? `"${desc}"` : desc;
    lines.push(`${us(ms)},${us(ms + 86_400_000)},${q},${category},${refund ? 'Return' : 'Sale'},${refund ? '' : '-'}${(cents / 100).toFixed(2)},`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return lines.length - 1;
}
