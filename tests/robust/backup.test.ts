/**
 * `perk backup` and `perk restore`, end to end: a backup is a private (0600), complete, consistent
 * snapshot — also while another perk writes — and a restore brings back exactly that content, keeps
 * the replaced database aside, and never replays the old database's WAL into the new one.
 * (Invalid files refused by restore are in bad-input-catalog.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, dbDigest, integrityCheck, makeUserDatabase, tempDir } from '../helpers/db.js';
import { ROOT, perk, perkAsync, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-backup-');
const env = perkEnv(tmp.dir, { PERK_TODAY: '2026-11-21' });
const db = tmp.file('perk.db');
afterAll(() => tmp.cleanup());
beforeAll(() => makeUserDatabase(db, env));

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const ok = (args: string[]) => {
  const r = perk(args, { env, cwd: tmp.dir });
  expect(r.code, `perk ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

describe('perk backup', () => {
  it('writes a private, complete copy and says what is in it', () => {
    const r = ok(['--db', db, '--json', 'backup', 'one.db']);
    const out = JSON.parse(r.stdout) as { backup: string; version: number; counts: Record<string, number> };
    expect(out.backup).toBe('one.db');
    expect(out.counts.orders).toBe(2);
    expect(mode(tmp.file('one.db'))).toBe(0o600);
    expect(dbDigest(tmp.file('one.db'))).toBe(dbDigest(db));
    expect(integrityCheck(tmp.file('one.db'))).toBe('ok');
    // A single self-contained file: nothing beside it, nothing left over.
    expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('one.db') || f.endsWith('.tmp'))).toEqual(['one.db']);
  });

  it('--force replaces an existing file, which becomes private too', () => {
    fs.writeFileSync(tmp.file('old.db'), 'old contents');
    fs.chmodSync(tmp.file('old.db'), 0o644);
    ok(['--db', db, 'backup', 'old.db', '--force']);
    expect(mode(tmp.file('old.db'))).toBe(0o600);
    expect(dbDigest(tmp.file('old.db'))).toBe(dbDigest(db));
  });

  it('a backup taken while another perk loads 40,000 rates is consistent: before or after, never between', async () => {
    const busy = tmp.file('busy.db');
    fs.copyFileSync(db, busy);
    const before = countRows(busy, 'rates');
    const rows = ['portal,retailer,rate,from'];
    for (let i = 0; i < 40_000; i++) rows.push(`rakuten,macys,${1 + (i % 9)}%,${new Date(Date.UTC(1990, 0, 1) + i * 864e5).toISOString().slice(0, 10)}`);
    fs.writeFileSync(tmp.file('many.csv'), `${rows.join('\n')}\n`);
    const writer = perkAsync(['--db', busy, 'load', 'many.csv'], { env, cwd: tmp.dir });
    const backups = await Promise.all([1, 2, 3].map((i) => perkAsync(['--db', busy, 'backup', `busy-${i}.db`], { env, cwd: tmp.dir })));
    const w = await writer;
    expect(w.code, w.stderr).toBe(0);
    for (const [i, b] of backups.entries()) {
      expect(b.code, b.stderr).toBe(0);
      const file = tmp.file(`busy-${i + 1}.db`);
      expect(integrityCheck(file)).toBe('ok');
      expect([before, before + 40_000]).toContain(countRows(file, 'rates'));
    }
  });
});

describe('perk restore', () => {
  it('brings back exactly the backed-up content and keeps the replaced database aside', () => {
    const live = tmp.file('live.db');
    fs.copyFileSync(db, live);
    ok(['--db', live, 'backup', 'snapshot.db']);
    const snapshot = dbDigest(tmp.file('snapshot.db'));
    // Change things after the backup.
    ok(['--db', live, 'config', 'set', 'cpp.MR.transfer', '2.1']);
    ok(['--db', live, 'wallet', 'add', 'amex-green']);
    const changed = dbDigest(live);
    expect(changed).not.toBe(snapshot);

    const r = ok(['--db', live, 'restore', 'snapshot.db']);
    expect(r.stdout).toMatch(/Restored snapshot\.db into .*live\.db/);
    expect(dbDigest(live)).toBe(snapshot);
    expect(dbDigest(`${live}.pre-restore`)).toBe(changed);
    expect(mode(live)).toBe(0o600);
    expect(mode(`${live}.pre-restore`)).toBe(0o600);
    expect(integrityCheck(live)).toBe('ok');
    // And perk carries on with it (WAL mode back on, writes work).
    ok(['--db', live, 'rate', 'set', 'macys', '9%', '--portal', 'rakuten', '--from', '2025-01-01']);
    const reopened = new Database(live, { readonly: true });
    expect(String(reopened.pragma('journal_mode', { simple: true })).toLowerCase()).toBe('wal');
    reopened.close();
  });

  it("rebuilds cap totals from the restored orders instead of trusting the backup's", () => {
    const live = tmp.file('caps-live.db');
    fs.copyFileSync(db, live);
    ok(['--db', live, 'order', 'add', 'macys', '200', '--card', 'chase-freedom-flex']);
    ok(['--db', live, 'backup', 'caps-snapshot.db']);
    const totals = (file: string) => {
      const d = new Database(file, { readonly: true });
      const rows = d.prepare('SELECT card, rule, period_start, spend_cents FROM cap_spend ORDER BY 1, 2, 3').all();
      d.close();
      return rows;
    };
    const right = totals(live);
    // A backup whose totals say $900 more was spent (edited by hand, or written by a faulty build).
    const edited = new Database(tmp.file('caps-snapshot.db'));
    edited.prepare('UPDATE cap_spend SET spend_cents = spend_cents + 90000').run();
    edited.prepare("INSERT INTO cap_spend (card, rule, period_start, spend_cents) VALUES ('amex-gold', 0, '2026-01-01', 12345)").run();
    edited.close();
    ok(['--db', live, 'restore', 'caps-snapshot.db']);
    expect(totals(live)).toEqual(right);
  });

  it('into a database that does not exist yet', () => {
    ok(['--db', 'fresh/new.db', 'restore', 'one.db']);
    expect(dbDigest(tmp.file('fresh/new.db'))).toBe(dbDigest(tmp.file('one.db')));
    expect(fs.existsSync(tmp.file('fresh/new.db.pre-restore'))).toBe(false);
  });

  it("never replays the old database's WAL into the restored one", () => {
    const crashed = tmp.file('crashed.db');
    fs.copyFileSync(db, crashed);
    // Another process commits a write and dies before checkpointing: its WAL stays beside the file.
    const script = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.prepare("INSERT INTO config (key, value) VALUES ('path.MR', 'statement_credit')").run();
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['-e', script, crashed], { cwd: ROOT });
    expect(child.signal).toBe('SIGKILL');
    expect(fs.statSync(`${crashed}-wal`).size).toBeGreaterThan(0);

    ok(['--db', crashed, 'restore', 'one.db']);
    expect(dbDigest(crashed)).toBe(dbDigest(tmp.file('one.db')));
    // The committed write of the dead process is kept in the copy set aside, not lost.
    const aside = new Database(`${crashed}.pre-restore`, { readonly: true });
    expect(aside.prepare("SELECT value FROM config WHERE key = 'path.MR'").get()).toEqual({ value: 'statement_credit' });
    aside.close();
  });

  it('a backup restored into another database exports the same data (the round trip)', () => {
    ok(['--db', 'copy.db', 'restore', 'one.db']);
    const a = ok(['--db', db, 'export']).stdout;
    const b = ok(['--db', 'copy.db', 'export']).stdout;
    expect(b).toBe(a);
  });
});
