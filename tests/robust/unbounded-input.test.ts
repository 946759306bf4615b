/**
 * Issue 13 item 9: unbounded work. A huge retailer name against a huge database answers at once, a
 * claim code read from an endless stdin is refused, and the hidden copies a killed backup or restore
 * leaves are removed by the next one. Real runs of bin/perk.js.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededCopy, tempDir } from '../helpers/db.js';
import { BIN, perk, perkEnv, ROOT } from '../helpers/spawn.js';

const tmp = tempDir('perk-unbounded-');
const env = perkEnv(tmp.dir);
afterAll(() => tmp.cleanup());

/** perk with a time limit; stdin from a file (a device such as /dev/zero). */
function timed(args: string[], stdinFile?: string, timeout = 30_000) {
  const fd = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const started = Date.now();
  try {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout, killSignal: 'SIGKILL' });
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  } finally {
    if (typeof fd === 'number') fs.closeSync(fd);
  }
}

describe('item 9: a huge retailer name on 100,000 retailers', () => {
  const db = tmp.file('big.db');
  beforeAll(() => {
    const retailers = Array.from({ length: 100_000 }, (_, i) => ({ id: `r${i}x`, name: `Retailer ${i} Shop`, category: 'department_store', aliases: [`r${i}.com`] }));
    const file = tmp.file('big.json');
    fs.writeFileSync(file, JSON.stringify({ retailers }));
    expect(perk(['--db', db, 'load', file], { env }).code).toBe(0);
  }, 60_000);

  it('a 5,000-character name is refused at once (exit 2), by stack, order add and retailers search alike', () => {
    const long = 'a'.repeat(5000);
    for (const args of [['stack', long, '5'], ['order', 'add', long, '5'], ['retailers', long]]) {
      const r = timed(['--db', db, ...args]);
      expect(r.signal).toBeNull();
      expect(r.ms).toBeLessThan(10_000);
      if (args[0] === 'retailers') expect(r.code).toBe(0);
      else {
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/5000 characters long; a retailer name, alias or id is at most 200/);
      }
    }
  });

  it('a 200-character miss and a short typo still answer quickly, with suggestions for the typo', () => {
    const r = timed(['--db', db, 'stack', 'q'.repeat(200), '5']);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(10_000);
    const typo = timed(['--db', db, 'stack', 'Retailer 4242 Shpo', '5']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean: .*r4242x/);
  });
});

describe('item 9: --code - reads a bounded stdin', () => {
  it('giftcard add --code - < /dev/zero finishes with exit 2 and stores nothing', () => {
    const db = tmp.file('gc.db');
    const r = timed(['--db', db, 'giftcard', 'add', 'amazon', '--code', '-', '--balance', '50'], '/dev/zero');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--code -: stdin holds more than 4096 bytes/);
    expect(perk(['--db', db, 'giftcard', 'list', '--json'], { env }).stdout).toMatch(/"giftcards": \[\]/);
  });
});

describe('item 9: a killed backup or restore leaves no hidden copy for good', () => {
  /** The id of a process that has exited. */
  function deadPid(): number {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    return Number(r.stdout);
  }

  it('the next backup and restore remove stale temporary copies of their target (not those of a live perk)', () => {
    const db = tmp.file('k.db');
    seededCopy(db);
    const backup = tmp.file('k-backup.db');
    const stale = (target: string, purpose: string) => {
      const file = path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${deadPid()}-0123abcd.tmp`);
      fs.copyFileSync(db, file);
      fs.writeFileSync(`${file}-wal`, 'x');
      return file;
    };
    const live = path.join(tmp.dir, `.k-backup.db.backup-${process.pid}-89abcdef.tmp`);
    fs.writeFileSync(live, '');
    const left = [stale(backup, 'backup'), stale(backup, 'restore')];
    const other = path.join(tmp.dir, '.k-backup.db.notes.tmp');
    fs.writeFileSync(other, 'mine');
    expect(perk(['--db', db, 'backup', backup], { env }).code).toBe(0);
    for (const f of left) {
      expect(fs.existsSync(f)).toBe(false);
      expect(fs.existsSync(`${f}-wal`)).toBe(false);
    }
    expect(fs.existsSync(live)).toBe(true); // a perk still running owns it
    expect(fs.readFileSync(other, 'utf8')).toBe('mine'); // not named as perk names its copies
    const staleRestore = stale(db, 'restore');
    expect(perk(['--db', db, 'restore', backup], { env }).code).toBe(0);
    expect(fs.existsSync(staleRestore)).toBe(false);
    expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('.k.db.'))).toEqual([]);
  });

  it('a real kill -9 in the middle of backup leaves at most one copy, which the next backup removes', () => {
    const db = tmp.file('big.db'); // 100,000 retailers: the copy takes a moment
    const backup = tmp.file('kill-backup.db');
    const r = timed(['--db', db, 'backup', backup], undefined, 150);
    const temps = () => fs.readdirSync(tmp.dir).filter((f) => f.startsWith('.kill-backup.db.'));
    if (r.signal === 'SIGKILL') expect(temps().length).toBeLessThanOrEqual(4);
    fs.rmSync(backup, { force: true });
    expect(perk(['--db', db, 'backup', backup], { env }).code).toBe(0);
    expect(temps()).toEqual([]);
  });
});
