/**
 * The one definition of `perk spend import`'s options: register/spending.ts adds them to commander, and
 * the fast path's argv reader (src/fast-argv.ts, loaded on every run) builds its flag table from them —
 * so this module imports nothing. tests/cli/fast-spend-import.test.ts holds the two readers to the same
 * options.
 */
import type { FastOption } from '../fast-argv.js';

export interface SpendImportOptions {
  files: string[];
  card?: string | undefined;
  dryRun?: boolean | undefined;
}

/** In the order of `perk spend import --help`. */
export const SPEND_IMPORT_OPTIONS: readonly (FastOption & { key: 'card' | 'dryRun' })[] = [
  { flags: '--card <id>', kind: 'value', key: 'card', description: 'the card the files are from (needed when the file does not say and your wallet has no single card of its issuer)' },
  { flags: '--dry-run', kind: 'flag', key: 'dryRun', description: 'read and check only; change nothing' },
];
