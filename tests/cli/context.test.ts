/** The shell's view of the outside world: database path, today, color, prompts, tables. */
import path from 'node:path';
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeContext, resolveColor, resolveDbPath, resolveToday } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { renderTable } from '../../src/ui/table.js';

const sink = (isTTY: boolean) => ({ write: () => true, isTTY });

describe('resolveDbPath: --db > PERK_DB > the data directory (env-paths)', () => {
  const home = os.homedir();
  afterEach(() => {
    vi.unstubAllEnvs();
    Object.defineProperty(process, 'platform', { value: platform });
  });
  const platform = process.platform;
  const onPlatform = (name: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value: name });

  it.each([
    ['/tmp/flag.db', { PERK_DB: '/tmp/env.db' }, '/tmp/flag.db'],
    [undefined, { PERK_DB: '/tmp/env.db' }, '/tmp/env.db'],
  ])('--db %s with %j → %s', (flag, env, expected) => {
    vi.stubEnv('XDG_DATA_HOME', '/xdg');
    expect(resolveDbPath(flag, env)).toBe(expected);
  });

  it('on Linux: $XDG_DATA_HOME/perk/perk.db, else ~/.local/share/perk/perk.db (unset or empty)', () => {
    onPlatform('linux');
    vi.stubEnv('XDG_DATA_HOME', '/xdg');
    expect(resolveDbPath(undefined, {})).toBe(path.join('/xdg', 'perk', 'perk.db'));
    vi.stubEnv('XDG_DATA_HOME', '');
    expect(resolveDbPath(undefined, {})).toBe(path.join(home, '.local', 'share', 'perk', 'perk.db'));
    vi.stubEnv('XDG_DATA_HOME', undefined);
    expect(resolveDbPath(undefined, {})).toBe(path.join(home, '.local', 'share', 'perk', 'perk.db'));
  });

  it('on macOS: ~/Library/Application Support/perk/perk.db; on Windows: %LOCALAPPDATA%/perk/Data/perk.db', () => {
    onPlatform('darwin');
    expect(resolveDbPath(undefined, {})).toBe(path.join(home, 'Library', 'Application Support', 'perk', 'perk.db'));
    onPlatform('win32');
    vi.stubEnv('LOCALAPPDATA', 'C:\\Users\\ann\\AppData\\Local');
    expect(resolveDbPath(undefined, {})).toBe(path.join('C:\\Users\\ann\\AppData\\Local', 'perk', 'Data', 'perk.db'));
  });
});

describe('resolveToday: --today > PERK_TODAY > the clock', () => {
  const clock = () => new Date(2026, 10, 21, 12, 0);

  it('prefers the flag, then the environment, then the local date of the clock', () => {
    expect(resolveToday('2026-01-02', { PERK_TODAY: '2026-03-04' }, clock)).toBe('2026-01-02');
    expect(resolveToday(undefined, { PERK_TODAY: '2026-03-04' }, clock)).toBe('2026-03-04');
    expect(resolveToday(undefined, {}, clock)).toBe('2026-11-21');
    expect(resolveToday(undefined, { PERK_TODAY: '' }, clock)).toBe('2026-11-21');
  });

  it.each([
    ['2026-02-30', undefined, '--today must be a real date written YYYY-MM-DD (got "2026-02-30").'],
    ['', undefined, '--today must be a real date written YYYY-MM-DD (got "").'],
    ['tomorrow', undefined, '--today must be a real date written YYYY-MM-DD (got "tomorrow").'],
    [undefined, '2026-13-01', 'PERK_TODAY must be a real date written YYYY-MM-DD (got "2026-13-01").'],
  ])('--today %j / PERK_TODAY %j is a usage error naming the source', (flag, env, message) => {
    let error: unknown;
    try {
      resolveToday(flag, env === undefined ? {} : { PERK_TODAY: env }, clock);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
    expect((error as UsageError).exitCode).toBe(2);
  });
});

describe('resolveColor', () => {
  it.each([
    [undefined, {}, true, true],
    [undefined, {}, false, false],
    [false, {}, true, false], // --no-color
    [undefined, { NO_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '' }, true, true], // NO_COLOR only counts when non-empty
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, false],
    [undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [false, { FORCE_COLOR: '1' }, false, false],
  ])('flag %s, env %j, tty %s → %s', (flag, env, tty, expected) => {
    expect(resolveColor(flag, env, tty)).toBe(expected);
  });
});

describe('makeContext: prompts only on a real terminal', () => {
  it.each([
    [{ stdoutTTY: true, stdinTTY: true, json: false, env: {} }, true],
    [{ stdoutTTY: true, stdinTTY: true, json: true, env: {} }, false], // --json
    [{ stdoutTTY: true, stdinTTY: true, json: false, env: { CI: 'true' } }, false], // CI
    [{ stdoutTTY: true, stdinTTY: true, json: false, env: { CI: 'false' } }, true],
    [{ stdoutTTY: false, stdinTTY: true, json: false, env: {} }, false], // piped output
    [{ stdoutTTY: true, stdinTTY: false, json: false, env: {} }, false], // piped input
  ])('%j → interactive %s', (o, interactive) => {
    const ctx = makeContext({ db: ':memory:', today: '2026-11-21', json: o.json, env: o.env, stdout: sink(o.stdoutTTY), stderr: sink(false), stdinTTY: o.stdinTTY });
    expect(ctx.interactive).toBe(interactive);
    expect(ctx.tty).toBe(o.stdoutTTY);
  });

  it('writes whole lines to stdout and stderr separately', () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = makeContext({ db: ':memory:', today: '2026-11-21', env: {}, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
    ctx.out('data');
    ctx.out('more\n');
    ctx.err('a message');
    // Each call ends its line (the newline may be a write of its own, so a 600 kB JSON document is not copied).
    expect(out.join('')).toBe('data\nmore\n');
    expect(err).toEqual(['a message\n']);
  });
});

describe('renderTable', () => {
  const head = ['card', 'fee'];
  const rows = [
    ['amex-gold', '$325.00'],
    ['c1-savor', '$0.00'],
  ];

  it('without a terminal: aligned plain columns, no borders, no trailing spaces', () => {
    expect(renderTable(head, rows, { tty: false, align: ['left', 'right'] })).toBe(
      ['card           fee', 'amex-gold  $325.00', 'c1-savor     $0.00'].join('\n'),
    );
  });

  it('aligns by visible width, ignoring color codes', () => {
    const colored = [['\u001b[32mamex-gold\u001b[39m', '$1.00'], ['x', '$10.00']];
    const lines = renderTable(head, colored, { tty: false }).split('\n');
    expect(lines[2]).toBe('x          $10.00');
    expect(lines[1]?.split('\u001b[32m').join('').split('\u001b[39m').join('')).toBe('amex-gold  $1.00');
  });

  it('on a terminal: a bordered table with every cell', () => {
    const text = renderTable(head, rows, { tty: true });
    expect(text).toMatch(/┌.*┐/);
    for (const cell of [...head, ...rows.flat()]) expect(text).toContain(cell);
  });
});
