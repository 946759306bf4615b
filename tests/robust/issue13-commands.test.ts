/**
 * Issue 13, on the command line: errors that used to change data, the last day of the calendar, and
 * the other adversarial cases that are not about a data file. Real runs of bin/perk.js.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, dbDigest, perk, perkEnv, rejects, tempDir } from './helpers.js';

const tmp = tempDir('perk-issue13-');
const env = perkEnv(tmp.dir);
let template: string;
let n = 0;

beforeAll(() => {
  template = tmp.file('template.db');
  expect(perk(['--db', template, 'init'], { env }).code).toBe(0);
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
  it('config set path.MR __proto__ is refused (it was accepted and ignored)', () => {
    const s = fresh();
    rejects(s, ['config', 'set', 'path.MR', '__proto__'], /^perk: MR has no path "__proto__"\./);
    rejects(s, ['config', 'set', 'portal.rakuten.payout', '__proto__'], /pays in .*not "__proto__"/);
    rejects(s, ['config', 'set', 'cpp.MR.__proto__', '1'], /Unknown setting "cpp\.MR\.__proto__"|MR has no path "__proto__"/);
  });
  it('config get __proto__ is an unknown setting (it was an internal error)', () => {
    const s = fresh();
    rejects(s, ['config', 'get', '__proto__'], /^perk: Unknown setting "__proto__"\./);
  });
});
