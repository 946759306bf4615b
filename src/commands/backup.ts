/**
 * `perk backup <file>` and `perk restore <file>`: a consistent copy of the database (safe while perk
 * runs elsewhere), and its return after the file has been checked — nothing is replaced otherwise.
 */
import fs from 'node:fs';
import type { Ctx } from '../context.js';
import { backupDatabase, restoreDatabase, type DatabaseSummary } from '../db/backup.js';
import { UsageError } from '../errors.js';
import { safeText } from '../ui/safe-text.js';
import { printJson } from './shared.js';

export interface BackupOptions {
  file: string;
  force?: boolean | undefined;
}

function describe(summary: DatabaseSummary): string {
  const parts = Object.entries(summary.counts).map(([table, n]) => `${n.toLocaleString('en-US')} ${table}`);
  return `schema version ${summary.version}: ${parts.join(', ')}`;
}

export async function runBackup(options: BackupOptions, ctx: Ctx): Promise<DatabaseSummary> {
  if (ctx.dbPath === ':memory:' || !fs.existsSync(ctx.dbPath)) {
    throw new UsageError(`There is no database at ${ctx.dbPath} to back up.`, 'Check --db / PERK_DB.');
  }
  const summary = await backupDatabase(ctx.store().db, options.file, { force: Boolean(options.force) });
  if (ctx.json) printJson(ctx, { db: ctx.dbPath, backup: options.file, ...summary });
  else ctx.out(`Backed up ${safeText(ctx.dbPath)} to ${safeText(options.file)} (${describe(summary)}).`);
  return summary;
}

export interface RestoreOptions {
  file: string;
}

export async function runRestore(options: RestoreOptions, ctx: Ctx): Promise<DatabaseSummary> {
  if (ctx.dbPath === ':memory:') throw new UsageError('Cannot restore into an in-memory database.', 'Pass --db <file>.');
  ctx.close();
  const result = await restoreDatabase(options.file, ctx.dbPath);
  if (ctx.json) {
    printJson(ctx, { db: ctx.dbPath, restored: options.file, previous: result.previous ?? null, version: result.version, counts: result.counts });
    return result;
  }
  ctx.out(`Restored ${safeText(options.file)} into ${safeText(ctx.dbPath)} (${describe(result)}).`);
  if (result.previous) ctx.out(`The database it replaced is kept as ${safeText(result.previous)}.`);
  return result;
}
