// UX review, end to end: every error, commander's included, starts with "perk:", colored only when allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, perk as spawnPerk } from '../helpers/spawn.js';

let dir: string;
let db: string;

function perk(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return spawnPerk(['--db', db, ...args], { env: cleanEnv({ PERK_TODAY: '2026-11-21', ...extraEnv }) });
}

const RED_PREFIX = '\u001b[31mperk:\u001b[39m ';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-error-prefix-'));
  db = path.join(dir, 'perk.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('error prefix', () => {
  it.each([
    [['stack', 'macys', '200', '--bogus'], /^perk: unknown option '--bogus'/],
    [['order', 'set', '1', '--status', 'bogus'], /^perk: option '--status <status>' argument 'bogus' is invalid/],
    [['frobnicate'], /^perk: unknown command 'frobnicate'/],
  ])('commander usage errors read like perk errors: perk %j', (args, message) => {
    const r = perk(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it("commander's suggestion joins the sentence: one line, then the usage hint", () => {
    const r = perk(['cardz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("perk: unknown command 'cardz' (did you mean one of card, cards?)\n(add --help for usage)\n");
  });

  it('an unknown portal given as an argument does not blame a --portal flag the user never typed', () => {
    const r = perk(['bonus', 'add', 'noportal', '30']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('perk: Unknown portal "noportal".');
  });

  it('is red with FORCE_COLOR, for perk and commander errors alike', () => {
    expect(perk(['order', 'remove', '999'], { FORCE_COLOR: '1' }).stderr.startsWith(RED_PREFIX)).toBe(true);
    expect(perk(['stack', 'macys', '200', '--bogus'], { FORCE_COLOR: '1' }).stderr.startsWith(RED_PREFIX)).toBe(true);
  });

  it('--no-color and NO_COLOR win over FORCE_COLOR', () => {
    for (const r of [
      perk(['--no-color', 'order', 'remove', '999'], { FORCE_COLOR: '1' }),
      perk(['order', 'remove', '999', '--no-color'], { FORCE_COLOR: '1' }),
      perk(['--no-color', 'stack', 'macys', '200', '--bogus'], { FORCE_COLOR: '1' }),
      perk(['order', 'remove', '999'], { FORCE_COLOR: '1', NO_COLOR: '1' }),
    ]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^perk: /);
      expect(r.stderr).not.toContain('\u001b[');
    }
  });
});

describe('prose fits 80 columns', () => {
  const width = (line: string) => [...line].length;

  it('payout and payout history footnotes are wrapped', () => {
    expect(perk(['order', 'add', 'macys', '200', '--card', 'amex-gold', '--portal', 'rakuten', '--date', '2026-06-01']).code).toBe(0);
    expect(perk(['order', 'confirm', '1', '--date', '2026-07-01']).code).toBe(0);
    for (const args of [['payout'], ['payout', 'history']]) {
      const r = perk(args);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').filter((l) => width(l) > 80)).toEqual([]);
    }
  });

  it('compare: the recommendation is wrapped without splitting the command to run', () => {
    // Paid in BILT while MR is best (BILT pays 0.5 a cent without Palladium, SPEC 9.2): the advice is to switch to MR.
    expect(perk(['config', 'set', 'portal.rakuten.payout', 'BILT']).code).toBe(0);
    const r = perk(['compare', '42.17']);
    expect(r.code).toBe(0);
    const prose = (r.stdout.split('\n\n').at(-1) ?? '').split('\n'); // after the table
    expect(prose.filter((l) => width(l) > 80)).toEqual([]);
    expect(prose).toContain('"perk config set portal.rakuten.payout MR".');
  });

  it('stack: the notes under the table are wrapped', () => {
    const r = perk(['stack', 'macys', '200', '--payout', 'MR', '--path', 'MR=statement_credit']);
    expect(r.code).toBe(0);
    const notes = (r.stdout.trimEnd().split('\n\n').at(-1) ?? '').split('\n');
    expect(notes.join(' ')).toMatch(/^.*Points valued at .* \(change with --path CUR=path\)\.$/);
    expect(notes.filter((l) => width(l) > 80)).toEqual([]);
  });

  it('value: each config command on a line of its own', () => {
    const lines = perk(['value', 'MR']).stdout.trimEnd().split('\n');
    expect(lines.slice(-2).every((l) => width(l) <= 80)).toBe(true);
    expect(lines.at(-1)).toMatch(/perk config set path\.MR <path>$/);
  });
});
