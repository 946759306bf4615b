import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureDatabase, makeContext } from '../../src/context.js';
import { createSeededDatabase } from '../../src/load/seed.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-seed-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('first-run seeding', () => {
  it('creates the database file private to its owner (0600), in WAL mode, seeded with the default dataset', async () => {
    const file = path.join(tempDir(), 'nested', 'perk.db');
    const sink = { write: () => true };
    const ctx = makeContext({ db: file, env: {}, stdout: sink, stderr: sink, stdinTTY: false });
    await ensureDatabase(ctx);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(count(file, 'cards')).toBe(20);
    expect(count(file, 'offers')).toBe(0);
    expect(count(file, 'promos')).toBe(0);
    expect(count(file, 'retailers')).toBe(98);
    expect(count(file, 'wallet')).toBe(4);
    // The store the command uses sees it.
    expect(ctx.store().card('amex-gold')?.name).toBe('American Express Gold Card');
    ctx.close();
    // No temporary files left beside it.
    expect(fs.readdirSync(path.dirname(file)).filter((f) => !/^perk\.db(-wal|-shm)?$/.test(f))).toEqual([]);
  });

  it('does nothing to a database that already exists', async () => {
    const file = path.join(tempDir(), 'perk.db');
    expect(createSeededDatabase(file)).toBe(true);
    const db = new Database(file);
    db.prepare('DELETE FROM wallet').run();
    db.close();
    expect(createSeededDatabase(file)).toBe(false);
    const sink = { write: () => true };
    await ensureDatabase(makeContext({ db: file, env: {}, stdout: sink, stderr: sink }));
    expect(count(file, 'wallet')).toBe(0);
  });

  it('creates an empty database (schema only) on request', () => {
    const file = path.join(tempDir(), 'empty.db');
    expect(createSeededDatabase(file, { seed: false })).toBe(true);
    expect(count(file, 'cards')).toBe(0);
    expect(count(file, 'schema_migrations')).toBeGreaterThan(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
