/**
 * Issue 13, on the command line: errors that used to change data, the last day of the calendar, and
 * the other adversarial cases that are not about a data file. Real runs of bin/perk.js.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, dbDigest, seededCopy, tempDir } from '../helpers/db.js';
import { rejects } from '../helpers/reject.js';
import { perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-special-files-');
const env = perkEnv(tmp.dir);
let template: string;
let n = 0;

beforeAll(() => {
  template = seededCopy(tmp.file('template.db'));
});
afterAll(() => tmp.cleanup());

function fresh(): { db: string; env: NodeJS.ProcessEnv; baseline: () => string } {
  const db = tmp.file(`c${++n}.db`);
  fs.copyFileSync(template, db);
  const digest = dbDigest(db);
  return { db, env, baseline: () => digest };
}

describe('item 8: errors that changed data', () => {
  it('order add on 9999-12-31 logs the order and exits 0 (it was saved, then an internal error)', () => {
    const s = fresh();
    const r = perk(['--db', s.db, '--today', '9999-12-31', 'order', 'add', 'macys', '5', '--portal', 'rakuten'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/should confirm by 9999-12-31/);
    expect(countRows(s.db, 'orders')).toBe(1);
    for (const args of [['payout'], ['payout', 'forecast', '--quarters', '8'], ['payout', 'history'], ['order', 'list']]) {
      const read = perk(['--db', s.db, '--today', '9999-12-31', ...args], { env });
      expect(`${args.join(' ')}: ${read.code} ${read.stderr}`).toBe(`${args.join(' ')}: 0 `);
    }
    expect(perk(['--db', s.db, '--today', '9999-12-31', 'payout'], { env }).stdout).toMatch(/No payout dates after 9999-12-31/);
  });

  it('a bad argument on a new --db path leaves no database behind', () => {
    const db = tmp.file('never-created.db');
    for (const args of [['stack', 'macys', 'abc'], ['order', 'add', 'macys', '-5'], ['value', 'NOPE'], ['config', 'set', 'nope', '1']]) {
      const r = perk(['--db', db, ...args], { env });
      expect(r.code).toBe(2);
      expect(fs.readdirSync(tmp.dir).filter((f) => f.startsWith('never-created'))).toEqual([]);
    }
    const bad = tmp.file('bad-order.json');
    fs.writeFileSync(bad, JSON.stringify({ orders: [{ id: 1 }] }));
    expect(perk(['--db', db, 'load', bad], { env }).code).toBe(2);
    expect(fs.existsSync(db)).toBe(false);
    // A good command still creates it.
    expect(perk(['--db', db, 'stack', 'macys', '5'], { env }).code).toBe(0);
    expect(fs.existsSync(db)).toBe(true);
  });

  it('--db "" is refused rather than silently using the default database', () => {
    const r = perk(['--db', '', 'order', 'add', 'macys', '5'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^perk: --db must be the path of a database file \(got an empty string\)\./);
    expect(fs.existsSync(`${tmp.dir}/data/perk/perk.db`)).toBe(false);
  });
});

describe('item 10: config keys and values are own properties, not the prototype', () => {
  it('config set path.MR __proto__ is refused (it was accepted and ignored)', async () => {
    const s = fresh();
    await rejects(s, ['config', 'set', 'path.MR', '__proto__'], /^perk: MR has no path "__proto__"\./);
    await rejects(s, ['config', 'set', 'portal.rakuten.payout', '__proto__'], /pays in .*not "__proto__"/);
    await rejects(s, ['config', 'set', 'cpp.MR.__proto__', '1'], /Unknown setting "cpp\.MR\.__proto__"|MR has no path "__proto__"/);
  });
  it('config get __proto__ is an unknown setting (it was an internal error)', async () => {
    const s = fresh();
    await rejects(s, ['config', 'get', '__proto__'], /^perk: Unknown setting "__proto__"\./);
  });
});

describe('item 4: backup and restore replace only regular files, and follow links', () => {
  let backup: string;
  beforeAll(() => {
    backup = tmp.file('item4-backup.db');
    expect(perk(['--db', template, 'backup', backup], { env }).code).toBe(0);
  });
  const isCharDevice = (f: string) => fs.statSync(f).isCharacterDevice();

  it('perk --db /dev/null restore is refused and /dev/null stays a device', () => {
    const r = perk(['--db', '/dev/null', 'restore', backup], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/regular file/);
    expect(isCharDevice('/dev/null')).toBe(true);
  });

  it('perk backup /dev/null --force is refused and /dev/null stays a device', async () => {
    const s = fresh();
    await rejects(s, ['backup', '/dev/null', '--force'], /The backup file \/dev\/null is not a regular file/);
    expect(isCharDevice('/dev/null')).toBe(true);
  });

  it('--db <fifo> restore is refused at once instead of hanging', () => {
    const fifo = tmp.file('item4.fifo');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return void console.warn('skipped: mkfifo is not available here');
    const start = Date.now();
    const r = perk(['--db', fifo, 'restore', backup], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/regular file/);
    expect(Date.now() - start).toBeLessThan(10_000);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a restore through a symlinked --db replaces the database it points to and keeps the link', () => {
    const s = fresh();
    const link = tmp.file('item4-link.db');
    fs.symlinkSync(s.db, link);
    expect(perk(['--db', link, 'order', 'add', 'macys', '5'], { env }).code).toBe(0);
    expect(countRows(s.db, 'orders')).toBe(1);
    const r = perk(['--db', link, 'restore', backup], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(s.db);
    expect(countRows(s.db, 'orders')).toBe(0);
    expect(countRows(`${s.db}.pre-restore`, 'orders')).toBe(1);
  });

  it('a backup --force onto a symlink writes the file it points to and keeps the link', () => {
    const s = fresh();
    const target = tmp.file('item4-target.db');
    fs.writeFileSync(target, 'old');
    const link = tmp.file('item4-backup-link.db');
    fs.symlinkSync(target, link);
    expect(perk(['--db', s.db, 'backup', link, '--force'], { env }).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(dbDigest(target)).toBe(dbDigest(s.db));
  });
});

describe('item 1: output on a full disk is written entirely or the command exits 1 saying so', () => {
  // A tmpfs of 300 KB, filled to its last few KB (mounted here when the machine allows: root on Linux).
  const mnt = tmp.file('small-disk');
  let mounted = false;
  beforeAll(() => {
    fs.mkdirSync(mnt);
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', mnt]).status === 0;
    if (!mounted) console.warn('item 1 skipped: cannot mount a small tmpfs here (needs root on Linux)');
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
  });

  it.each([
    ['export', ['export']],
    ['export --kind retailers (JSON)', ['export', '--kind', 'retailers']],
    ['retailers --json', ['--json', 'retailers']],
    ['cards --json', ['--json', 'cards']],
  ])('%s', (_name, args) => {
    if (!mounted) return;
    const full = perk(['--db', template, ...args], { env });
    expect(full.code).toBe(0);
    expect(full.stdout.length).toBeGreaterThan(8192);
    for (const f of fs.readdirSync(mnt)) fs.rmSync(`${mnt}/${f}`);
    fs.writeFileSync(`${mnt}/fill`, Buffer.alloc(300 * 1024 - 8192));
    const out = `${mnt}/out`;
    const r = spawnSync('sh', ['-c', `"${process.execPath}" bin/perk.js --db "${template}" ${args.join(' ')} > "${out}"`], { env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^perk: Could not write the output \(ENOSPC: no space left on device, write\); it is incomplete\./);
    expect(fs.statSync(out).size).toBeLessThan(full.stdout.length);
  });
});

describe('item 9 (part): bounded work', () => {
  it('perk load /dev/zero is refused at 256 MB instead of reading forever', async () => {
    const s = fresh();
    const start = Date.now();
    await rejects(s, ['load', '/dev/zero'], /^perk: \/dev\/zero is larger than 256 MB, the most perk load reads\./);
    expect(Date.now() - start).toBeLessThan(20_000);
  });

  it('perk spend import and perk order import /dev/zero are refused at 256 MB too', async () => {
    const s = fresh();
    await rejects(s, ['spend', 'import', '/dev/zero', '--card', 'chase-freedom-flex'], /^perk: \/dev\/zero is larger than 256 MB, the most perk spend import reads\./);
    await rejects(s, ['order', 'import', '/dev/zero'], /^perk: \/dev\/zero is larger than 256 MB, the most perk order import reads\./);
  });
});
