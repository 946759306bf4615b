/**
 * The `perk spend import` fast path (src/fast-argv.ts, src/fast-spend-import.ts) must be invisible: for
 * every argv it accepts, commander (cli.ts) would have run the import with the same options and the
 * same context, or failed the same way. The import and the first-run seed are replaced by recorders,
 * so only the command line is compared. The databases exist (a missing one is handed to cli.ts).
 */
import fc from 'fast-check';
import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { fastPathSandbox } from '../helpers/fast-path.js';

const seen = vi.hoisted(() => ({ calls: [] as unknown[] }));

vi.mock('../../src/commands/spend-import.js', async (original) => ({
  ...(await original<typeof import('../../src/commands/spend-import.js')>()),
  runSpendImport: vi.fn(async (options: Record<string, unknown>, ctx: { dbPath: string; today: string; json: boolean; color: boolean }) => {
    // Compare what was given, not how: commander leaves absent flags as undefined keys.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    seen.calls.push({ options: given, dbPath: ctx.dbPath, today: ctx.today, json: ctx.json, color: ctx.color });
    return [];
  }),
}));
vi.mock('../../src/context.js', async (original) => ({
  ...(await original<typeof import('../../src/context.js')>()),
  ensureDatabase: vi.fn(async () => undefined),
}));

const { buildProgram, main } = await import('../../src/cli.js');
const { runFastSpendImport } = await import('../../src/fast-spend-import.js');
const { parseFastSpendImport, parseFastStack } = await import('../../src/fast-argv.js');

// Every database the generated command lines name exists: ['a.db'], and the default one under XDG_DATA_HOME.
const { viaCommander, viaFastPath } = fastPathSandbox({ prefix: 'perk-fast-spend-', dbs: ['a.db'], seen, main, parse: parseFastSpendImport, run: runFastSpendImport });

const globalTokens = [['--json'], ['--no-color'], ['--db', 'a.db'], ['--db', ':memory:'], ['--today', '2026-11-21'], ['--today', '2026-02-30']];
const tokens = [
  ['a.csv'],
  ['b.qfx'],
  ['import'],
  ['spend'],
  [''],
  ['--card', 'amex-gold'],
  ['--card', 'chase-freedom-flex'],
  ['--dry-run'],
  ['--card'],
  ['--card=amex-gold'],
  ['--bogus'],
  ['-h'],
  ['--help'],
  ['--'],
  ...globalTokens,
];

const argv = fc
  .tuple(
    fc.array(fc.constantFrom(...globalTokens), { maxLength: 3 }),
    fc.constantFrom(['spend', 'import'], ['spend', 'import'], ['spend', 'import'], ['spend', '--json', 'import'], ['spend', 'list'], ['spend'], ['import'], []),
    fc.array(fc.constantFrom(...tokens), { maxLength: 3 }),
    fc.constantFrom(['a.csv'], ['a.csv'], ['a.csv', 'b.qfx'], []),
    fc.array(fc.constantFrom(...tokens), { maxLength: 3 }),
  )
  .map(([g, c, r1, files, r2]) => [...g.flat(), ...c, ...r1.flat(), ...files, ...r2.flat()]);

describe('perk spend import fast path', () => {
  it('reads the plain forms the way commander does', async () => {
    const examples: string[][] = [
      ['spend', 'import', 'a.csv', '--card', 'amex-gold'],
      ['--db', 'a.db', 'spend', 'import', 'a.csv', 'b.qfx', '--dry-run', '--json'],
      ['spend', 'import', 'a.csv', '--card', 'x', '--card', 'amex-gold', '--no-color', '--today', '2026-11-21'],
      ['--db', ':memory:', 'spend', 'import', 'a.csv', '--today', '2026-02-30'],
    ];
    for (const args of examples) {
      const fast = await viaFastPath(args);
      expect(fast, args.join(' ')).toBeDefined();
      expect(fast!.calls).toHaveLength(fast!.code === 0 ? 1 : 0);
      expect(fast).toEqual(await viaCommander(args));
    }
  });

  it('knows every option commander defines for spend import (and every global one), and reads each as commander does', async () => {
    const program = buildProgram();
    const spendImport = program.commands.find((c) => c.name() === 'spend')?.commands.find((c) => c.name() === 'import');
    const defined = [...program.options.filter((o) => o.long !== '--version'), ...(spendImport?.options ?? [])];
    expect(spendImport?.options.length).toBe(2);
    const values: Record<string, string> = { '--db': 'a.db', '--today': '2026-11-21' };
    for (const option of defined) {
      const args = ['spend', 'import', 'a.csv', option.long as string, ...(option.required ? [values[option.long as string] ?? 'amex-gold'] : [])];
      const fast = await viaFastPath(args);
      expect(fast, `${option.long} is not known to src/fast-argv.ts`).toBeDefined();
      expect(fast).toEqual(await viaCommander(args));
    }
  });

  it('hands a database that does not exist yet to cli.ts, which seeds it first', async () => {
    const fast = parseFastSpendImport(['--db', 'new.db', 'spend', 'import', 'a.csv']);
    expect(fast).toBeDefined();
    seen.calls = [];
    expect(await runFastSpendImport(fast!)).toBeUndefined();
    expect(seen.calls).toEqual([]);
    expect(fs.existsSync('new.db')).toBe(false);
  });

  it('leaves help, unknown flags, a flag between the words and unusual syntax to commander', () => {
    for (const args of [
      ['spend', 'import', '--help'],
      ['spend', 'import'],
      ['spend', 'import', 'a.csv', '--bogus'],
      ['spend', 'import', 'a.csv', '--card'],
      ['spend', 'import', 'a.csv', '--card=amex-gold'],
      ['spend', 'import', 'a.csv', '--card', '-x'],
      ['spend', 'import', '--', 'a.csv'],
      ['spend', 'import', ''],
      ['spend', '--json', 'import', 'a.csv'],
      ['spend', 'list'],
      ['import', 'a.csv'],
      ['stack', 'macys', '200'],
      [],
    ]) {
      expect(parseFastSpendImport(args), args.join(' ')).toBeUndefined();
    }
    // And the stack's reader does not take an import.
    expect(parseFastStack(['spend', 'import', 'a.csv'])).toBeUndefined();
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
      { numRuns: 2500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
