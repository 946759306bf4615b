/**
 * Issue 13 item 10: what reaches a terminal or a spreadsheet. A CSV export carries no raw control
 * character and no cell a spreadsheet would run as a formula, and `perk load` of it gives back exactly
 * what was exported; a stored name is one line; a near-miss claim code is never echoed. Real runs.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededCopy, tempDir } from '../helpers/db.js';
import { perk, perkEnv } from '../helpers/spawn.js';

const tmp = tempDir('perk-export-safety-');
const env = perkEnv(tmp.dir);
let template: string;
let n = 0;

beforeAll(() => {
  template = tmp.file('template.db');
  seededCopy(template);
});
afterAll(() => tmp.cleanup());

function fresh(): string {
  const db = tmp.file(`c${++n}.db`);
  fs.copyFileSync(template, db);
  return db;
}

const HOSTILE_NAMES = ['=HYPERLINK("http://x","y")', '+1+cmd|calc', '-2+3', '@SUM(A1)', "'quoted", 'back\\slash x1b \\x1b', 'trailing space ', ' leading', '-5'];
const HOSTILE_NOTES = ['\u001b]0;owned\u0007\u001b[2J', '=1+1', 'two\nlines', 'tab\tinside', '\tstarts with tab', '\rcr first', 'c1 \u009b31m', 'bidi \u202e', '\\x41 kept'];

describe('item 10: CSV export is safe to open and loads back unchanged', () => {
  it('no control character and no formula start reaches the file, and export → load → export is identical', () => {
    const db = fresh();
    const data = tmp.file('hostile.json');
    fs.writeFileSync(
      data,
      JSON.stringify({
        retailers: HOSTILE_NAMES.map((name, i) => ({ id: `evil-${i}`, name, category: 'department_store', aliases: [`=alias${i}`, `plain${i}`] })),
      }),
    );
    expect(perk(['--db', db, 'load', data], { env }).code).toBe(0);
    HOSTILE_NOTES.forEach((note, i) => {
      const r = perk(['--db', db, '--today', '2026-03-01', 'order', 'add', `evil-${i % HOSTILE_NAMES.length}`, `${i + 1}`, '--note', note], { env });
      expect(r.stderr).toBe('');
    });
    for (const kind of ['retailers', 'orders']) {
      const out = perk(['--db', db, 'export', '--kind', kind, '--format', 'csv'], { env });
      expect(out.code).toBe(0);
      // No ESC, BEL, CSI, C1 or bidi override, raw, anywhere in the file (a newline inside a quoted note is CSV).
      // eslint-disable-next-line no-control-regex
      expect(out.stdout).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
      const rows = parse(out.stdout, { relax_column_count: false }) as string[][];
      for (const row of rows) for (const cell of row) expect(`${cell}`).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
      // Back into a fresh database: the same records (JSON export of both compared).
      const csv = tmp.file(`${kind}-${n}.csv`);
      fs.writeFileSync(csv, out.stdout);
      const copy = fresh();
      if (kind === 'orders') fs.writeFileSync(tmp.file('r.json'), perk(['--db', db, 'export', '--kind', 'retailers'], { env }).stdout);
      if (kind === 'orders') expect(perk(['--db', copy, 'load', tmp.file('r.json')], { env }).code).toBe(0);
      const loaded = perk(['--db', copy, 'load', csv], { env });
      expect(loaded.stderr).toBe('');
      expect(perk(['--db', copy, 'export', '--kind', kind], { env }).stdout).toBe(perk(['--db', db, 'export', '--kind', kind], { env }).stdout);
      expect(perk(['--db', copy, 'export', '--kind', kind, '--format', 'csv'], { env }).stdout).toBe(out.stdout);
    }
    // The marking, as a user sees it in the file.
    const retailers = perk(['--db', db, 'export', '--kind', 'retailers', '--format', 'csv'], { env }).stdout;
    expect(retailers).toContain(`evil-0,"'=HYPERLINK(""http://x"",""y"")",department_store,'=alias0|plain0`);
    expect(retailers).toContain("evil-8,-5,department_store");
    const orders = perk(['--db', db, 'export', '--kind', 'orders', '--format', 'csv'], { env }).stdout;
    expect(orders).toContain("'\\x1b]0;owned\\x07\\x1b[2J");
  });

  it('a name or alias with a newline or control character is refused by load (exit 2, naming the field)', () => {
    const db = fresh();
    for (const retailer of [
      { id: 'nl', name: 'Macy\'s\nperk: internal error: fake', category: 'department_store' },
      { id: 'esc', name: 'ok', category: 'department_store', aliases: ['\u001b[2Jx'] },
    ]) {
      const data = tmp.file(`bad-${retailer.id}.json`);
      fs.writeFileSync(data, JSON.stringify({ retailers: [retailer] }));
      const r = perk(['--db', db, 'load', data], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/one line of text/);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('perk: internal error'))).toEqual([]);
    }
  });
});

describe('item 10: a near-miss claim code is never echoed', () => {
  it('giftcard set-balance and remove with a mistyped code say so without quoting it', () => {
    const db = fresh();
    for (const code of ['Q8RT-ZK4M7P-2XW', 'Q8RT-ZK4M7P!', 'Q8RT-ZK4M7P-2XW-9', 'q8rtzk4m7p2x']) {
      for (const args of [['giftcard', 'set-balance', code, '10'], ['giftcard', 'remove', code]]) {
        const r = perk(['--db', db, ...args], { env });
        expect(r.code).toBe(2);
        expect(r.stderr + r.stdout).not.toContain(code);
        expect((r.stderr + r.stdout).toUpperCase()).not.toMatch(/ZK4M7P/);
      }
    }
    // A gift-card id is still named.
    expect(perk(['--db', db, 'giftcard', 'set-balance', 'gc-nope', '10'], { env }).stderr).toMatch(/Unknown gift card "gc-nope"/);
  });
});
