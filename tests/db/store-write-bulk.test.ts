/**
 * Store.writeBulk (a large `perk spend import`): one transaction through a rollback journal when this is
 * the only connection, else through the WAL; all or nothing either way, even when the process dies
 * in the middle, and the database is in WAL mode again afterwards.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { Store } from '../../src/db/store.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-write-bulk-'));
  file = path.join(dir, 'perk.db');
  const { db } = openDatabase(file);
  db.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const insertRetailers = (store: Store, n: number, from = 0) => {
  const stmt = store.db.prepare("INSERT INTO retailers (id, name, name_key, category, aliases) VALUES (?, ?, ?, 'other', '[]')");
  for (let i = from; i < from + n; i++) stmt.run(`r${i}`, `Retailer ${i}`, `retailer ${i}`);
};
const count = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM retailers').get() as { n: number }).n;

describe('Store.writeBulk', () => {
  it('writes through a rollback journal and leaves the database in WAL mode', () => {
    const store = new Store(openDatabase(file).db);
    let mode = '';
    store.writeBulk(() => {
      insertRetailers(store, 20_000);
      mode = store.db.pragma('journal_mode', { simple: true }) as string;
    });
    expect(mode).toBe('delete');
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL again
    store.close();
    const db = new Database(file, { readonly: true });
    expect(count(db)).toBe(20_000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(fs.existsSync(`${file}-journal`)).toBe(false);
  });

  it('a throw changes nothing', () => {
    const store = new Store(openDatabase(file).db);
    store.write(() => insertRetailers(store, 3));
    expect(() =>
      store.writeBulk(() => {
        insertRetailers(store, 10_000, 3);
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(count(store.db)).toBe(3);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('with another connection open, writes through the WAL at once (no wait)', () => {
    const other = new Database(file);
    other.pragma('journal_mode = WAL');
    expect(count(other)).toBe(0);
    const store = new Store(openDatabase(file).db);
    let mode = '';
    const t0 = Date.now();
    store.writeBulk(() => {
      insertRetailers(store, 1_000);
      mode = store.db.pragma('journal_mode', { simple: true }) as string;
    });
    expect(Date.now() - t0).toBeLessThan(5_000); // not the 10 s busy timeout
    expect(mode).toBe('wal');
    expect(count(other)).toBe(1_000);
    store.close();
    other.close();
  });

  it('a process killed in the middle leaves nothing of its write: the next open rolls the journal back', () => {
    const store = new Store(openDatabase(file).db);
    store.write(() => insertRetailers(store, 5));
    store.close();
    // A child that starts a bulk write and is killed (SIGKILL) before it commits.
    const script = path.join(dir, 'child.cjs');
    buildSync({
      stdin: {
        contents: `import { openDatabase } from './src/db/open.js'; import { Store } from './src/db/store.js';
          const store = new Store(openDatabase(process.argv[2]).db);
          store.writeBulk(() => {
            const stmt = store.db.prepare("INSERT INTO retailers (id, name, name_key, category, aliases) VALUES (?, ?, ?, 'other', '[]')");
            for (let i = 0; i < 50000; i++) stmt.run('k' + i, 'Killed ' + i, 'killed ' + i);
            process.kill(process.pid, 'SIGKILL');
          });`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3', 'bindings'],
      // As scripts/build.mjs builds dist/stack.cjs: import.meta.url is the file's own URL.
      define: { 'import.meta.url': '__perkFileUrl' },
      banner: { js: "const __perkFileUrl = require('node:url').pathToFileURL(__filename).href;" },
      outfile: script,
      logLevel: 'error',
    });
    const r = spawnSync(process.execPath, [script, file], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.resolve('node_modules') } });
    expect({ signal: r.signal, stderr: r.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
    expect(fs.existsSync(`${file}-journal`)).toBe(true); // the hot journal of the write it did not finish
    const reopened = openDatabase(file).db;
    expect(count(reopened)).toBe(5);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    reopened.close();
  });
});
