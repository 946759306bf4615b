// SPEC 13: every human table and note fits the terminal (60, 80 and 120 columns) by dropping or
// shortening columns, never by wrapping inside a cell; a terminal always gets borders, a pipe the full
// table without them. Each command runs in-process through main() with stdout posing as a terminal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';

let dir: string;
let db: string;

/** Run perk in-process; stdout is a terminal `width` columns wide (or a pipe when width is undefined). */
async function perk(args: string[], width?: number): Promise<{ code: number; out: string }> {
  let out = '';
  // The output stream perk writes to: a terminal `width` columns wide, or a pipe (main's io.stdout).
  const stdout = { isTTY: width !== undefined, columns: width, write: (s: string) => void (out += s) };
  const env = { ...process.env };
  process.env.CI = 'true';
  delete process.env.NO_COLOR;
  delete process.env.FORCE_COLOR;
  try {
    const code = await main(['node', 'perk', '--db', db, '--today', '2026-11-21', ...args], { stdout });
    return { code, out };
  } finally {
    process.env = env;
  }
}

type Json = Record<string, unknown[] | undefined> & { options?: Array<{ paths: unknown[] }>; card?: { earn: unknown[] } };

/** Each human table, and how many data rows it has (from the same command's --json). */
const TABLES: Array<{ args: string[]; rows: (j: Json) => number }> = [
  { args: ['cards'], rows: (j) => j.cards!.length },
  { args: ['categories'], rows: (j) => j.categories!.length },
  { args: ['card', 'chase-freedom-flex'], rows: (j) => j.card!.earn.length + 1 }, // + everything else
  { args: ['wallet'], rows: (j) => j.wallet!.length },
  { args: ['retailers', 'a'], rows: (j) => j.retailers!.length },
  { args: ['offers'], rows: (j) => j.offers!.length },
  { args: ['promo', 'list'], rows: (j) => j.promos!.length },
  { args: ['giftcard', 'list'], rows: (j) => j.giftcards!.length + 1 },
  { args: ['bonus', 'list'], rows: (j) => j.bonuses!.length },
  { args: ['order', 'list'], rows: (j) => j.orders!.length },
  { args: ['payout'], rows: (j) => j.payouts!.length },
  { args: ['payout', 'history'], rows: (j) => j.history!.length },
  { args: ['value', 'MR'], rows: (j) => j.paths!.length },
  { args: ['compare', '50'], rows: (j) => j.options!.reduce((s, o) => s + o.paths.length, 0) },
  { args: ['stack', 'macys', '200'], rows: (j) => Math.min(10, j.options!.length) },
  { args: ['stack', 'macys', '200', '--promo', 'SAVE10'], rows: (j) => Math.min(10, j.options!.length) },
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-width-'));
  db = path.join(dir, 'perk.db');
  const run = async (...args: string[]) => expect((await perk(args)).code).toBe(0);
  await run('load', 'data/examples/offers.json', 'data/examples/promos.json');
  await run('wallet', 'add', 'chase-sapphire-reserve', 'amex-bbp');
  await run('rate', 'set', 'macys', '5%', '--portal', 'rakuten', '--from', '2026-05-01', '--to', '2026-06-30');
  await run('order', 'add', 'macys', '200', '--date', '2026-06-01', '--card', 'chase-freedom-flex', '--portal', 'rakuten', '--note', 'the winter coat for the trip to the mountains, returned the scarf');
  await run('order', 'add', 'olive-garden', '64.20', '--date', '2026-11-20', '--card', 'amex-gold');
  await run('order', 'add', 'best-buy', '1234.56', '--date', '2026-08-01', '--card', 'chase-sapphire-reserve', '--portal', 'topcashback');
  await run('order', 'confirm', '3', '--date', '2026-09-20');
  await run('bonus', 'add', 'rakuten', '30', '--date', '2026-07-01', '--note', 'welcome bonus for joining through a friend who referred me in July', '--confirmed');
  await run('giftcard', 'add', 'amazon', '--code', 'AQ7X-9KLM2-PQRST', '--balance', '75');
  await run('config', 'set', 'cpp.MR.transfer', '1.7');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The bordered tables of a screen: their header and row lines (rules left out). */
function tables(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('┌')) current = [];
    else if (line.startsWith('└') && current) {
      out.push(current);
      current = undefined;
    } else if (current && line.startsWith('│')) current.push(line);
  }
  return out;
}

describe.each([60, 80, 120])('at %i columns', (width) => {
  it.each(TABLES)('perk $args fits, in borders, one line per row', async ({ args, rows }) => {
    const json = JSON.parse((await perk([...args, '--json'])).out) as Json;
    const r = await perk(args, width);
    expect(r.code).toBe(0);
    for (const line of r.out.split('\n')) expect(stringWidth(line), `${JSON.stringify(line)} is wider than ${width}`).toBeLessThanOrEqual(width);
    const [table, ...more] = tables(r.out);
    expect(more).toEqual([]);
    // No cell wrapped: the header plus exactly one line per data row, each with the header's borders.
    expect(table).toHaveLength(rows(json) + 1);
    const bars = (l: string) => [...l].filter((ch) => ch === '│').length;
    for (const line of table!) expect(bars(line)).toBe(bars(table![0]!));
  });

  it('perk payout forecast fits, table and chart', async () => {
    const r = await perk(['payout', 'forecast'], width);
    expect(r.code).toBe(0);
    for (const line of r.out.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    expect(tables(r.out)).toHaveLength(1);
  });
});

describe('Ctrl-C in a prompt', () => {
  it('is a quiet exit 130: no "internal error" line', async () => {
    const { printError } = await import('../../src/exit.js');
    const { ExitPromptError } = await import('@inquirer/core');
    let err = '';
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      expect(printError(new ExitPromptError('User force closed the prompt with SIGINT'))).toBe(130);
    } finally {
      process.stderr.write = write;
    }
    expect(err).toBe('');
  });
});

describe('columns are dropped and shortened in the stated order', () => {
  it('order list at 80 columns leaves out card and portal, says so, and keeps the status and the note', async () => {
    const r = await perk(['order', 'list'], 80);
    const head = tables(r.out)[0]![0]!;
    expect(head).not.toMatch(/│ card /);
    expect(head).toMatch(/│ status +│ action \/ note/);
    expect(r.out).toMatch(/\(left out at 80 columns: card, portal/);
  });

  it('a pipe gets every column, whole, without borders', async () => {
    const r = await perk(['order', 'list']);
    expect(r.out).not.toMatch(/[┌│└]/);
    expect(r.out.split('\n')[0]).toMatch(/^id +date +retailer +amount +card +portal +cash back +status +action \/ note$/);
    expect(r.out).toContain('! overdue since 2026-09-09: ask the portal');
  });

  it('a table that fits keeps its borders at every width: one command looks the same from run to run', async () => {
    for (const width of [60, 200]) expect((await perk(['giftcard', 'list'], width)).out).toMatch(/^┌/);
  });

  it('notes are wrapped to the terminal, not to 80 columns', async () => {
    const at120 = (await perk(['payout'], 120)).out.split('\n');
    expect(at120.some((l) => stringWidth(l) > 80)).toBe(true);
    const at60 = (await perk(['payout'], 60)).out.split('\n');
    expect(at60.every((l) => stringWidth(l) <= 60)).toBe(true);
  });
});

describe('README install notes', () => {
  it('name what compiling better-sqlite3 needs, what to do without downloadable headers, and a measured time', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const needed of ['python3', 'make', 'g++', 'Node headers', 'npm_config_nodedir']) expect(readme).toContain(needed);
    expect(readme).not.toContain('about 90 s');
    expect(readme).toMatch(/\*\*\d+ min \d+ s\*\*/);
  });
});
