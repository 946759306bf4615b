/**
 * The human view of `perk spend import` (SPEC 10.1): one line per file. Its own module, apart from
 * spending-view.ts, because that one draws tables: an import of 100,000 rows must not load cli-table3,
 * string-width and wrap-ansi to print a sentence (~40 ms of start-up, SPEC 10.1's budget).
 */
import { issuerName, type ImportedFile } from '../core/spend-import.js';
import { safeText } from './safe-text.js';

const SKIPPED_WORDS: Record<string, string> = { zero: 'zero-amount', transfers: 'balance transfers', fees: 'fees and interest' };

/** One line per file: what was added, already there and skipped. */
export function renderSpendImport(reports: readonly ImportedFile[], dryRun: boolean): string {
  const lines = reports.map((r) => {
    const skipped = Object.entries(r.skipped)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${SKIPPED_WORDS[k] ?? k}`);
    return (
      `${safeText(r.file)}: ${issuerName(r.format)} export for ${r.card}, ${r.rows} transactions: ` +
      `${r.added} ${dryRun ? 'would be added' : 'added'}, ${r.existing} already imported` +
      (skipped.length ? `; skipped ${skipped.join(', ')}` : '') +
      '.'
    );
  });
  if (dryRun) lines.push('Dry run: nothing was written.');
  return lines.join('\n');
}
