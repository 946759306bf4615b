/**
 * The `perk stack` fast path (src/fast-argv.ts, src/fast-stack.ts) must be invisible: for every argv it
 * accepts, commander (cli.ts) would have run the stack with the same options and the same context, or
 * failed the same way. The stack command and the first-run seed are replaced by recorders, so only the
 * command line is compared. The databases exist (a missing one is handed to cli.ts, tested below).
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fastPathSandbox } from '../helpers/fast-path.js';

const seen = vi.hoisted(() => ({ calls: [] as unknown[] }));

vi.mock('../../src/commands/stack.js', () => {
  // runStack (cli.ts) and showStack (the fast path) are the same for a command line with both arguments.
  const record = vi.fn(async (options: Record<string, unknown>, ctx: { dbPath: string; today: string; json: boolean; color: boolean }) => {
    // Compare what was given, not how: commander leaves absent flags as undefined keys.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    seen.calls.push({ options: given, dbPath: ctx.dbPath, today: ctx.today, json: ctx.json, color: ctx.color });
    return {};
  });
  return { runStack: record, showStack: record };
});
vi.mock('../../src/context.js', async (original) => ({
  ...(await original<typeof import('../../src/context.js')>()),
  ensureDatabase: vi.fn(async () => undefined),
}));

const { buildProgram, main } = await import('../../src/cli.js');
const { runFastStack } = await import('../../src/fast-stack.js');
const { parseFastStack } = await import('../../src/fast-argv.js');

// Every database the generated command lines name exists: ['a.db', 'x.db'], and the default one under XDG_DATA_HOME.
const { viaCommander, viaFastPath } = fastPathSandbox({ prefix: 'perk-fast-', dbs: ['a.db', 'x.db'], seen, main, parse: parseFastStack, run: runFastStack });

const globalTokens = [['--json'], ['--no-color'], ['--db', 'a.db'], ['--db', ':memory:'], ['--today', '2026-11-21'], ['--today', '2026-02-30']];
const stackTokens = [
  ['macys'],
  ['200'],
  ['$1,234.56'],
  ['extra'],
  ['stack'],
  [''],
  ['--in-store'],
  ['--dining'],
  ['--gift-card'],
  ['--no-portal'],
  ['--portal', 'rakuten'],
  ['--portal', 'topcashback'],
  ['--card', 'amex-gold'],
  ['--card', 'c1-venture-x'],
  ['--promo', 'SAVE10'],
  ['--path', 'MR=transfer'],
  ['--category', 'dining'],
  ['--payout', 'MR'],
  ['--via', 'amex_travel'],
  ['--top', '3'],
  ['--top', '-1'],
  ['--card'],
  ['--portal=rakuten'],
  ['--bogus'],
  ['-h'],
  ['--help'],
  ['--'],
  ...globalTokens,
];

// Most command lines get the two arguments somewhere among the flags (the fast path takes only those).
const argv = fc
  .tuple(
    fc.array(fc.constantFrom(...globalTokens), { maxLength: 3 }),
    fc.constantFrom(['stack'], ['stack'], ['stack'], ['wallet'], []),
    fc.array(fc.constantFrom(...stackTokens), { maxLength: 4 }),
    fc.constantFrom(['macys', '200'], ['macys', '200'], ['amazon', '$1,234.56'], ['macys'], []),
    fc.array(fc.constantFrom(...stackTokens), { maxLength: 4 }),
  )
  .map(([g, c, s1, p, s2]) => [...g.flat(), ...c, ...s1.flat(), ...p, ...s2.flat()]);

describe('perk stack fast path', () => {
  it('reads the plain forms the way commander does', async () => {
    const examples: string[][] = [
      ['stack', 'macys', '200', '--json'],
      ['--db', 'x.db', 'stack', 'macys', '200', '--card', 'a', '--card', 'b', '--no-portal', '--today', '2026-11-21'],
      ['stack', 'macys', '--portal', 'rakuten', '--no-portal', '--portal', 'befrugal', '200', '--no-color'],
      ['--db', ':memory:', 'stack', 'macys', '200', '--today', '2026-02-30'],
    ];
    for (const args of examples) {
      const fast = await viaFastPath(args);
      expect(fast, args.join(' ')).toBeDefined();
      expect(fast!.calls).toHaveLength(fast!.code === 0 ? 1 : 0);
      expect(fast).toEqual(await viaCommander(args));
    }
  });

  it('knows every option commander defines for stack (and every global one), and reads each as commander does', async () => {
    const program = buildProgram();
    const stack = program.commands.find((c) => c.name() === 'stack');
    const defined = [...program.options.filter((o) => o.long !== '--version'), ...(stack?.options ?? [])];
    expect(stack?.options.length).toBeGreaterThan(10);
    const values: Record<string, string> = { '--db': 'a.db', '--today': '2026-11-21' };
    for (const option of defined) {
      const args = ['stack', 'macys', '200', option.long as string, ...(option.required ? [values[option.long as string] ?? 'rakuten'] : [])];
      const fast = await viaFastPath(args);
      expect(fast, `${option.long} is not known to src/fast-argv.ts`).toBeDefined();
      expect(fast).toEqual(await viaCommander(args));
    }
  });

  it('hands a database that does not exist yet to cli.ts, which seeds it first', async () => {
    const fast = parseFastStack(['--db', 'new.db', 'stack', 'macys', '200']);
    expect(fast).toBeDefined();
    seen.calls = [];
    expect(await runFastStack(fast!)).toBeUndefined();
    expect(seen.calls).toEqual([]);
    expect(fs.existsSync('new.db')).toBe(false);
  });

  it('leaves help, version, unknown flags and unusual syntax to commander', () => {
    for (const args of [
      ['stack', '--help'],
      ['--version'],
      ['stack', 'macys', '200', '--bogus'],
      ['stack', 'macys', '200', 'extra'],
      ['stack', '--portal=rakuten'],
      ['stack', '--top', '-1'],
      ['stack', '--card'],
      ['stack', '--', 'macys'],
      ['stack'],
      ['stack', 'macys'],
      ['--json', 'stack', '200'],
      ['stack', '', '200'],
      ['stack', 'macys', ''],
      ['wallet'],
      [],
    ]) {
      expect(parseFastStack(args), args.join(' ')).toBeUndefined();
    }
  });

  it('agrees with commander on every argv it accepts', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const fast = await viaFastPath(args);
        if (!fast) return;
        accepted++;
        expect(fast.calls).toHaveLength(fast.code === 0 ? 1 : 0);
        expect(fast).toEqual(await viaCommander(args));
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
