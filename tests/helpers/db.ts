/**
 * Temp directories and databases for tests: the seeded template database (made once per run by
 * tests/global-setup.ts, copied per test instead of seeding again), and a fingerprint of a database's
 * logical content (schema and every row) to prove a command changed nothing.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { inject } from 'vitest';
import { USER_DATA } from './fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database as `perk init` leaves it (the default dataset, seeded once per test run). */
    seededDb: string;
  }
}

/** A private temp directory, removed by `cleanup`. */
export function tempDir(prefix = 'perk-test-'): { dir: string; file(name: string): string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Copy the seeded template database (what `perk init` makes) to `file`, and return `file`. */
export function seededCopy(file: string): string {
  fs.copyFileSync(inject('seededDb'), file);
  return file;
}

/**
 * A seeded database with user data (USER_DATA: orders, a bonus, a gift card; and a setting) at `file`:
 * a copy of the template, then `perk load` and `perk config set` in process.
 */
export async function makeUserDatabase(file: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { perkIn } = await import('./in-process.js');
  seededCopy(file);
  const data = `${file}.user-data.json`;
  fs.writeFileSync(data, JSON.stringify(USER_DATA));
  for (const args of [['load', data], ['config', 'set', 'cpp.MR.transfer', '1.7']]) {
    const r = await perkIn(['--db', file, ...args], { env });
    if (r.code !== 0) throw new Error(`setting up ${file}: perk ${args.join(' ')} failed: ${r.stderr}`);
  }
  fs.rmSync(data);
}

/**
 * A fingerprint of the logical content of a database: every schema object and every row of every
 * table (sorted, so page layout, WAL state and rowid reuse do not matter). Equal fingerprints mean
 * nothing a user could see has changed.
 */
export function dbDigest(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return digestOf(db);
  } finally {
    db.close();
  }
}

/** The fingerprint of an open database (e.g. `:memory:`). */
export function digestOf(db: Database.Database): string {
  const hash = createHash('sha256');
  const objects = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ type: string; name: string; sql: string | null }>;
  for (const o of objects) {
    hash.update(JSON.stringify(o));
    if (o.type !== 'table') continue;
    const rows = (db.prepare(`SELECT * FROM "${o.name}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
    hash.update(`${o.name}:${rows.length}\n`);
    for (const row of rows) hash.update(`${row}\n`);
  }
  return hash.digest('hex');
}

/** Row count of one table (read-only). */
export function countRows(file: string, table: string, where = ''): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}" ${where}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `pragma integrity_check` of a file, opened read-write so a crashed writer's WAL is recovered. */
export function integrityCheck(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}
