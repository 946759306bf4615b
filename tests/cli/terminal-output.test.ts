// UX review: what a user sees at an 80-column terminal, in help examples and in the error prefix.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { stderrColor } from '../../src/exit.js';
import { orderCommandFor } from '../../src/commands/stack-guided.js';
import { computeStack } from '../../src/core/stack.js';
import { renderStack } from '../../src/ui/stack-view.js';
import { renderTable } from '../../src/ui/table.js';
import { AMEX_GOLD, AMEX_MACYS_25, FREEDOM_FLEX, input, rate } from '../helpers/fixtures.js';
import { wrapText } from '../../src/ui/wrap.js';

describe('renderTable on a terminal', () => {
  const head = ['card', 'fee'];
  const rows = [
    ['amex-gold', '$325.00'],
    ['c1-savor', '$0.00'],
    ['rakuten-amex', '$0.00'],
  ];

  it('draws no rule between rows: one line per row plus the border and the header', () => {
    const lines = renderTable(head, rows, { tty: true, width: 80 }).split('\n');
    expect(lines).toHaveLength(rows.length + 4); // top, header, rule under it, rows, bottom
    expect(lines[0]).toMatch(/^┌.*┐$/);
    expect(lines.at(-1)).toMatch(/^└.*┘$/);
  });

  it('keeps its borders on a narrow terminal and shortens a column rather than wrap it (SPEC 13)', () => {
    const wide = [['x'.repeat(66), '$1,234.56']]; // 82 columns with borders
    const lines = renderTable(head, wide, { tty: true, width: 80, cut: [0] }).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toBe(`│ ${'x'.repeat(63)}… │ $1,234.56 │`);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  const cards = ['card', 'name', 'issuer', 'fee'];
  const long = [
    ['amex-bbp', 'The Blue Business Plus Credit Card from American Express', 'amex', '$0.00'],
    ['chase-sapphire-reserve', 'Chase Sapphire Reserve', 'chase', '$795.00'],
  ];

  it('cuts the columns it may cut (names, not ids) to fit the terminal', () => {
    // 60 columns = card 22 + name 12 + issuer 6 + fee 7 + 4 columns × 3 + 1 of borders.
    const lines = renderTable(cards, long, { tty: true, width: 60, cut: [1] }).split('\n');
    expect(lines.slice(1, -1)).toEqual([
      '│ card                   │ name         │ issuer │ fee     │',
      '├────────────────────────┼──────────────┼────────┼─────────┤',
      '│ amex-bbp               │ The Blue Bu… │ amex   │ $0.00   │',
      '│ chase-sapphire-reserve │ Chase Sapph… │ chase  │ $795.00 │',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('drops the columns it may drop, in the order given, and names them', () => {
    const text = renderTable(cards, long, { tty: true, width: 40, cut: [1], drop: [2, 1] });
    const lines = text.split('\n');
    expect(lines[1]).toBe('│ card                   │ fee     │');
    expect(text).toContain('(left out at 40 columns: issuer, name;');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('keeps every cell whole in a pipe or a file', () => {
    const text = renderTable(cards, long, { tty: false, width: 60, cut: [1] });
    expect(text).toContain('The Blue Business Plus Credit Card from American Express');
    expect(text).not.toContain('…');
    expect(text).not.toMatch(/[┌│└]/);
  });
});

describe('perk stack on a terminal', () => {
  const result = computeStack(
    input({
      cards: [AMEX_GOLD, FREEDOM_FLEX],
      rates: [rate('rakuten', 'macys', 10), rate('topcashback', 'macys', 7)],
      offers: [AMEX_MACYS_25],
    }),
  );

  it('a wide terminal gets the table with every component column, in borders', () => {
    const text = renderStack(result, { color: false, tty: true, width: 200 });
    expect(text).toMatch(/┌/);
    expect(text).toMatch(/│ # │ card +│ portal +│ portal reward │/);
  });

  it('an 80-column terminal leaves out component columns, in borders, each explanation after the table', () => {
    const text = renderStack(result, { color: false, tty: true, width: 80 });
    const lines = text.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[2]).toMatch(/^│ # │ card +│ portal +│ +card earn │ +total │ return │$/);
    expect(lines[4]).toMatch(/^│ +1 │ amex-gold +│ rakuten 10% +│ +175 MR \$3\.50 │ +\$48\.50 │ +24\.3% │$/);
    expect(text).toContain('(left out at 80 columns: portal reward, offer;');
    expect(lines).toContain('#1 Rakuten 10% $20.00 + Amex Offer $25.00 + 175 MR ($3.50) = $48.50, 24.3%');
    expect(lines.filter((l) => /^#\d /.test(l))).toHaveLength(result.options.length);
  });

  it('the guided flow logs the best option with the order add command it would print', () => {
    expect(orderCommandFor(result, {})).toBe('perk order add macys 200.00 --date 2026-11-21 --card amex-gold --portal rakuten --offer amex-macys-25');
    expect(orderCommandFor(result, { via: 'amex_travel' })).toMatch(/ --via amex_travel$/);
  });

  it('a pipe gets the full table whatever its width', () => {
    const text = renderStack(result, { color: false, tty: false, width: 80 });
    expect(text.split('\n')[1]).toMatch(/portal reward/);
  });
});

describe('the "perk:" error prefix is colored only when stdout could be', () => {
  it.each([
    { argv: ['node', 'perk', 'x'], env: {}, tty: true, color: true },
    { argv: ['node', 'perk', 'x'], env: {}, tty: false, color: false },
    { argv: ['node', 'perk', '--no-color', 'x'], env: {}, tty: true, color: false },
    { argv: ['node', 'perk', 'x'], env: { NO_COLOR: '1' }, tty: true, color: false },
    { argv: ['node', 'perk', 'x'], env: { NO_COLOR: '' }, tty: true, color: true },
    { argv: ['node', 'perk', 'x'], env: { FORCE_COLOR: '1' }, tty: false, color: true },
    { argv: ['node', 'perk', '--no-color', 'x'], env: { FORCE_COLOR: '1' }, tty: false, color: false },
    { argv: ['node', 'perk', 'x', '--', '--no-color'], env: {}, tty: true, color: true },
  ])('$argv $env tty=$tty → $color', ({ argv, env, tty, color }) => {
    expect(stderrColor(argv, env, tty)).toBe(color);
  });
});

describe('help examples', () => {
  function allHelp(): Array<{ path: string; text: string }> {
    const out: Array<{ path: string; text: string }> = [];
    const visit = (cmd: Command, prefix: string) => {
      let text = '';
      cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
      cmd.outputHelp();
      out.push({ path: prefix, text });
      for (const sub of cmd.commands) visit(sub, `${prefix} ${sub.name()}`.trim());
    };
    visit(buildProgram(), 'perk');
    return out;
  }

  it('every command has examples', () => {
    const missing = allHelp()
      .filter(({ path }) => !path.endsWith(' help'))
      .filter(({ text }) => !text.includes('Examples:'))
      .map(({ path }) => path);
    expect(missing).toEqual([]);
  });

  it('no example has an unquoted $<digit>: the shell would run `perk compare $120` as `perk compare 20`', () => {
    const bad: string[] = [];
    for (const { path, text } of allHelp()) {
      const examples = text.split('Examples:')[1] ?? '';
      for (const line of examples.split('\n')) {
        // Strip single-quoted words, which the shell leaves alone.
        if (/\$\d/.test(line.replace(/'[^']*'/g, ''))) bad.push(`${path}: ${line.trim()}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('wrapText', () => {
  it('wraps at the last space that fits', () => {
    expect(wrapText('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
  });
  it('never splits a "quoted command"', () => {
    expect(wrapText('then run "perk config set x y".', 22)).toBe('then run\n"perk config set x y".');
  });
  it('breaks a quoted command only when it is wider than the line itself', () => {
    for (const line of wrapText('then run "perk config set x y".', 16).split('\n')) expect(line.length).toBeLessThanOrEqual(16);
  });
  it('keeps short text and existing line breaks as they are', () => {
    expect(wrapText('one\ntwo three', 80)).toBe('one\ntwo three');
  });
});

describe('perk wallet says what changed', () => {
  it('after the table, one line naming the cards added or removed', async () => {
    const { makeContext } = await import('../../src/context.js');
    const { runWallet } = await import('../../src/commands/wallet.js');
    const os = await import('node:os');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perk-wallet-'));
    let out = '';
    const stdout = { write: (s: string) => ((out += s), true), isTTY: false };
    const ctx = makeContext({ db: path.join(dir, 'w.db'), today: '2026-11-21', stdout, stderr: stdout, env: {} });
    const { ensureDatabase } = await import('../../src/context.js');
    await ensureDatabase(ctx);
    await runWallet({ action: 'add', cards: ['amex-green'] }, ctx);
    expect(out.trimEnd().split('\n').pop()).toBe('Added amex-green to your wallet.');
    out = '';
    await runWallet({ action: 'remove', cards: ['amex-green', 'amex-gold'] }, ctx);
    expect(out.trimEnd().split('\n').pop()).toBe('Removed amex-green, amex-gold from your wallet.');
    ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
